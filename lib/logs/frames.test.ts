import { describe, expect, it } from 'vitest';
import { logLines, looksMultiplexed, splitFrames } from './frames';

const frame = (stream: 1 | 2, text: string) => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe('log frames', () => {
  it('splits multiplexed frames by stream', () => {
    const chunks = splitFrames(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]));
    expect(chunks.map((c) => [c.stream, c.data.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
    ]);
  });
  it('joins a line that spans frames and keeps a last line without newline', () => {
    const buf = Buffer.concat([frame(1, 'hel'), frame(1, 'lo\nwor'), frame(1, 'ld')]);
    expect(looksMultiplexed(buf)).toBe(true);
    expect(logLines(buf, false)).toEqual(['hello', 'world']);
  });
  it('reads a TTY answer as raw text with CRLF line ends', () => {
    expect(logLines(Buffer.from('a\r\nb\r\n'), true)).toEqual(['a', 'b']);
  });
  it('keeps what arrived of a cut last frame', () => {
    const whole = frame(1, 'complete line\n');
    expect(logLines(whole.subarray(0, 12), false)).toEqual(['comp']);
  });
});
