import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LogBuffer } from '@/lib/logs/buffer';
import type { TStreamFilter } from '@/lib/logs/filter';
import { keyMinusMs, keySeconds } from '@/lib/logs/time';
import type { TFleetLogSettings, THostLogSettings, TLogLine, TLogMarker, TLogSource } from '@/lib/types/logs';
import { apiFetch } from './api';
import { keys } from './keys';

/** Where a log comes from: one container, or every container of a service merged by time. */
export type TLogTarget =
  | { kind: 'container'; host: string; container: string }
  | { kind: 'service'; service: string };

/**
 * What to load: from `since` (a time key) or the last `tail` lines, then live. `keepOldest` keeps the
 * first lines of the range when it holds more than the cap (a jump to a time), instead of the newest.
 */
export type TLogRange = { since: string | null; tail: number | 'all'; keepOldest: boolean };

export const DEFAULT_TAIL = 1000;
/** After a drop, at most this many lines are asked for again: the viewer holds no more. */
const RESUME_TAIL = 100_000;
/** Lines are put on screen in batches, not one render per event. */
const FLUSH_MS = 150;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10_000];
/** `end` reasons that mean the upstream broke rather than that the log ended. */
const BROKE = /stream broke|engine closed the stream/i;
/**
 * A resume starts this far before the newest line held (lines already held are skipped): a merged
 * stream's sources may lag each other, and `since` is read as a float that may round past a line.
 */
const MERGED_OVERLAP_MS = 2000;
const CONTAINER_OVERLAP_MS = 1000;

export function logApiPath(target: TLogTarget): string {
  return target.kind === 'container'
    ? `/api/v1/hosts/${encodeURIComponent(target.host)}/containers/${encodeURIComponent(target.container)}/logs`
    : `/api/v1/services/${encodeURIComponent(target.service)}/logs`;
}

/** The Server-Sent Events address of a log, from a resume point when one is given. */
export function logStreamUrl(
  target: TLogTarget,
  range: TLogRange,
  resumeSince: string | null = null,
): string {
  const qs = new URLSearchParams();
  const since = resumeSince ?? range.since;
  if (since) qs.set('since', keySeconds(since));
  qs.set('tail', String(resumeSince ? RESUME_TAIL : since ? 'all' : range.tail));
  return `${logApiPath(target)}?${qs}`;
}

/** The same log as a plain-text download of a range (the server streams all of it, not what is loaded). */
export function logDownloadUrl(target: TLogTarget, since: string | null, stream: TStreamFilter): string {
  const qs = new URLSearchParams({ tail: 'all' });
  // A millisecond early: the API reads `since` as a float, which may round past the first line.
  if (since) qs.set('since', keySeconds(keyMinusMs(since, 1)));
  if (stream !== 'all') qs.set('stream', stream);
  return `${logApiPath(target)}?${qs}`;
}

/** The viewer's address for a log, opened at a line (`at`, a timestamp) or from a time. */
export function logsHref(
  target: TLogTarget | { kind: 'kept'; release: string; kept: string },
  extra: { at?: string; since?: string } = {},
): string {
  const qs = new URLSearchParams(
    target.kind === 'container'
      ? { host: target.host, container: target.container }
      : target.kind === 'service'
        ? { service: target.service }
        : { release: target.release, kept: target.kept },
  );
  if (extra.since) qs.set('since', extra.since);
  if (extra.at) qs.set('at', extra.at);
  return `/logs?${qs}`;
}

/** The address of one line: its own container's stream (also from a merged one), at its timestamp. */
export function lineHref(target: TLogTarget, line: TLogLine): string | null {
  if (!line.ts) return null;
  if (line.host && line.container)
    return logsHref({ kind: 'container', host: line.host, container: line.container }, { at: line.ts });
  if (target.kind === 'container') return logsHref(target, { at: line.ts });
  return null;
}

export type TStreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'full' | 'failed' | 'static';

export type TStreamState = {
  status: TStreamStatus;
  /** Why it failed, ended or is reconnecting, in words. */
  message: string | null;
  /** The HTTP status of a refused stream (409 for a log driver the API cannot read). */
  httpStatus: number | null;
  sources: TLogSource[];
};

const CONNECTING: TStreamState = { status: 'connecting', message: null, httpStatus: null, sources: [] };

type TOp =
  | { op: 'lines'; lines: TLogLine[] }
  | { op: 'skipped'; count: number }
  | { op: 'marker'; marker: TLogMarker }
  | { op: 'notice'; message: string; tone: 'info' | 'warn' | 'bad' };

function parse<T>(data: unknown): T | null {
  try {
    return JSON.parse(String(data)) as T;
  } catch {
    return null;
  }
}

/** Why a stream that never opened was refused: asks again with fetch, which can read the answer. */
async function refusal(url: string): Promise<{ status: number; message: string } | null> {
  const controller = new AbortController();
  try {
    const res = await fetch(url, {
      headers: { Accept: 'text/event-stream' },
      credentials: 'same-origin',
      signal: controller.signal,
    });
    if (res.ok) return null;
    let message = `the server answered ${res.status} ${res.statusText}`.trim();
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON
    }
    return { status: res.status, message };
  } catch {
    return { status: 0, message: 'Wharf could not be reached: check your connection' };
  } finally {
    controller.abort();
  }
}

/** 4xx answers do not get better by asking again; a host that is down (502, 504) may. */
function isFinal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * A live log over Server-Sent Events into a capped buffer. Lines are applied in batches; a dropped
 * connection reconnects with `since` at the newest line held and never shows a line twice; a stream
 * the server refused says why (a 409 names a log driver the API cannot read). `version` changes
 * whenever the buffer does.
 */
export function useLogStream(target: TLogTarget | null, range: TLogRange) {
  const bufferRef = useRef<LogBuffer>(null as unknown as LogBuffer);
  bufferRef.current ??= new LogBuffer();
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<TStreamState>(CONNECTING);
  const [attempt, setAttempt] = useState(0);
  const resumeRef = useRef<() => void>(() => {});
  const targetKey = target ? JSON.stringify(target) : '';
  const rangeKey = JSON.stringify(range);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is a request to start over
  useEffect(() => {
    const buffer = bufferRef.current;
    const parsedTarget = targetKey ? (JSON.parse(targetKey) as TLogTarget) : null;
    const parsedRange = JSON.parse(rangeKey) as TLogRange;
    buffer.clear(parsedRange.keepOldest);
    setVersion(buffer.version);
    if (!parsedTarget || typeof EventSource === 'undefined') return;
    setState(CONNECTING);

    const merged = parsedTarget.kind === 'service';
    let source: EventSource | null = null;
    let stopped = false;
    let ended = false;
    let failures = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const ops: TOp[] = [];

    const flush = () => {
      flushTimer = undefined;
      for (const o of ops.splice(0)) {
        if (o.op === 'lines') buffer.append(o.lines);
        else if (o.op === 'skipped') buffer.skipped(o.count);
        else if (o.op === 'marker') buffer.marker(o.marker);
        else buffer.notice(o.message, o.tone);
      }
      setVersion(buffer.version);
      if (buffer.full && !stopped) {
        close();
        setState((s) => ({ ...s, status: 'full', message: null }));
      }
    };
    const queue = (o: TOp, now = false) => {
      ops.push(o);
      if (now) {
        clearTimeout(flushTimer);
        flush();
      } else flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const close = () => {
      source?.close();
      source = null;
    };

    const retryLater = (message: string | null) => {
      const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] as number;
      failures++;
      setState((s) => ({ ...s, status: 'reconnecting', message, httpStatus: null }));
      retryTimer = setTimeout(() => {
        flush();
        connect(buffer.beginResume(merged ? MERGED_OVERLAP_MS : CONTAINER_OVERLAP_MS));
      }, wait);
    };

    function connect(resumeSince: string | null) {
      if (stopped) return;
      ended = false;
      const url = logStreamUrl(parsedTarget as TLogTarget, parsedRange, resumeSince);
      const es = new EventSource(url);
      source = es;
      let opened = false;
      es.addEventListener('open', () => {
        opened = true;
        failures = 0;
        setState((s) => ({ ...s, status: 'live', message: null, httpStatus: null }));
      });
      es.addEventListener('lines', (e) => {
        const data = parse<{ lines: TLogLine[] }>((e as MessageEvent).data);
        if (data?.lines?.length) queue({ op: 'lines', lines: data.lines });
      });
      es.addEventListener('skipped', (e) => {
        const data = parse<{ count: number }>((e as MessageEvent).data);
        if (data?.count) queue({ op: 'skipped', count: data.count });
      });
      es.addEventListener('marker', (e) => {
        const marker = parse<TLogMarker>((e as MessageEvent).data);
        if (marker) queue({ op: 'marker', marker });
      });
      es.addEventListener('sources', (e) => {
        const data = parse<{ containers: TLogSource[] }>((e as MessageEvent).data);
        if (data) setState((s) => ({ ...s, sources: data.containers }));
      });
      es.addEventListener('end', (e) => {
        const data = parse<{ reason: string }>((e as MessageEvent).data);
        close();
        const reason = data?.reason ?? 'the stream ended';
        // The engine's stream broke (a host restarting, a network cut): that is a drop, not an end.
        if (BROKE.test(reason)) return retryLater(reason);
        ended = true;
        queue({ op: 'notice', message: `Stream ended: ${reason}`, tone: 'info' }, true);
        setState((s) => ({ ...s, status: 'ended', message: reason }));
      });
      es.addEventListener('error', (e) => {
        // The server's own `error` event carries data; the browser's connection error does not.
        if (e instanceof MessageEvent && typeof e.data === 'string' && e.data) {
          const data = parse<{ message: string }>(e.data);
          queue(
            { op: 'notice', message: data?.message ?? 'the server reported an error', tone: 'bad' },
            true,
          );
          return;
        }
        // EventSource would reconnect by itself to the same address and repeat the tail: close it and
        // resume from the newest line held instead.
        if (source !== es) return;
        close();
        if (stopped || ended) return;
        if (opened) return retryLater('the connection dropped; reconnecting');
        void refusal(url).then((refused) => {
          if (stopped) return;
          if (refused && isFinal(refused.status)) {
            setState((s) => ({
              ...s,
              status: 'failed',
              message: refused.message,
              httpStatus: refused.status,
            }));
            return;
          }
          retryLater(refused?.message ?? 'the connection dropped; reconnecting');
        });
      });
    }

    resumeRef.current = () => {
      if (stopped) return;
      close();
      clearTimeout(retryTimer);
      failures = 0;
      flush();
      setState((s) => ({ ...s, status: 'connecting', message: null, httpStatus: null }));
      connect(buffer.beginResume(merged ? MERGED_OVERLAP_MS : CONTAINER_OVERLAP_MS));
    };

    connect(null);
    return () => {
      stopped = true;
      close();
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
    };
  }, [targetKey, rangeKey, attempt]);

  /** Starts over: the buffer is emptied and the range loaded again. */
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  /** Follows again after the stream ended (a container that started again), from the newest line held. */
  const resume = useCallback(() => resumeRef.current(), []);

  return { buffer: bufferRef.current, version, state, reload, resume };
}

/** Lines that are already all there (a release's kept log), in the same buffer the live viewer reads. */
export function useStaticLog(lines: TLogLine[] | null) {
  const bufferRef = useRef<LogBuffer>(null as unknown as LogBuffer);
  bufferRef.current ??= new LogBuffer();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const buffer = bufferRef.current;
    buffer.clear(true);
    if (lines) buffer.append(lines);
    setVersion(buffer.version);
  }, [lines]);
  return { buffer: bufferRef.current, version };
}

/** Log settings change when containers are created: a calm poll is enough. */
const LOG_SETTINGS_REFETCH_MS = 30_000;

/** Each container's log driver and options on a host, unbounded and unreadable logs flagged. */
export function useHostLogSettings(hostRef: string) {
  return useQuery({
    queryKey: keys.hostLogSettings(hostRef),
    queryFn: ({ signal }) =>
      apiFetch<THostLogSettings>(`/api/v1/hosts/${encodeURIComponent(hostRef)}/log-settings`, { signal }),
    refetchInterval: LOG_SETTINGS_REFETCH_MS,
    meta: { inlineErrors: true },
  });
}

/** Per host: how many containers have unbounded or unreadable logs. */
export function useFleetLogSettings() {
  return useQuery({
    queryKey: keys.logSettings(),
    queryFn: ({ signal }) => apiFetch<TFleetLogSettings>('/api/v1/log-settings', { signal }),
    refetchInterval: LOG_SETTINGS_REFETCH_MS,
    meta: { inlineErrors: true },
  });
}
