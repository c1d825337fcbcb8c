/**
 * A streaming decoder of Docker's log answer into lines. Without a TTY the answer is frames (an 8-byte
 * header: stream type, three zero bytes, big-endian payload length) that may be cut anywhere by the
 * transport; with a TTY it is raw bytes on one stream. Lines are split per stream on `\n` across any
 * chunk boundary, decoded as UTF-8 only once whole (so a character split across chunks survives, and
 * invalid bytes become U+FFFD), and capped: bytes past the cap are counted, not kept. Pure.
 */
import type { TLogStream } from '@/lib/types/logs';

export const LINE_CAP_BYTES = 64 * 1024;

/** json-file and local store a long line as 16 KiB parts, each with its own timestamp when read back. */
const PART_BYTES = 16 * 1024;
const TS_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /;

export type DecodedLine = { ts: string; stream: TLogStream; text: string; cut?: number };

type Pending = { parts: Buffer[]; kept: number; cut: number };

/** The last index at which `bytes` can be cut without splitting a UTF-8 character. */
function utf8Boundary(bytes: Buffer, at: number): number {
  let i = Math.min(at, bytes.length);
  // Step back over continuation bytes (10xxxxxx) to the start of the character at `i`.
  while (i > 0 && i < bytes.length && ((bytes[i] as number) & 0xc0) === 0x80) i--;
  return i;
}

/** Removes the timestamps the engine puts at each 16 KiB part of a long line. */
function joinParts(body: Buffer): Buffer {
  if (body.length <= PART_BYTES) return body;
  const pieces: Buffer[] = [];
  let rest = body;
  while (rest.length > PART_BYTES) {
    pieces.push(rest.subarray(0, PART_BYTES));
    rest = rest.subarray(PART_BYTES);
    const m = TS_RE.exec(rest.subarray(0, 48).toString('latin1'));
    if (m) rest = rest.subarray(m[0].length);
  }
  pieces.push(rest);
  return Buffer.concat(pieces);
}

export class LogDecoder {
  private readonly tty: boolean;
  private readonly cap: number;
  private readonly timestamps: boolean;
  private readonly emit: (line: DecodedLine) => void;
  private header = Buffer.alloc(0);
  private frameLeft = 0;
  private frameStream: TLogStream = 'stdout';
  private readonly pending: Record<TLogStream, Pending> = {
    stdout: { parts: [], kept: 0, cut: 0 },
    stderr: { parts: [], kept: 0, cut: 0 },
  };

  constructor(options: {
    tty: boolean;
    onLine: (line: DecodedLine) => void;
    /** Whether each line starts with Docker's timestamp (`timestamps=true`). */
    timestamps?: boolean;
    cap?: number;
  }) {
    this.tty = options.tty;
    this.cap = options.cap ?? LINE_CAP_BYTES;
    this.timestamps = options.timestamps ?? true;
    this.emit = options.onLine;
  }

  push(chunk: Buffer): void {
    if (this.tty) {
      this.take('stdout', chunk);
      return;
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.frameLeft === 0) {
        const need = 8 - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(at, at + need)]);
        at += Math.min(need, chunk.length - at);
        if (this.header.length < 8) return;
        this.frameStream = this.header[0] === 2 ? 'stderr' : 'stdout';
        this.frameLeft = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const n = Math.min(this.frameLeft, chunk.length - at);
      this.take(this.frameStream, chunk.subarray(at, at + n));
      this.frameLeft -= n;
      at += n;
    }
  }

  /** Emits what is left of each stream as a last line without a newline. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const)
      if (this.pending[stream].kept + this.pending[stream].cut > 0) this.flush(stream);
  }

  private take(stream: TLogStream, bytes: Buffer): void {
    let from = 0;
    for (;;) {
      const nl = bytes.indexOf(0x0a, from);
      if (nl === -1) {
        this.keep(stream, bytes.subarray(from));
        return;
      }
      this.keep(stream, bytes.subarray(from, nl));
      this.flush(stream);
      from = nl + 1;
    }
  }

  private keep(stream: TLogStream, bytes: Buffer): void {
    if (bytes.length === 0) return;
    const p = this.pending[stream];
    // Keep room for the timestamp parts a long line carries, so the cap applies to the text.
    const room = this.cap + 64 * (1 + Math.ceil(this.cap / PART_BYTES)) - p.kept;
    if (room <= 0) {
      p.cut += bytes.length;
      return;
    }
    const kept = bytes.subarray(0, room);
    p.parts.push(Buffer.from(kept));
    p.kept += kept.length;
    p.cut += bytes.length - kept.length;
  }

  private flush(stream: TLogStream): void {
    const p = this.pending[stream];
    let raw = Buffer.concat(p.parts, p.kept);
    let extra = p.cut;
    this.pending[stream] = { parts: [], kept: 0, cut: 0 };
    if (raw.length > 0 && raw[raw.length - 1] === 0x0d && extra === 0) raw = raw.subarray(0, -1);
    let ts = '';
    if (this.timestamps) {
      const m = TS_RE.exec(raw.subarray(0, 48).toString('latin1'));
      if (m?.[1]) {
        ts = m[1];
        raw = raw.subarray(m[0].length);
      }
    }
    let body = joinParts(raw);
    if (body.length > this.cap) {
      const at = utf8Boundary(body, this.cap);
      extra += body.length - at;
      body = body.subarray(0, at);
    }
    const line: DecodedLine = { ts, stream, text: body.toString('utf8') };
    if (extra > 0) line.cut = extra;
    this.emit(line);
  }
}

/** All lines of a whole answer (for kept logs and tests). */
export function decodeAll(buffer: Buffer, tty: boolean, timestamps = true): DecodedLine[] {
  const lines: DecodedLine[] = [];
  const decoder = new LogDecoder({ tty, timestamps, onLine: (l) => lines.push(l) });
  decoder.push(buffer);
  decoder.end();
  return lines;
}
