import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);

/** Input is compressed in blocks of this size, each one gzip member. */
const BLOCK = 1024 * 1024;
/** While storing, compression is tried again after this much input, in case the data changed. */
export const RETRY_AFTER = 64 * BLOCK;

/**
 * Gzip that stores what does not compress. Compressing random or already compressed data (media,
 * archives, encrypted files) costs most of a backup's time for nothing, so after a block whose output
 * was nearly as large as its input the following blocks are stored (level 0), and compression is tried
 * again now and then. Each block is one gzip member: the output is a multi-member gzip file, which
 * gunzip and `tar -xz` read as one stream. Compression runs on the thread pool, one block at a time.
 */
export function adaptiveGzip(level = 1): { stream: Transform; stats: { storedBytes: number } } {
  const stats = { storedBytes: 0 };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let storing = false;
  let storedSince = 0;
  let members = 0;

  async function pack(block: Buffer): Promise<Buffer> {
    members += 1;
    if (storing) {
      stats.storedBytes += block.length;
      storedSince += block.length;
      if (storedSince >= RETRY_AFTER) {
        storing = false;
        storedSince = 0;
      }
      return gzip(block, { level: 0 });
    }
    const out = await gzip(block, { level });
    if (out.length > block.length * 0.95) storing = true;
    return out;
  }

  function take(): Buffer {
    const block = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return block;
  }

  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < BLOCK) return done();
      pack(take()).then((out) => done(null, out), done);
    },
    flush(done) {
      // An empty input still makes one (empty) member: a valid gzip file.
      if (pendingBytes === 0 && members > 0) return done();
      pack(take()).then((out) => done(null, out), done);
    },
  });
  return { stream, stats };
}
