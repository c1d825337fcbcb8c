import { describe, expect, it } from 'vitest';
import { type DecodedLine, decodeAll, LINE_CAP_BYTES, LogDecoder } from './decoder';

const TS = '2026-11-26T04:00:00.123456789Z';

function frame(stream: 1 | 2, body: Buffer | string): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

/** Feeds the answer cut into two chunks at `at`. */
function decodeSplit(buffer: Buffer, at: number, tty: boolean): DecodedLine[] {
  const lines: DecodedLine[] = [];
  const d = new LogDecoder({ tty, onLine: (l) => lines.push(l) });
  d.push(buffer.subarray(0, at));
  d.push(buffer.subarray(at));
  d.end();
  return lines;
}

describe('LogDecoder', () => {
  const answer = Buffer.concat([
    frame(1, `${TS} first line\n${TS} sec`),
    frame(2, `${TS} an error ⚠ with ünïcödé\n`),
    frame(1, `ond line\n${TS} 日本語のログ\n`),
  ]);
  const expected: DecodedLine[] = [
    { ts: TS, stream: 'stdout', text: 'first line' },
    { ts: TS, stream: 'stderr', text: 'an error ⚠ with ünïcödé' },
    { ts: TS, stream: 'stdout', text: 'second line' },
    { ts: TS, stream: 'stdout', text: '日本語のログ' },
  ];

  it('splits frames cut at every byte offset into the same lines, stderr and stdout apart', () => {
    for (let at = 0; at <= answer.length; at++)
      expect(decodeSplit(answer, at, false), `cut at ${at}`).toEqual(expected);
  });

  it('keeps a multi-byte character split across two frames', () => {
    const bytes = Buffer.from(`${TS} naïve ☃ snowman\n`);
    const at = bytes.indexOf(Buffer.from('☃')) + 1;
    const lines = decodeAll(
      Buffer.concat([frame(1, bytes.subarray(0, at)), frame(1, bytes.subarray(at))]),
      false,
    );
    expect(lines).toEqual([{ ts: TS, stream: 'stdout', text: 'naïve ☃ snowman' }]);
  });

  it('reads a TTY answer as raw bytes on stdout, with CRLF line ends, cut anywhere', () => {
    const raw = Buffer.from(`${TS} \u001b[32mgreen\u001b[0m\r\n${TS} ü\r\n`);
    for (let at = 0; at <= raw.length; at++)
      expect(decodeSplit(raw, at, true)).toEqual([
        { ts: TS, stream: 'stdout', text: '\u001b[32mgreen\u001b[0m' },
        { ts: TS, stream: 'stdout', text: 'ü' },
      ]);
  });

  it('turns invalid bytes into U+FFFD without breaking the stream', () => {
    const lines = decodeAll(
      frame(
        1,
        Buffer.concat([
          Buffer.from(`${TS} bad `),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from(` end\n${TS} next\n`),
        ]),
      ),
      false,
    );
    expect(lines.map((l) => l.text)).toEqual(['bad \ufffd\ufffd\ufffd end', 'next']);
  });

  it('cuts a line longer than the cap, counting what was dropped, and goes on', () => {
    const long = 'x'.repeat(LINE_CAP_BYTES + 1000);
    const lines = decodeAll(frame(1, `${TS} ${long}\n${TS} after\n`), false, true);
    expect(lines[0]?.text.length).toBe(LINE_CAP_BYTES);
    expect(lines[0]?.cut).toBeGreaterThanOrEqual(1000);
    expect(lines[1]).toEqual({ ts: TS, stream: 'stdout', text: 'after' });
  });

  it('does not cut a multi-byte character in half at the cap', () => {
    const long = `${'a'.repeat(LINE_CAP_BYTES - 1)}€€`;
    const [line] = decodeAll(frame(1, `${TS} ${long}\n`), false);
    expect(line?.text.endsWith('a')).toBe(true);
    expect(line?.text).not.toContain('\ufffd');
  });

  it('removes the timestamps the engine puts at each 16 KiB part of a long line', () => {
    const part = (c: string) => c.repeat(16 * 1024);
    const stored = `${TS} ${part('a')}${TS} ${part('b')}${TS} tail\n`;
    const [line] = decodeAll(frame(1, stored), false);
    expect(line?.text).toBe(`${part('a')}${part('b')}tail`);
  });

  it('emits a last line without a newline at the end', () => {
    expect(decodeAll(frame(2, `${TS} no newline`), false)).toEqual([
      { ts: TS, stream: 'stderr', text: 'no newline' },
    ]);
  });

  it('reads lines without timestamps when none were asked for', () => {
    expect(decodeAll(Buffer.from('plain\n'), true, false)).toEqual([
      { ts: '', stream: 'stdout', text: 'plain' },
    ]);
  });
});
