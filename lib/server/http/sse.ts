import 'server-only';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

export type SseWriter = { send: (event: string, data: unknown) => void; closed: () => boolean };

/**
 * A Server-Sent Events response. `start` sets up the upstream and returns its cleanup, which runs as
 * soon as the client goes away. A `: ping` comment every 15 s keeps proxies from closing the stream.
 */
export function sseResponse(signal: AbortSignal, start: (writer: SseWriter) => () => void): Response {
  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  let ping: NodeJS.Timeout | undefined;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(ping);
    cleanup?.();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (done) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const writer: SseWriter = {
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        closed: () => done,
      };
      write(': connected\n\n');
      ping = setInterval(() => write(': ping\n\n'), 15_000);
      cleanup = start(writer);
      signal.addEventListener('abort', () => {
        finish();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}
