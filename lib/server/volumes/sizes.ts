import 'server-only';
import type { TVolumeSizes } from '@/lib/types/volumes';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';
import { getEnv } from '../env';

type SizeRun = TVolumeSizes & { sizes: Map<string, number> };

const globalForSizes = globalThis as unknown as { wharfVolumeSizes?: Map<string, SizeRun> };
globalForSizes.wharfVolumeSizes ??= new Map();
const runs = globalForSizes.wharfVolumeSizes;

const NONE: SizeRun = {
  status: 'none',
  startedAt: null,
  finishedAt: null,
  error: null,
  measuredAt: null,
  sizes: new Map(),
};

function publicState(run: SizeRun): TVolumeSizes {
  const { sizes: _sizes, ...state } = run;
  return state;
}

/** The state of the host's last disk-usage run. */
export function volumeSizesState(hostId: string): TVolumeSizes {
  return publicState(runs.get(hostId) ?? NONE);
}

/** The sizes the last finished run measured, with its time; empty until one has finished. */
export function knownSizes(hostId: string): { sizes: Map<string, number>; at: string | null } {
  const run = runs.get(hostId);
  return { sizes: run?.sizes ?? new Map(), at: run?.measuredAt ?? null };
}

type DiskUsage = { Volumes?: { Name: string; UsageData?: { Size: number } | null }[] | null };

/** `GET /system/df?type=volume`: engines before API 1.42 ignore the type and measure everything. */
function diskUsage(conn: HostConnection, abortSignal: AbortSignal): Promise<DiskUsage> {
  const modem = getDocker(conn).modem as {
    dial: (options: object, callback: (error: unknown, data: unknown) => void) => void;
  };
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path: '/system/df?',
        method: 'GET',
        options: { type: 'volume' },
        abortSignal,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (error, data) => (error ? reject(error) : resolve(data as DiskUsage)),
    );
  });
}

/**
 * Starts the engine's disk-usage call for the host's volumes in the background, unless one is running.
 * It can take minutes on a big host, so it has its own deadline; the answer is kept with its time and
 * the sizes of the previous run stay shown until a new run succeeds.
 */
export function startVolumeSizes(conn: HostConnection): TVolumeSizes {
  const current = runs.get(conn.id);
  if (current?.status === 'running') return publicState(current);
  const run: SizeRun = {
    status: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    error: null,
    measuredAt: current?.measuredAt ?? null,
    sizes: current?.sizes ?? new Map(),
  };
  runs.set(conn.id, run);
  const timeoutMs = getEnv().WHARF_VOLUME_SIZE_TIMEOUT_SECONDS * 1000;
  void withDeadline({ name: conn.name, timeoutMs }, 'measure volume sizes', (abortSignal) =>
    diskUsage(conn, abortSignal),
  ).then(
    (usage) => {
      const sizes = new Map<string, number>();
      for (const v of usage.Volumes ?? []) {
        const bytes = v.UsageData?.Size;
        if (typeof bytes === 'number' && bytes >= 0) sizes.set(v.Name, bytes);
      }
      const finishedAt = new Date().toISOString();
      runs.set(conn.id, { ...run, status: 'done', finishedAt, sizes, measuredAt: finishedAt });
    },
    (error: unknown) => {
      runs.set(conn.id, {
        ...run,
        status: 'failed',
        finishedAt: new Date().toISOString(),
        error: error instanceof Error ? error.message : String(error),
      });
    },
  );
  return publicState(run);
}
