import 'server-only';
import type { DecodedLine } from '@/lib/logs/decoder';
import type { TLogQuery } from '@/lib/schemas/logs';
import type { TLogLine } from '@/lib/types/logs';
import type { HostConnection } from '../docker/client';
import { type LogRange, type LogTarget, readContainerLogs } from './container-logs';
import { followContainerMarkers } from './markers';
import { logSseResponse } from './sse';

export function rangeOf(query: TLogQuery, live: boolean): LogRange {
  return {
    tail: query.tail,
    since: query.since,
    until: query.until,
    streams: query.stream,
    follow: live && query.until === undefined && query.follow !== 'false',
  };
}

export function lineFilter(q: string | undefined): (line: DecodedLine) => boolean {
  if (!q) return () => true;
  const needle = q.toLowerCase();
  return (line) => line.text.toLowerCase().includes(needle);
}

const tsSeconds = (ts: string) => Date.parse(ts) / 1000;

/** One container's log as Server-Sent Events; the engine's stream closes when the client goes. */
export function containerLogSse(
  conn: HostConnection,
  target: LogTarget,
  query: TLogQuery,
  signal: AbortSignal,
): Response {
  const range = rangeOf(query, true);
  const keep = lineFilter(query.q);
  const openedAt = Date.now() / 1000;
  let reader: Awaited<ReturnType<typeof readContainerLogs>> | null = null;
  return logSseResponse(
    signal,
    (sink) => {
      let gone = false;
      const markers = followContainerMarkers(
        conn,
        target.id,
        { since: query.since, until: query.until },
        range.follow,
        sink.marker,
        sink.error,
      );
      readContainerLogs(conn, target, range, (line) => {
        // What was written before the stream opened is the history asked for: never dropped.
        if (keep(line)) sink.lines([line as TLogLine], !line.ts || tsSeconds(line.ts) < openedAt - 1);
      })
        .then((opened) => {
          reader = opened;
          if (gone) opened.close();
          void opened.done.then(async ({ reason }) => {
            await markers.past;
            sink.end(reason);
          });
        })
        .catch((error: Error) => {
          sink.error(error.message);
          sink.end('the log could not be read');
        });
      return () => {
        gone = true;
        reader?.close();
        markers.stop();
      };
    },
    { onPressure: (hold) => (hold ? reader?.pause() : reader?.resume()) },
  );
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Text for a streamed response, gathered into chunks of about 64 KiB (or what one engine read gave)
 * instead of one chunk per line, which would cost a write and a chunk header for every line.
 */
export function chunkedText(controller: ReadableStreamDefaultController<Uint8Array>): {
  add: (text: string) => void;
  flush: () => void;
} {
  const encoder = new TextEncoder();
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!pending) return;
    const text = pending;
    pending = '';
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      // the client went away
    }
  };
  return {
    add: (text) => {
      pending += text;
      if (pending.length >= CHUNK_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/** `ts text` per line, as `docker logs -t` prints it; a cut line says how much was dropped. */
export function plainLine(line: DecodedLine): string {
  return `${line.ts ? `${line.ts} ` : ''}${line.text}${line.cut ? ` [… ${line.cut} bytes cut]` : ''}\n`;
}

/**
 * One container's log over any range as plain text, streamed with backpressure (the engine is paused
 * while the client is behind), not limited to what a browser has loaded. `outcome` settles with how
 * much was sent and whether the whole range was.
 */
export function containerLogDownload(
  conn: HostConnection,
  target: LogTarget,
  query: TLogQuery,
  signal: AbortSignal,
  filename: string,
): { response: Response; outcome: Promise<{ ok: boolean; detail: Record<string, unknown> }> } {
  const keep = lineFilter(query.q);
  let settle!: (v: { ok: boolean; detail: Record<string, unknown> }) => void;
  const outcome = new Promise<{ ok: boolean; detail: Record<string, unknown> }>((r) => {
    settle = r;
  });
  let lines = 0;
  let reader: Awaited<ReturnType<typeof readContainerLogs>> | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        const stop = () => reader?.close();
        signal.addEventListener('abort', stop);
        const out = chunkedText(controller);
        try {
          reader = await readContainerLogs(conn, target, rangeOf(query, false), (line) => {
            if (!keep(line)) return;
            lines++;
            out.add(plainLine(line));
            if ((controller.desiredSize ?? 1) <= 0) reader?.pause();
          });
          const { reason } = await reader.done;
          out.flush();
          const whole = reason === 'end of the range';
          settle({ ok: whole, detail: { lines, complete: whole, ...(whole ? {} : { reason }) } });
          try {
            controller.close();
          } catch {
            // the client went away
          }
        } catch (error) {
          settle({ ok: false, detail: { lines, complete: false, reason: (error as Error).message } });
          controller.error(error);
        } finally {
          signal.removeEventListener('abort', stop);
        }
      },
      pull() {
        reader?.resume();
      },
      cancel() {
        reader?.close();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 256 * 1024 }),
  );
  return {
    response: new Response(body, {
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    }),
    outcome,
  };
}
