import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adaptiveGzip, RETRY_AFTER } from './adaptive-gzip';

async function gzipOf(data: Buffer): Promise<{ packed: Buffer; storedBytes: number }> {
  const out: Buffer[] = [];
  const { stream, stats } = adaptiveGzip(1);
  const chunks = function* () {
    for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
  };
  await pipeline(
    Readable.from(chunks()),
    stream,
    new Writable({
      write(chunk, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return { packed: Buffer.concat(out), storedBytes: stats.storedBytes };
}

describe('adaptiveGzip', () => {
  it('round-trips data that mixes random and compressible stretches', async () => {
    const data = Buffer.concat([
      Buffer.alloc(9 * 1024 * 1024, 'abc'),
      randomBytes(40 * 1024 * 1024),
      Buffer.alloc(80 * 1024 * 1024, 'hello world '),
    ]);
    const { packed, storedBytes } = await gzipOf(data);
    expect(zlib.gunzipSync(packed).equals(data)).toBe(true);
    // After the first random block, one retry period is stored; then the compressible rest shrinks again.
    expect(storedBytes).toBe(RETRY_AFTER);
    expect(packed.length).toBeLessThan(RETRY_AFTER + 2 * 1024 * 1024);
  });

  it('stores random data rather than working to compress it', async () => {
    const data = randomBytes(32 * 1024 * 1024);
    const { packed, storedBytes } = await gzipOf(data);
    expect(zlib.gunzipSync(packed).equals(data)).toBe(true);
    // Only the first block is compressed; everything after it is stored.
    expect(storedBytes).toBe(data.length - 1024 * 1024);
  });

  it('makes a valid gzip file of an empty input', async () => {
    const { packed } = await gzipOf(Buffer.alloc(0));
    expect(zlib.gunzipSync(packed).length).toBe(0);
  });

  it('keeps compressing data that compresses', async () => {
    const { packed, storedBytes } = await gzipOf(Buffer.alloc(40 * 1024 * 1024, 'log line 42\n'));
    expect(storedBytes).toBe(0);
    expect(packed.length).toBeLessThan(1024 * 1024);
  });
});
