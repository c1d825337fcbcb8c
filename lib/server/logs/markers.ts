import 'server-only';
import type { Readable } from 'node:stream';
import { type ContainerEvent, markerFromEvent, releaseMarkers } from '@/lib/logs/markers';
import type { TFleetEvent } from '@/lib/types/fleet';
import type { TLogMarker } from '@/lib/types/logs';
import { getDb } from '../db';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';
import { subscribeHostEvents } from '../docker/events';

/** How often a live stream looks for new releases: instances share only the database. */
export const RELEASE_POLL_MS = 2000;

/** How far back the engine is asked for past events when the range has no start. */
const PAST_EVENTS_SECONDS = 24 * 3600;

export type MarkerRange = { since?: number; until?: number };

const toIso = (seconds: number) => new Date(seconds * 1000).toISOString();

function fromRaw(raw: Record<string, unknown>): ContainerEvent {
  const actor = (raw.Actor ?? {}) as { ID?: string; Attributes?: Record<string, string> };
  const attributes = actor.Attributes ?? {};
  return {
    action: String(raw.Action ?? raw.status ?? ''),
    time: raw.timeNano ? Number(raw.timeNano) / 1e6 : Number(raw.time ?? 0) * 1000,
    id: String(actor.ID ?? raw.id ?? ''),
    name: attributes.name ?? null,
    exitCode: attributes.exitCode,
  };
}

/**
 * The markers of the Docker events the engine still remembers in the range (it keeps its last few
 * hundred events), for containers matching `filters` (`{ container: [id] }`, `{ label: [...] }`).
 */
export async function pastEventMarkers(
  conn: HostConnection,
  filters: Record<string, string[]>,
  range: MarkerRange,
  now = Date.now() / 1000,
): Promise<TLogMarker[]> {
  const until = Math.min(range.until ?? now, now);
  const since = range.since ?? until - PAST_EVENTS_SECONDS;
  if (since >= until) return [];
  const text = await withDeadline(conn, 'read events', async (abortSignal) => {
    const stream = (await getDocker(conn).getEvents({
      // Fractions are fine; an `until` later than now would keep the answer open until then.
      since: Number(since.toFixed(3)),
      until: Number(until.toFixed(3)),
      filters: { ...filters, type: ['container'] },
      abortSignal,
    } as never)) as unknown as Readable;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  const out: TLogMarker[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const marker = markerFromEvent(conn.name, fromRaw(JSON.parse(line) as Record<string, unknown>));
      if (marker) out.push(marker);
    } catch {
      // not an event
    }
  }
  return out;
}

/** A fleet event of a container as the marker rules read it. */
export function containerEventOf(e: TFleetEvent): ContainerEvent {
  return { action: e.action, time: e.time, id: e.id, name: e.name, exitCode: e.attributes.exitCode };
}

/**
 * Follows a host's Docker events, handing the container events that `accept` picks to `onEvent` with
 * their marker (null for events that are not markers). Returns the unsubscribe.
 */
export function watchContainerEvents(
  conn: HostConnection,
  accept: (e: TFleetEvent) => boolean,
  onEvent: (e: TFleetEvent, marker: TLogMarker | null) => void,
): () => void {
  return subscribeHostEvents(conn, {
    onEvent: (e) => {
      if (e.type !== 'container' || !accept(e)) return;
      onEvent(e, markerFromEvent(conn.name, containerEventOf(e)));
    },
    onStatus: () => undefined,
  });
}

/** The markers of a service's releases that started or finished in the range. */
export async function readReleaseMarkers(serviceId: string, range: MarkerRange): Promise<TLogMarker[]> {
  const from = range.since !== undefined ? toIso(range.since) : '0000';
  const to = range.until !== undefined ? toIso(range.until) : '9999';
  const db = await getDb();
  const rows = await db
    .selectFrom('releases')
    .select(['id', 'number', 'kind', 'status', 'tag', 'digest', 'started_at', 'finished_at', 'message'])
    .where('service_id', '=', serviceId)
    .where((eb) => eb.or([eb('started_at', '>=', from), eb('finished_at', '>=', from)]))
    .orderBy('number')
    .execute();
  return rows
    .flatMap((r) =>
      releaseMarkers(
        {
          id: r.id,
          number: Number(r.number),
          kind: r.kind,
          status: r.status,
          tag: r.tag,
          digest: r.digest,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          message: r.message,
        },
        from,
        to,
      ),
    )
    .sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}

/**
 * The markers of a service's releases: those in the range at once, then, while `live`, new ones found
 * by reading the database every 2 s (instances share only the database). Each is handed out once.
 * Returns the stop.
 */
export function followReleaseMarkers(
  serviceId: string,
  range: MarkerRange,
  live: boolean,
  onMarker: (marker: TLogMarker) => void,
  onError: (message: string) => void,
): () => void {
  const sent = new Set<string>();
  let stopped = false;
  let busy = false;
  let failed = false;
  const read = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      for (const m of await readReleaseMarkers(serviceId, range)) {
        const key = `${m.releaseId}:${m.ts}`;
        if (sent.has(key) || stopped) continue;
        sent.add(key);
        onMarker(m);
      }
      failed = false;
    } catch (error) {
      // Said once until the database answers again.
      if (!failed && !stopped) onError(`the releases could not be read: ${(error as Error).message}`);
      failed = true;
    } finally {
      busy = false;
    }
  };
  void read();
  const timer = live ? setInterval(() => void read(), RELEASE_POLL_MS) : null;
  return () => {
    stopped = true;
    if (timer) clearInterval(timer);
  };
}

/**
 * The markers of one container's Docker events: those the engine remembers in the range, then, while
 * `live`, new ones as they happen. Each is handed out once. `past` settles once the remembered ones
 * are out, so that a stream that ends does not end before them.
 */
export function followContainerMarkers(
  conn: HostConnection,
  containerId: string,
  range: MarkerRange,
  live: boolean,
  onMarker: (marker: TLogMarker) => void,
  onError: (message: string) => void,
): { stop: () => void; past: Promise<void> } {
  const sent = new Set<string>();
  let stopped = false;
  const send = (m: TLogMarker) => {
    const key = `${m.kind}:${m.ts}`;
    if (stopped || sent.has(key)) return;
    sent.add(key);
    onMarker(m);
  };
  const past = pastEventMarkers(conn, { container: [containerId] }, range)
    .then((markers) => {
      for (const m of markers) send(m);
    })
    .catch((error: Error) => {
      if (!stopped) onError(`${conn.name}: the container's past events could not be read: ${error.message}`);
    });
  const unsubscribe = live
    ? watchContainerEvents(
        conn,
        (e) => e.id === containerId,
        (_, m) => m && send(m),
      )
    : () => undefined;
  return {
    stop: () => {
      stopped = true;
      unsubscribe();
    },
    past,
  };
}
