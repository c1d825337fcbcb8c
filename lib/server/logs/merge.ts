import 'server-only';
import { isAppError } from '@/lib/errors';
import type { DecodedLine } from '@/lib/logs/decoder';
import { ReorderWindow, SourceMerge, secondsKey, tsKey } from '@/lib/logs/merge';
import type { TLogQuery } from '@/lib/schemas/logs';
import type { TLogLine, TLogMarker, TLogSource } from '@/lib/types/logs';
import type { HostConnection } from '../docker/client';
import { connectionFor } from '../hosts/store';
import { SERVICE_LABEL, serviceContainers } from '../releases/host-ops';
import type { ServiceRecord } from '../services/store';
import {
  type LogRange,
  type LogReader,
  type LogTarget,
  logTarget,
  readContainerLogs,
} from './container-logs';
import { followReleaseMarkers, pastEventMarkers, readReleaseMarkers, watchContainerEvents } from './markers';
import { chunkedText, lineFilter, rangeOf } from './serve';
import { type LogSink, logSseResponse } from './sse';

/** How long a live line is held so that lines of other containers written before it can go first. */
export const REORDER_WINDOW_MS = 250;
const DRAIN_MS = 50;
/** Lines a backlog source may hold in the merge before it is paused for the others to catch up. */
const SOURCE_HIGH_WATER = 2000;
/** The backlog of a live stream ends this long before it opens; the live part reads on from there. */
const CUT_BEHIND_MS = 1000;

type Reader = LogReader & { pause: () => void; resume: () => void };

/** One container of a service that a merged stream reads. */
export type ServiceSource = { conn: HostConnection; target: LogTarget; state: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const naming = (host: string, message: string) =>
  message.startsWith(host) ? message : `${host}: ${message}`;

/**
 * The containers of a service on each of its hosts that a stream reads: the running ones, or all of
 * them (kept and stopped ones too) when `all`. A host that does not answer, or a container whose logs
 * cannot be read, is an error naming it; the others go on.
 */
export async function serviceSources(
  record: ServiceRecord,
  all: boolean,
): Promise<{ sources: ServiceSource[]; conns: HostConnection[]; errors: string[] }> {
  const errors: string[] = [];
  const conns: HostConnection[] = [];
  const perHost = await Promise.all(
    record.spec.hosts.map(async (host): Promise<ServiceSource[]> => {
      try {
        const conn = await connectionFor(host);
        const list = await serviceContainers(conn, record.spec);
        conns.push(conn);
        const picked = list.filter((c) => all || c.State === 'running' || c.State === 'restarting');
        const found = await Promise.all(
          picked.map(async (c) => {
            try {
              return { conn, target: await logTarget(conn, c.Id), state: c.State };
            } catch (error) {
              if (!(isAppError(error) && error.code === 'NOT_FOUND'))
                errors.push(naming(host, errorText(error)));
              return null;
            }
          }),
        );
        return found.filter((s): s is ServiceSource => s !== null);
      } catch (error) {
        errors.push(naming(host, errorText(error)));
        return [];
      }
    }),
  );
  const sources = perHost
    .flat()
    .sort((a, b) => a.conn.name.localeCompare(b.conn.name) || a.target.name.localeCompare(b.target.name));
  return { sources, conns, errors };
}

export function toLogSource(s: ServiceSource): TLogSource {
  return { host: s.conn.name, id: s.target.id, name: s.target.name, state: s.state };
}

const tagged = (line: DecodedLine, s: ServiceSource): TLogLine => ({
  ...line,
  host: s.conn.name,
  container: s.target.name,
});

const abnormal = (reason: string) =>
  reason !== 'closed' && reason !== 'end of the range' && reason !== 'the container stopped';

/**
 * Reads several containers' logs over a range (not followed) and hands out their lines merged exactly
 * by time. A source that runs ahead of the others is paused, and `hold` pauses them all (a slow client).
 */
export function readMerged(
  sources: ServiceSource[],
  range: LogRange,
  keep: (line: DecodedLine) => boolean,
  onLine: (line: TLogLine) => void,
  onError: (message: string) => void,
): { done: Promise<void>; hold: (on: boolean) => void; close: () => void } {
  const readers: (Reader | null)[] = sources.map(() => null);
  const paused = sources.map(() => false);
  let held = false;
  let closed = false;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const merge = new SourceMerge(sources.length, (line) => {
    if (!closed) onLine(line);
  });
  const update = () => {
    for (let i = 0; i < readers.length; i++) {
      const reader = readers[i];
      if (!reader) continue;
      const want = held || merge.waiting(i) > SOURCE_HIGH_WATER;
      if (want === paused[i]) continue;
      paused[i] = want;
      if (want) reader.pause();
      else reader.resume();
    }
  };
  const ended = (i: number) => {
    merge.end(i);
    update();
    if (merge.done) finish();
  };
  if (sources.length === 0) finish();
  sources.forEach((s, i) => {
    readContainerLogs(s.conn, s.target, range, (line) => {
      if (!keep(line)) return;
      merge.push(i, tagged(line, s));
      update();
    })
      .then((reader) => {
        readers[i] = reader;
        if (closed) reader.close();
        update();
        void reader.done.then(({ reason }) => {
          if (abnormal(reason)) onError(naming(s.conn.name, `${s.target.name}: ${reason}`));
          ended(i);
        });
      })
      .catch((error) => {
        if (!closed) onError(naming(s.conn.name, `${s.target.name}: ${errorText(error)}`));
        ended(i);
      });
  });
  return {
    done,
    hold: (on) => {
      held = on;
      update();
    },
    close: () => {
      closed = true;
      for (const r of readers) r?.close();
      finish();
    },
  };
}

type LiveSource = ServiceSource & {
  reader: Reader | null;
  following: boolean;
  /** The key of the last line handed out: a reopened stream starts after it. */
  lastKey: string;
  /** Started again while its old stream was still ending: reopened when that ends. */
  again: boolean;
};

/** A service's merged log stream for one client; see `serviceLogSse`. */
class ServiceLogSession {
  private closed = false;
  private held = false;
  private sources: LiveSource[] = [];
  private backlog: ReturnType<typeof readMerged> | null = null;
  private readonly window = new ReorderWindow(REORDER_WINDOW_MS);
  private readonly stops: (() => void)[] = [];
  private readonly sentMarkers = new Set<string>();
  private live = false;

  constructor(
    private readonly record: ServiceRecord,
    private readonly query: TLogQuery,
    private readonly sink: LogSink,
  ) {}

  async run(): Promise<void> {
    const { query, sink } = this;
    const follow = rangeOf(query, true).follow;
    const openedAt = Date.now();
    const cut = follow ? Math.floor(openedAt - CUT_BEHIND_MS) / 1000 : undefined;
    const listed = await serviceSources(this.record, query.since !== undefined);
    if (this.closed) return;
    for (const e of listed.errors) sink.error(e);
    this.sources = listed.sources.map((s) => ({
      ...s,
      reader: null,
      following: false,
      lastKey: cut === undefined ? '' : secondsKey(cut),
      again: false,
    }));
    sink.sources(this.sources.map(toLogSource));
    if (follow) for (const conn of listed.conns) this.watchEvents(conn);

    let oldest: number | undefined;
    this.backlog = readMerged(
      this.sources,
      { ...rangeOf(query, false), ...(cut !== undefined ? { until: cut } : {}) },
      lineFilter(query.q),
      (line) => {
        if (oldest === undefined && line.ts) oldest = Date.parse(line.ts) / 1000;
        sink.lines([line], true);
      },
      (message) => sink.error(message),
    );
    await this.backlog.done;
    if (this.closed) return;

    const range = { since: query.since ?? oldest ?? openedAt / 1000, until: query.until ?? cut };
    const past = Promise.all(
      listed.conns.map((conn) =>
        pastEventMarkers(conn, { label: [`${SERVICE_LABEL}=${this.record.name}`] }, range)
          .then((markers) => {
            for (const m of markers) this.marker(m);
          })
          .catch((error) => sink.error(naming(conn.name, `past events: ${errorText(error)}`))),
      ),
    );
    if (!follow) {
      const releases = await readReleaseMarkers(this.record.id, range).catch((error) => {
        sink.error(`the releases could not be read: ${errorText(error)}`);
        return [];
      });
      for (const m of releases) this.marker(m);
      await past;
      sink.end('end of the range');
      return;
    }
    this.stops.push(
      followReleaseMarkers(
        this.record.id,
        { since: range.since },
        true,
        (m) => this.marker(m),
        (message) => sink.error(message),
      ),
    );
    this.live = true;
    for (const s of this.sources) if (s.state === 'running' || s.state === 'restarting') this.follow(s);
    const drain = setInterval(() => {
      const lines = this.window.drain(Date.now());
      if (lines.length > 0) sink.lines(lines);
    }, DRAIN_MS);
    this.stops.push(() => clearInterval(drain));
  }

  private marker(m: TLogMarker): void {
    const key = `${m.kind}:${m.ts}:${m.host ?? ''}:${m.container ?? ''}:${m.releaseId ?? ''}`;
    if (this.closed || this.sentMarkers.has(key)) return;
    this.sentMarkers.add(key);
    this.sink.marker(m);
  }

  /** Follows one container from after its last line handed out; reopened when it starts again. */
  private follow(s: LiveSource): void {
    if (this.closed || s.following) return;
    s.following = true;
    const since = s.lastKey ? Number(s.lastKey) : undefined;
    const range: LogRange = { tail: 'all', since, streams: this.query.stream, follow: true };
    const keep = lineFilter(this.query.q);
    readContainerLogs(s.conn, s.target, range, (line) => {
      const key = tsKey(line.ts);
      if (key && key <= s.lastKey) return;
      if (key) s.lastKey = key;
      if (keep(line)) this.window.push(tagged(line, s), Date.now());
    })
      .then((reader) => {
        s.reader = reader;
        if (this.closed) reader.close();
        else if (this.held) reader.pause();
        void reader.done.then(({ reason }) => {
          s.reader = null;
          s.following = false;
          if (this.closed) return;
          if (abnormal(reason)) this.sink.error(naming(s.conn.name, `${s.target.name}: ${reason}`));
          else if (s.again) {
            s.again = false;
            this.follow(s);
          } else this.setState(s, 'exited');
        });
      })
      .catch((error) => {
        s.following = false;
        if (!this.closed) this.sink.error(naming(s.conn.name, `${s.target.name}: ${errorText(error)}`));
      });
  }

  private setState(s: LiveSource, state: string): void {
    if (s.state === state) return;
    s.state = state;
    this.sink.sources(this.sources.map(toLogSource));
  }

  /** Markers of the service's containers, and new or restarted containers joined to the stream. */
  private watchEvents(conn: HostConnection): void {
    const name = this.record.name;
    const ours = (id: string) => this.sources.find((s) => s.conn.id === conn.id && s.target.id === id);
    const stop = watchContainerEvents(
      conn,
      (e) => e.attributes[SERVICE_LABEL] === name || ours(e.id) !== undefined,
      (e, marker) => {
        if (marker) this.marker(marker);
        if (e.action === 'start') void this.started(conn, e.id, e.time);
        if (e.action === 'destroy') {
          const before = this.sources.length;
          this.sources = this.sources.filter((s) => !(s.conn.id === conn.id && s.target.id === e.id));
          if (this.sources.length !== before) this.sink.sources(this.sources.map(toLogSource));
        }
      },
    );
    this.stops.push(stop);
  }

  private async started(conn: HostConnection, id: string, timeMs: number): Promise<void> {
    let s = this.sources.find((x) => x.conn.id === conn.id && x.target.id === id);
    if (!s) {
      let target: LogTarget;
      try {
        target = await logTarget(conn, id);
      } catch (error) {
        if (!this.closed) this.sink.error(naming(conn.name, errorText(error)));
        return;
      }
      if (this.closed || this.sources.some((x) => x.conn.id === conn.id && x.target.id === id)) return;
      s = {
        conn,
        target,
        state: 'running',
        reader: null,
        following: false,
        lastKey: secondsKey(timeMs / 1000 - 1),
        again: false,
      };
      this.sources.push(s);
      this.sink.sources(this.sources.map(toLogSource));
    } else this.setState(s, 'running');
    if (!this.live) return;
    if (s.following) s.again = true;
    else this.follow(s);
  }

  hold(on: boolean): void {
    this.held = on;
    this.backlog?.hold(on);
    for (const s of this.sources)
      if (on) s.reader?.pause();
      else s.reader?.resume();
  }

  close(): void {
    this.closed = true;
    this.backlog?.close();
    for (const s of this.sources) s.reader?.close();
    for (const stop of this.stops.splice(0)) stop();
  }
}

/**
 * All containers of a service across its hosts as one stream of Server-Sent Events: a `sources` event,
 * the backlog of every container merged exactly by time, then live lines held 250 ms and sent in time
 * order, each tagged with host and container; markers of releases and Docker events. A host that does
 * not answer is an `error` event naming it, and the others go on. Everything closes with the client.
 */
export function serviceLogSse(record: ServiceRecord, query: TLogQuery, signal: AbortSignal): Response {
  let session: ServiceLogSession | null = null;
  return logSseResponse(
    signal,
    (sink) => {
      const s = new ServiceLogSession(record, query, sink);
      session = s;
      s.run().catch((error) => {
        sink.error(errorText(error));
        sink.end('the log could not be read');
      });
      return () => s.close();
    },
    { onPressure: (hold) => session?.hold(hold) },
  );
}

/** `ts host/container text`, a merged line of a download. */
export function plainServiceLine(line: TLogLine): string {
  const cut = line.cut ? ` [… ${line.cut} bytes cut]` : '';
  return `${line.ts ? `${line.ts} ` : ''}${line.host ?? ''}/${line.container ?? ''} ${line.text}${cut}\n`;
}

/**
 * A service's log over a range as merged plain text, streamed with backpressure. `outcome` settles
 * with how many lines went out and whether every container was read whole.
 */
export async function serviceLogDownload(
  record: ServiceRecord,
  query: TLogQuery,
  signal: AbortSignal,
): Promise<{ response: Response; outcome: Promise<{ ok: boolean; detail: Record<string, unknown> }> }> {
  const listed = await serviceSources(record, true);
  const errors = [...listed.errors];
  let lines = 0;
  let reading: ReturnType<typeof readMerged> | null = null;
  let settle!: (v: { ok: boolean; detail: Record<string, unknown> }) => void;
  const outcome = new Promise<{ ok: boolean; detail: Record<string, unknown> }>((r) => {
    settle = r;
  });
  const range: LogRange = { ...rangeOf(query, false), until: query.until ?? Date.now() / 1000 };
  const body = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const out = chunkedText(controller);
        const read = readMerged(
          listed.sources,
          range,
          lineFilter(query.q),
          (line) => {
            lines++;
            out.add(plainServiceLine(line));
            if ((controller.desiredSize ?? 1) <= 0) read.hold(true);
          },
          (message) => errors.push(message),
        );
        reading = read;
        const stop = () => read.close();
        signal.addEventListener('abort', stop);
        await read.done;
        out.flush();
        signal.removeEventListener('abort', stop);
        const whole = errors.length === 0 && !signal.aborted;
        settle({
          ok: whole,
          detail: { lines, containers: listed.sources.length, complete: whole, ...(whole ? {} : { errors }) },
        });
        try {
          controller.close();
        } catch {
          // the client went away
        }
      },
      pull() {
        reading?.hold(false);
      },
      cancel() {
        reading?.close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 256 * 1024 }),
  );
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Disposition': `attachment; filename="${`${record.name}.log`.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (listed.errors.length > 0)
    headers['X-Wharf-Log-Errors'] = listed.errors
      .join('; ')
      .replace(/[^\x20-\x7e]/g, '?')
      .slice(0, 1000);
  return { response: new Response(body, { headers }), outcome };
}
