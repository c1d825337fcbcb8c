/** Which log drivers the Engine API can read back. Pure. */
import type { TLogReadability } from '@/lib/types/logs';

const READABLE = new Set(['json-file', 'local', 'journald']);

/**
 * Whether `docker logs` can read a container with this driver. Drivers that ship logs elsewhere are
 * readable only through the engine's dual-logging cache, which can be turned off.
 */
export function logReadability(driver: string, options: Record<string, string>): TLogReadability {
  if (READABLE.has(driver)) return { readable: true, message: null };
  if (driver === 'none')
    return { readable: false, message: 'the log driver is none: this container keeps no logs' };
  if (options['cache-disabled'] === 'true')
    return {
      readable: false,
      message: `the log driver is ${driver} with its local cache turned off: read the logs where ${driver} sends them`,
    };
  return {
    readable: true,
    message: `the log driver is ${driver}: Docker keeps only a local cache of these logs; the full logs are where ${driver} sends them`,
  };
}
