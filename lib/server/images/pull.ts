import 'server-only';
import { AppError } from '@/lib/errors';
import { familiarRepository, parseReference } from '@/lib/images/reference';
import { invalidateHost } from '@/lib/server/docker/cache';
import { getDocker, type HostConnection } from '@/lib/server/docker/client';
import { describeDockerError } from '@/lib/server/docker/errors';
import { allConnections, connectionFor } from '@/lib/server/hosts/store';
import { authForReference } from '@/lib/server/registry/store';
import type { TPullEvent } from '@/lib/types/images';
import { inspectFresh } from './inspect';

/** A pull may take long on a slow link, but not forever. */
export const PULL_DEADLINE_MS = 10 * 60_000;
/** A registry that sends nothing for this long is taken to be stuck. */
export const PULL_STALL_MS = 60_000;

export type RegistryAuth = { username: string; password: string; serveraddress: string };

export type PullOutcome =
  | { host: string; ok: true; imageId: string | null; digest: string | null }
  | { host: string; ok: false; message: string };

export type PullOptions = {
  auth: RegistryAuth | null;
  /** Aborts the pull: the engine's stream is destroyed. */
  signal: AbortSignal;
  emit: (event: TPullEvent) => void;
  deadlineMs?: number;
  stallMs?: number;
};

/** One line of the engine's pull progress. */
type EngineLine = {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
};

const duration = (ms: number) =>
  ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;

/**
 * A pull the engine refuses before streaming (no credentials, unknown repository) answers an HTTP
 * error whose reason is only in the message docker-modem builds: `(HTTP code 500) server error - why`.
 */
function pullFailure(error: unknown, host: string): string {
  const e = error as { statusCode?: number; message?: string } | null;
  const cause = /^\(HTTP code \d+\)[^-]*- ([\s\S]+)$/.exec(e?.message ?? '')?.[1]?.trim();
  if (typeof e?.statusCode === 'number' && cause) return `${host}: ${cause}`;
  return describeDockerError(error, host).message;
}

/** What to ask the engine for: a tag, or a digest when the reference pins one. */
function pullTarget(ref: string): { fromImage: string; tag: string; name: string } {
  const parsed = parseReference(ref);
  const fromImage = familiarRepository(parsed);
  if (parsed.digest) return { fromImage, tag: parsed.digest, name: `${fromImage}@${parsed.digest}` };
  const tag = parsed.tag ?? 'latest';
  return { fromImage, tag, name: `${fromImage}:${tag}` };
}

/**
 * Pulls one reference to one host, handing each progress line to `emit` and ending with one `done` or
 * `error` event. The engine's stream is destroyed when the caller aborts, after `deadlineMs`, or when
 * nothing arrives for `stallMs`.
 */
export function pullToHost(conn: HostConnection, ref: string, options: PullOptions): Promise<PullOutcome> {
  const deadlineMs = options.deadlineMs ?? PULL_DEADLINE_MS;
  const stallMs = options.stallMs ?? PULL_STALL_MS;
  const host = conn.name;
  const target = pullTarget(ref);
  const controller = new AbortController();

  return new Promise<PullOutcome>((resolve) => {
    let stream: NodeJS.ReadableStream | null = null;
    let settled = false;
    let stall: NodeJS.Timeout | undefined;
    let digest: string | null = null;
    let buffer = '';

    const cleanup = () => {
      clearTimeout(stall);
      clearTimeout(deadline);
      options.signal.removeEventListener('abort', onAbort);
    };
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      cleanup();
      controller.abort();
      (stream as { destroy?: () => void } | null)?.destroy?.();
      options.emit({ type: 'error', host, message });
      resolve({ host, ok: false, message });
    };
    const succeed = async () => {
      if (settled) return;
      settled = true;
      cleanup();
      invalidateHost(conn.id, 'images');
      const image = await inspectFresh(conn, target.name).catch(() => null);
      const repository = target.fromImage;
      const fromList = image?.repoDigests.find((d) => d.startsWith(`${repository}@`));
      const found = digest ?? (fromList ? fromList.slice(repository.length + 1) : null);
      options.emit({ type: 'done', host, imageId: image?.id ?? null, digest: found });
      resolve({ host, ok: true, imageId: image?.id ?? null, digest: found });
    };
    const arm = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => fail(`the registry sent no progress for ${duration(stallMs)}; the pull was stopped`),
        stallMs,
      );
    };
    const onAbort = () => fail('the pull was cancelled');
    const deadline = setTimeout(
      () => fail(`the pull did not finish within ${duration(deadlineMs)}; it was stopped`),
      deadlineMs,
    );
    if (options.signal.aborted) return onAbort();
    options.signal.addEventListener('abort', onAbort);

    const handle = (line: string) => {
      if (!line.trim()) return;
      let event: EngineLine;
      try {
        event = JSON.parse(line) as EngineLine;
      } catch {
        return;
      }
      if (event.error || event.errorDetail?.message) {
        fail(event.errorDetail?.message ?? event.error ?? 'the engine reported an error');
        return;
      }
      const status = event.status ?? '';
      const pinned = /^Digest: (\S+)/.exec(status);
      if (pinned?.[1]) digest = pinned[1];
      options.emit({
        type: 'progress',
        host,
        id: event.id ?? null,
        status,
        current: event.progressDetail?.current ?? null,
        total: event.progressDetail?.total ?? null,
      });
    };

    arm();
    getDocker(conn)
      // The parameters go in the query with an empty body, as the Docker CLI sends a pull.
      .createImage(options.auth ?? undefined, {
        _query: { fromImage: target.fromImage, tag: target.tag },
        _body: {},
        abortSignal: controller.signal,
      })
      .then((engineStream: NodeJS.ReadableStream) => {
        stream = engineStream;
        if (settled) {
          (engineStream as { destroy?: () => void }).destroy?.();
          return;
        }
        arm();
        engineStream.on('data', (chunk: Buffer | string) => {
          arm();
          buffer += chunk.toString();
          let nl = buffer.indexOf('\n');
          while (nl >= 0 && !settled) {
            handle(buffer.slice(0, nl));
            buffer = buffer.slice(nl + 1);
            nl = buffer.indexOf('\n');
          }
        });
        engineStream.on('end', () => {
          handle(buffer);
          buffer = '';
          void succeed();
        });
        engineStream.on('error', (error: unknown) => fail(describeDockerError(error, host).message));
      })
      .catch((error: unknown) => fail(pullFailure(error, host)));
  });
}

const NDJSON_HEADERS = {
  'Content-Type': 'application/x-ndjson; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/**
 * Pulls `ref` to every host in parallel and streams the progress as NDJSON, one TPullEvent per line,
 * each tagged with its host. `outcome` settles when every host has finished; a client that goes away
 * stops every pull.
 */
export function pullResponse(
  conns: HostConnection[],
  ref: string,
  auth: RegistryAuth | null,
  signal: AbortSignal,
  limits: Pick<PullOptions, 'deadlineMs' | 'stallMs'> = {},
): { response: Response; outcome: Promise<PullOutcome[]> } {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort);
  let resolveOutcome: (outcome: PullOutcome[]) => void = () => undefined;
  const outcome = new Promise<PullOutcome[]>((resolve) => {
    resolveOutcome = resolve;
  });
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = (event: TPullEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false;
        }
      };
      void Promise.all(
        conns.map((conn) => pullToHost(conn, ref, { auth, signal: stop.signal, emit, ...limits })),
      ).then((results) => {
        signal.removeEventListener('abort', onAbort);
        resolveOutcome(results);
        if (!open) return;
        open = false;
        try {
          controller.close();
        } catch {
          // the client already went away
        }
      });
    },
    cancel() {
      open = false;
      stop.abort();
    },
  });
  return { response: new Response(body, { headers: NDJSON_HEADERS }), outcome };
}

/** The hosts a fleet pull goes to: those named (by id or name), else every registered host. */
export async function pullConnections(hosts?: string[]): Promise<HostConnection[]> {
  const conns = hosts ? await Promise.all([...new Set(hosts)].map(connectionFor)) : await allConnections();
  if (conns.length === 0) throw new AppError('BAD_INPUT', 'no hosts are registered to pull to');
  return [...new Map(conns.map((conn) => [conn.id, conn])).values()];
}

type PullAudit = {
  target?: string;
  detail?: Record<string, unknown>;
  outcome?: Promise<{ ok: boolean; detail?: Record<string, unknown> }>;
};

/**
 * Starts a pull with the credentials of the configured registry that serves `ref`, and has it audited
 * once, when every host has finished, with the reference, the hosts and how each ended.
 */
export async function startPull(
  conns: HostConnection[],
  ref: string,
  signal: AbortSignal,
  audit: PullAudit,
): Promise<Response> {
  audit.target = `image:${ref}`;
  audit.detail = { ref, hosts: conns.map((conn) => conn.name) };
  const auth = await authForReference(ref);
  const { response, outcome } = pullResponse(conns, ref, auth, signal);
  audit.outcome = outcome.then((results) => ({
    ok: results.every((r) => r.ok),
    detail: {
      results: results.map((r) =>
        r.ok ? { host: r.host, imageId: r.imageId, digest: r.digest } : { host: r.host, error: r.message },
      ),
    },
  }));
  return response;
}
