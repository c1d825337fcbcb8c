import 'server-only';
import { AppError } from '@/lib/errors';
import type { THostOutcome, THostResult } from '@/lib/types/fleet';
import type { HostConnection } from './client';

/** Calls every host in parallel; one bad host is a row with its error, never an exception. */
export function fanOut<T>(
  hosts: HostConnection[],
  call: (host: HostConnection) => Promise<T>,
): Promise<THostResult<T>[]> {
  return Promise.all(
    hosts.map(async (host): Promise<THostResult<T>> => {
      const started = performance.now();
      const ref = { id: host.id, name: host.name };
      try {
        const data = await call(host);
        return { host: ref, ok: true, data, ms: Math.round(performance.now() - started) };
      } catch (error) {
        const e =
          error instanceof AppError
            ? error
            : new AppError('HOST_UNREACHABLE', `${host.name}: ${String(error)}`);
        return {
          host: ref,
          ok: false,
          error: { code: e.code, message: e.message },
          ms: Math.round(performance.now() - started),
        };
      }
    }),
  );
}

/** Each host's outcome without its data, for answers that merge the data of every host. */
export function outcomes<T>(results: THostResult<T>[]): THostOutcome[] {
  return results.map((r) =>
    r.ok ? { host: r.host, ok: true, ms: r.ms } : { host: r.host, ok: false, ms: r.ms, error: r.error },
  );
}
