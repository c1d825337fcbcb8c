/**
 * Docker's log answer: for a container without a TTY, frames of an 8-byte header (stream type, three
 * zero bytes, big-endian length) and a payload; with a TTY, the raw bytes. Pure.
 */

export type LogStream = 'stdout' | 'stderr';
export type LogChunk = { stream: LogStream; data: Buffer };

/** Whether a buffer starts like a multiplexed frame stream (stream byte 0-2, then three zeros). */
export function looksMultiplexed(buffer: Buffer): boolean {
  return (
    buffer.length >= 8 &&
    buffer[0] !== undefined &&
    buffer[0] <= 2 &&
    buffer[1] === 0 &&
    buffer[2] === 0 &&
    buffer[3] === 0
  );
}

/** The frames of a whole multiplexed answer; a cut last frame keeps what arrived. */
export function splitFrames(buffer: Buffer): LogChunk[] {
  const out: LogChunk[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const stream: LogStream = buffer[at] === 2 ? 'stderr' : 'stdout';
    const size = buffer.readUInt32BE(at + 4);
    out.push({ stream, data: buffer.subarray(at + 8, Math.min(at + 8 + size, buffer.length)) });
    at += 8 + size;
  }
  return out;
}

/** The lines of a whole log answer, frames joined per stream in order; invalid UTF-8 becomes U+FFFD. */
export function logLines(buffer: Buffer, tty: boolean): string[] {
  const chunks = tty ? [{ stream: 'stdout' as const, data: buffer }] : splitFrames(buffer);
  const lines: string[] = [];
  let pending = '';
  for (const chunk of chunks) {
    const parts = (pending + chunk.data.toString('utf8')).split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
  }
  if (pending) lines.push(pending);
  return lines;
}
