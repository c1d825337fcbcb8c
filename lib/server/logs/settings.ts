import 'server-only';
import { isAppError } from '@/lib/errors';
import { logReadability } from '@/lib/logs/readability';
import type { TContainerLogSettings, TFleetLogSettings, THostLogSettings } from '@/lib/types/logs';
import type { HostConnection } from '../docker/client';
import { containerFacts } from '../docker/container-facts';
import { listContainers } from '../docker/containers';
import { fanOut } from '../docker/fanout';
import { allConnections } from '../hosts/store';

/** Each container's log driver and options on a host, with unbounded and unreadable logs flagged. */
export async function hostLogSettings(conn: HostConnection): Promise<THostLogSettings> {
  const list = await listContainers(conn);
  const rows = await Promise.all(
    list.map(async (c): Promise<TContainerLogSettings | null> => {
      try {
        const f = await containerFacts(conn, c.id);
        return {
          id: c.id,
          name: c.name,
          state: c.state,
          driver: f.logDriver,
          options: f.logOptions,
          unbounded: f.unboundedLog,
          readable: logReadability(f.logDriver, f.logOptions),
        };
      } catch (error) {
        // Removed since the list was read.
        if (isAppError(error) && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    }),
  );
  return { containers: rows.filter((r): r is TContainerLogSettings => r !== null) };
}

/** Per host, how many containers have unbounded or unreadable logs; a host that fails is a row with its error. */
export async function fleetLogSettings(): Promise<TFleetLogSettings> {
  const results = await fanOut(await allConnections(), hostLogSettings);
  return {
    hosts: results.map((r) =>
      r.ok
        ? {
            host: r.host,
            ok: true,
            containers: r.data.containers.length,
            unbounded: r.data.containers.filter((c) => c.unbounded).length,
            unreadable: r.data.containers.filter((c) => !c.readable.readable).length,
          }
        : { host: r.host, ok: false, containers: 0, unbounded: 0, unreadable: 0, error: r.error },
    ),
  };
}
