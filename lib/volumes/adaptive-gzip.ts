import { Transform } from 'node:stream';
import zlib from 'node:zlib';

/** How much input each decision looks at. */
const WINDOW = 8 * 1024 * 1024;
/** While storing, the level is tried again after this much input, in case the data changed. */
const RETRY_AFTER = 8 * WINDOW;

/**
 * Gzip that stores what does not compress. Compressing random or already compressed data (media,
 * archives, encrypted files) costs most of a backup's time for nothing, so after each window whose
 * output was nearly as large as its input the level drops to 0, and the level is tried again now and
 * then. The output is one ordinary gzip stream whatever the levels used. Answers the three streams to
 * put in a pipeline, in order (the gate that decides, the gzip, and the meter of its output), and how
 * many input bytes were stored rather than compressed.
 */
export function adaptiveGzip(level = 1): {
  streams: [Transform, zlib.Gzip, Transform];
  stats: { storedBytes: number };
} {
  const stats = { storedBytes: 0 };
  const gzip = zlib.createGzip({ level, chunkSize: 256 * 1024 });
  let current = level;
  let windowIn = 0;
  let windowOut = 0;
  let stored = 0;

  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      windowOut += chunk.length;
      done(null, chunk);
    },
  });
  const gate = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      windowIn += chunk.length;
      if (current === 0) stats.storedBytes += chunk.length;
      if (windowIn < WINDOW) return done(null, chunk);
      let next = current;
      if (current > 0 && windowOut > windowIn * 0.95) next = 0;
      else if (current === 0) {
        stored += windowIn;
        if (stored >= RETRY_AFTER) next = level;
      }
      windowIn = 0;
      windowOut = 0;
      if (next === current) return done(null, chunk);
      if (next !== 0) stored = 0;
      current = next;
      // Flushes what gzip holds at the old level first; the chunk goes on once the new level is set.
      (gzip as zlib.Gzip & zlib.ZlibParams).params(current, zlib.constants.Z_DEFAULT_STRATEGY, () =>
        done(null, chunk),
      );
    },
  });
  return { streams: [gate, gzip, meter], stats };
}
