/** Markers of a log stream: what Docker events and releases look like between the lines. Pure. */
import type { TLogMarker } from '@/lib/types/logs';

/** A container's Docker event, as the engine's event stream names it. */
export type ContainerEvent = {
  action: string;
  /** Milliseconds since the epoch. */
  time: number;
  id: string;
  name: string | null;
  exitCode?: string;
};

/** The marker of a container event that on-call cares about, or null for the others (exec, attach, ...). */
export function markerFromEvent(host: string, e: ContainerEvent): TLogMarker | null {
  const base = {
    ts: new Date(e.time).toISOString(),
    host,
    container: e.name ?? e.id.slice(0, 12),
  };
  const who = base.container;
  if (e.action === 'start') return { ...base, kind: 'start', message: `${who} started` };
  if (e.action === 'restart') return { ...base, kind: 'restart', message: `${who} restarted` };
  if (e.action === 'oom') return { ...base, kind: 'oom', message: `${who} ran out of memory (OOM killed)` };
  if (e.action === 'die') {
    const code = Number(e.exitCode);
    const exitCode = e.exitCode !== undefined && Number.isInteger(code) ? code : undefined;
    return {
      ...base,
      kind: 'die',
      message: exitCode === undefined ? `${who} exited` : `${who} exited with code ${exitCode}`,
      ...(exitCode === undefined ? {} : { exitCode }),
    };
  }
  const health = /^health_status:\s*(\S+)/.exec(e.action);
  if (health) return { ...base, kind: 'health', message: `${who} is ${health[1]}` };
  return null;
}

/** The fields of a release a marker reads. */
export type ReleaseFacts = {
  id: string;
  number: number;
  kind: string;
  status: string;
  tag: string | null;
  digest: string;
  startedAt: string | null;
  finishedAt: string | null;
  message: string;
};

/** A release's markers within [from, to] (ISO times): when it started and how it finished. */
export function releaseMarkers(r: ReleaseFacts, from: string, to: string): TLogMarker[] {
  const kind = r.kind === 'rollback' ? 'rollback' : 'release';
  const what = `${kind === 'rollback' ? 'rollback' : 'release'} #${r.number} ${r.tag ?? r.digest.slice(0, 19)}`;
  const within = (t: string | null): t is string => t !== null && t >= from && t <= to;
  const out: TLogMarker[] = [];
  if (within(r.startedAt)) out.push({ ts: r.startedAt, kind, message: `${what} started`, releaseId: r.id });
  if (within(r.finishedAt))
    out.push({
      ts: r.finishedAt,
      kind,
      message: `${what} ${r.status.replace('_', ' ')}${r.message ? `: ${r.message}` : ''}`,
      releaseId: r.id,
    });
  return out;
}
