import 'server-only';
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import { AppError } from '@/lib/errors';
import type { TarCounter } from '@/lib/volumes/tar-count';

/**
 * Passes a stream through, and fails it when no byte moved for `idleMs`: an engine that stalls or
 * stops reading in the middle of an archive ends the transfer instead of holding it open for ever.
 */
export function idleGuard(idleMs: number, what: string): Transform {
  let timer: NodeJS.Timeout | undefined;
  const guard: Transform = new Transform({
    transform(chunk, _encoding, done) {
      arm();
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
    destroy(error, done) {
      clearTimeout(timer);
      done(error);
    },
  });
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        guard.destroy(
          new AppError('HOST_TIMEOUT', `${what}: no data moved for ${Math.round(idleMs / 1000)} s`),
        ),
      idleMs,
    );
  }
  arm();
  return guard;
}

/** Counts the archive's entries as it passes; `finish()` fails for an archive cut short. */
export function countingTap(counter: TarCounter): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        counter.push(chunk);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

export function hashingTap(hash: Hash, size: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size.bytes += chunk.length;
      done(null, chunk);
    },
  });
}
