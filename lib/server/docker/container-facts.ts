import 'server-only';
import { isUnboundedLog } from '@/lib/containers';
import { Lru } from '@/lib/lru';
import { createLimiter } from '@/lib/map-limit';
import { getDocker, type HostConnection, withDeadline } from './client';

/**
 * What a container was created with and never changes: its port bindings, exposed ports, legacy
 * links and log settings. Read by one inspect per container and kept for the container's life, so a port map or a
 * network view costs one container list once the host's containers have been seen.
 */
export type ContainerFacts = {
  /** `8080/tcp` -> the bindings asked for; an empty HostPort lets the engine pick one. */
  portBindings: Record<string, { HostIp: string; HostPort: string }[]>;
  publishAll: boolean;
  exposed: string[];
  links: string[];
  /** The log driver and its options; `unboundedLog` when json-file logs have no max-size. */
  logDriver: string;
  logOptions: Record<string, string>;
  unboundedLog: boolean;
};

const globalForFacts = globalThis as unknown as { wharfContainerFacts?: Lru<Promise<ContainerFacts>> };
globalForFacts.wharfContainerFacts ??= new Lru(20_000);
const cache = globalForFacts.wharfContainerFacts;
/** Inspects of containers not seen before run a few at a time per process. */
const limit = createLimiter(8);

export function containerFacts(conn: HostConnection, containerId: string): Promise<ContainerFacts> {
  const key = `${conn.id}\u0000${containerId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const loading = limit(() =>
    withDeadline(conn, 'inspect container', (abortSignal) =>
      getDocker(conn).getContainer(containerId).inspect({ abortSignal }),
    ),
  ).then(
    (info): ContainerFacts => ({
      portBindings: (info.HostConfig.PortBindings ?? {}) as ContainerFacts['portBindings'],
      publishAll: info.HostConfig.PublishAllPorts === true,
      exposed: Object.keys(info.Config.ExposedPorts ?? {}).sort(),
      links: info.HostConfig.Links ?? [],
      logDriver: info.HostConfig.LogConfig?.Type ?? 'json-file',
      logOptions: info.HostConfig.LogConfig?.Config ?? {},
      unboundedLog: isUnboundedLog(
        info.HostConfig.LogConfig?.Type ?? 'json-file',
        info.HostConfig.LogConfig?.Config ?? {},
      ),
    }),
  );
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return loading;
}
