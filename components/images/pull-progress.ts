import type { TPullEvent } from '@/lib/types/images';

export type TLayerProgress = { status: string; current: number | null; total: number | null };

export type THostPull = {
  host: string;
  state: 'waiting' | 'pulling' | 'done' | 'error';
  /** The last line the engine said that was not about one layer. */
  status: string;
  layers: Record<string, TLayerProgress>;
  imageId: string | null;
  digest: string | null;
  error: string | null;
};

export type TPullState = Record<string, THostPull>;

export function startPull(hosts: string[]): TPullState {
  return Object.fromEntries(
    hosts.map((host) => [
      host,
      { host, state: 'waiting', status: 'waiting', layers: {}, imageId: null, digest: null, error: null },
    ]),
  );
}

/** Applies one NDJSON line. Events of a host not asked for still show, under that host. */
export function applyPullEvent(state: TPullState, event: TPullEvent): TPullState {
  const before: THostPull = state[event.host] ?? {
    host: event.host,
    state: 'waiting',
    status: '',
    layers: {},
    imageId: null,
    digest: null,
    error: null,
  };
  let next: THostPull;
  if (event.type === 'progress') {
    next = { ...before, state: 'pulling' };
    if (event.id) {
      next.layers = {
        ...before.layers,
        [event.id]: { status: event.status, current: event.current, total: event.total },
      };
    } else {
      next.status = event.status;
    }
  } else if (event.type === 'done') {
    next = { ...before, state: 'done', imageId: event.imageId, digest: event.digest, status: 'pulled' };
  } else {
    next = { ...before, state: 'error', error: event.message };
  }
  return { ...state, [event.host]: next };
}

/** Past the download: extraction restarts its own byte count, which would make the bar jump back. */
const DOWNLOADED = /complete|already exists|extracting|verifying/i;

/** Bytes downloaded of bytes known, over the layers that report sizes; null before any size is known. */
export function pullFraction(pull: THostPull): number | null {
  if (pull.state === 'done') return 1;
  let current = 0;
  let total = 0;
  for (const layer of Object.values(pull.layers)) {
    if (!layer.total) continue;
    total += layer.total;
    const finished = DOWNLOADED.test(layer.status);
    current += finished ? layer.total : Math.min(layer.current ?? 0, layer.total);
  }
  return total > 0 ? current / total : null;
}

export function layerSummary(pull: THostPull): string {
  const layers = Object.values(pull.layers);
  if (layers.length === 0) return pull.status;
  const done = layers.filter((l) => /pull complete|already exists/i.test(l.status)).length;
  return `${done} of ${layers.length} layers${pull.status ? ` · ${pull.status}` : ''}`;
}

/** A host that never answered by the end of the stream did not finish. */
export function finishPull(state: TPullState): TPullState {
  const out: TPullState = {};
  for (const [host, pull] of Object.entries(state)) {
    out[host] =
      pull.state === 'waiting' || pull.state === 'pulling'
        ? { ...pull, state: 'error', error: pull.error ?? 'the pull ended without a result for this host' }
        : pull;
  }
  return out;
}
