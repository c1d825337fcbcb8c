import 'server-only';
import type { TLogLine, TLogMarker, TLogSource } from '@/lib/types/logs';
import { SSE_HEADERS } from '../http/sse';

export const BATCH_MS = 50;
export const BATCH_LINES = 500;
/** Lines held for one client; past this a live stream drops its oldest and says how many. */
export const MAX_QUEUED = 20_000;
/** A client that takes nothing for this long is dropped. */
export const WRITE_DEADLINE_MS = 30_000;
const PING_MS = 15_000;
/** Bytes the response may hold before the client is taken to be behind. */
const HIGH_WATER_BYTES = 1024 * 1024;

export type LogSink = {
  /** Queues lines; `backlog` lines (the history asked for) are never dropped: the reader is paused instead. */
  lines: (lines: TLogLine[], backlog?: boolean) => void;
  marker: (marker: TLogMarker) => void;
  sources: (containers: TLogSource[]) => void;
  end: (reason: string) => void;
  error: (message: string) => void;
  closed: () => boolean;
};

export type LogSseOptions = {
  /** Asked to hold the upstream back (true) or let it go on (false). */
  onPressure?: (hold: boolean) => void;
  batchMs?: number;
  maxQueued?: number;
  writeDeadlineMs?: number;
};

/**
 * A log stream as Server-Sent Events: lines go out in batches (every 50 ms or 500 lines), a `: ping`
 * every 15 s, a bounded queue per client with a `skipped` event when a live client falls behind, and a
 * write deadline after which a client that stopped reading is dropped. `start` opens the upstream and
 * returns its cleanup, which runs the moment the client goes away.
 */
export function logSseResponse(
  signal: AbortSignal,
  start: (sink: LogSink) => () => void,
  options: LogSseOptions = {},
): Response {
  const encoder = new TextEncoder();
  const maxQueued = options.maxQueued ?? MAX_QUEUED;
  const deadlineMs = options.writeDeadlineMs ?? WRITE_DEADLINE_MS;
  const queue: { line: TLogLine; backlog: boolean }[] = [];
  const events: string[] = [];
  let skipped = 0;
  let held = false;
  let ended: string | null = null;
  let done = false;
  let blockedSince: number | null = null;
  let cleanup: (() => void) | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(flusher);
    clearInterval(ping);
    cleanup?.();
    try {
      controller.close();
    } catch {
      // already closed or errored
    }
  };
  const write = (text: string) => {
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish();
    }
  };
  const hold = (on: boolean) => {
    if (held === on) return;
    held = on;
    options.onPressure?.(on);
  };
  const flush = () => {
    if (done) return;
    const room = controller.desiredSize ?? 0;
    if (room <= 0 && (queue.length > 0 || events.length > 0)) {
      blockedSince ??= Date.now();
      if (Date.now() - blockedSince > deadlineMs) finish();
      return;
    }
    blockedSince = null;
    if (skipped > 0) {
      write(`event: skipped\ndata: ${JSON.stringify({ count: skipped })}\n\n`);
      skipped = 0;
    }
    for (const e of events.splice(0)) write(e);
    while (queue.length > 0 && (controller.desiredSize ?? 0) > 0) {
      const batch = queue.splice(0, BATCH_LINES).map((q) => q.line);
      write(`event: lines\ndata: ${JSON.stringify({ lines: batch })}\n\n`);
    }
    if (queue.length < maxQueued / 2) hold(false);
    if (ended !== null && queue.length === 0) {
      write(`event: end\ndata: ${JSON.stringify({ reason: ended })}\n\n`);
      finish();
    }
  };
  const event = (name: string, data: unknown) => {
    events.push(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const sink: LogSink = {
    lines: (lines, backlog = false) => {
      if (done) return;
      for (const line of lines) queue.push({ line, backlog });
      if (queue.length > maxQueued) {
        if (queue[0]?.backlog) hold(true);
        else {
          const drop = queue.length - maxQueued;
          queue.splice(0, drop);
          skipped += drop;
        }
      }
    },
    marker: (marker) => event('marker', marker),
    sources: (containers) => event('sources', { containers }),
    end: (reason) => {
      ended = reason;
    },
    error: (message) => event('error', { message }),
    closed: () => done,
  };
  const flusher = setInterval(flush, options.batchMs ?? BATCH_MS);
  const ping = setInterval(() => {
    if (!done && (controller.desiredSize ?? 0) > 0) write(': ping\n\n');
  }, PING_MS);

  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        write(': connected\n\n');
        signal.addEventListener('abort', finish);
        cleanup = start(sink);
      },
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_BYTES }),
  );
  return new Response(body, { headers: SSE_HEADERS });
}
