import 'server-only';
import type { Readable } from 'node:stream';
import type { TFleetEvent } from '@/lib/types/fleet';
import { invalidateHost } from './cache';
import { getDocker, type HostConnection } from './client';
import { describeDockerError } from './errors';

export type HostStreamStatus = { hostId: string; hostName: string; connected: boolean; error?: string };
type Listener = { onEvent: (e: TFleetEvent) => void; onStatus: (s: HostStreamStatus) => void };

type HostStream = {
  conn: HostConnection;
  listeners: Set<Listener>;
  stream: Readable | null;
  retry: NodeJS.Timeout | null;
  stopTimer: NodeJS.Timeout | null;
  connected: boolean;
  lastError?: string;
};

const globalForEvents = globalThis as unknown as { wharfEventStreams?: Map<string, HostStream> };
globalForEvents.wharfEventStreams ??= new Map();
const streams = globalForEvents.wharfEventStreams;

const KEEP_OPEN_MS = 30_000;

function emitStatus(s: HostStream): void {
  const status = { hostId: s.conn.id, hostName: s.conn.name, connected: s.connected, error: s.lastError };
  for (const l of s.listeners) l.onStatus(status);
}

function toFleetEvent(conn: HostConnection, raw: Record<string, unknown>): TFleetEvent {
  const actor = (raw.Actor ?? {}) as { ID?: string; Attributes?: Record<string, string> };
  const attributes = actor.Attributes ?? {};
  return {
    hostId: conn.id,
    hostName: conn.name,
    type: String(raw.Type ?? ''),
    action: String(raw.Action ?? raw.status ?? ''),
    id: String(actor.ID ?? raw.id ?? ''),
    name: attributes.name ?? null,
    time: Number(raw.timeNano ? Number(raw.timeNano) / 1e6 : Number(raw.time ?? 0) * 1000),
    attributes: Object.fromEntries(
      Object.entries(attributes).filter(([k]) =>
        ['name', 'image', 'exitCode', 'wharf.service', 'signal'].includes(k),
      ),
    ),
  };
}

function connect(s: HostStream): void {
  if (s.stream || s.listeners.size === 0) return;
  const docker = getDocker(s.conn);
  docker.getEvents({ filters: { type: ['container', 'image', 'volume', 'network'] } }, (error, stream) => {
    if (error || !stream) {
      fail(s, error);
      return;
    }
    if (s.listeners.size === 0) {
      (stream as Readable).destroy();
      return;
    }
    s.stream = stream as Readable;
    s.connected = true;
    s.lastError = undefined;
    // Events missed while disconnected are caught by re-reading.
    invalidateHost(s.conn.id);
    emitStatus(s);
    let buffer = '';
    s.stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl = buffer.indexOf('\n');
      while (nl !== -1) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (!line) continue;
        try {
          const event = toFleetEvent(s.conn, JSON.parse(line) as Record<string, unknown>);
          invalidateHost(s.conn.id, event.type === 'container' ? 'containers' : undefined);
          for (const l of s.listeners) l.onEvent(event);
        } catch {
          // A line that is not JSON is skipped; the periodic resync covers anything lost.
        }
      }
    });
    s.stream.on('error', (e) => fail(s, e));
    s.stream.on('close', () => fail(s, new Error('the event stream closed')));
  });
}

function fail(s: HostStream, error: unknown): void {
  if (s.stream) {
    s.stream.removeAllListeners();
    s.stream.destroy();
    s.stream = null;
  }
  const wasConnected = s.connected;
  s.connected = false;
  s.lastError = describeDockerError(error, s.conn.name).message;
  invalidateHost(s.conn.id);
  if (wasConnected || s.listeners.size > 0) emitStatus(s);
  if (s.listeners.size > 0 && !s.retry) {
    s.retry = setTimeout(() => {
      s.retry = null;
      connect(s);
    }, 2000);
  }
}

/**
 * Subscribes to a host's Docker events. One upstream stream per host is shared by all subscribers,
 * reconnects while anyone listens, and is closed a little after the last one leaves.
 */
export function subscribeHostEvents(conn: HostConnection, listener: Listener): () => void {
  let s = streams.get(conn.id);
  if (s && s.conn.version !== conn.version) {
    closeStream(s);
    s = undefined;
  }
  if (!s) {
    s = { conn, listeners: new Set(), stream: null, retry: null, stopTimer: null, connected: false };
    streams.set(conn.id, s);
  }
  const stream = s;
  if (stream.stopTimer) clearTimeout(stream.stopTimer);
  stream.stopTimer = null;
  stream.listeners.add(listener);
  if (stream.stream) listener.onStatus({ hostId: conn.id, hostName: conn.name, connected: stream.connected });
  else connect(stream);
  return () => {
    stream.listeners.delete(listener);
    if (stream.listeners.size === 0) {
      stream.stopTimer = setTimeout(() => closeStream(stream), KEEP_OPEN_MS);
    }
  };
}

function closeStream(s: HostStream): void {
  if (s.retry) clearTimeout(s.retry);
  if (s.stopTimer) clearTimeout(s.stopTimer);
  s.retry = null;
  s.stopTimer = null;
  if (s.stream) {
    s.stream.removeAllListeners();
    s.stream.destroy();
    s.stream = null;
  }
  s.connected = false;
  if (streams.get(s.conn.id) === s) streams.delete(s.conn.id);
}

/** Whether the host's event stream is connected now, so its cached reads are cleared on every change. */
export function isHostWatched(hostId: string): boolean {
  return streams.get(hostId)?.connected === true;
}

/**
 * How long a read that the host's events clear (images, volumes, networks) may be cached: 15 s while
 * the event stream is connected, else 2 s, since nothing would clear it.
 */
export function eventClearedTtl(hostId: string): number {
  return isHostWatched(hostId) ? 15_000 : 2000;
}
