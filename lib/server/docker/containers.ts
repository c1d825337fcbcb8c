import 'server-only';
import type Docker from 'dockerode';
import { containerName, healthFromStatus, isUnboundedLog, maskEnv } from '@/lib/containers';
import type { TContainerAction } from '@/lib/schemas/hosts';
import type { TContainer, TContainerDetail, TMount, TPort } from '@/lib/types/fleet';
import { cachedRead, invalidateHost } from './cache';
import { getDocker, type HostConnection, withDeadline } from './client';

export const CONTAINERS_TTL_MS = 2000;

type EngineMount = {
  Type?: string;
  Name?: string;
  Source: string;
  Destination: string;
  Mode: string;
  RW: boolean;
};

function toMount(m: EngineMount): TMount {
  return {
    type: m.Type ?? 'volume',
    name: m.Name ?? null,
    source: m.Source,
    destination: m.Destination,
    mode: m.Mode,
    rw: m.RW,
  };
}

function toContainer(c: Docker.ContainerInfo): TContainer {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: containerName(c.Names, c.Id),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command,
    state: c.State,
    status: c.Status,
    health: healthFromStatus(c.Status),
    createdAt: new Date(c.Created * 1000).toISOString(),
    ports: (c.Ports ?? []).map(
      (p): TPort => ({
        ip: p.IP ?? null,
        privatePort: p.PrivatePort,
        publicPort: p.PublicPort ?? null,
        type: p.Type,
      }),
    ),
    labels,
    service: labels['wharf.service'] ?? null,
    networkMode: c.HostConfig?.NetworkMode ?? 'default',
    mounts: (c.Mounts ?? []).map(toMount),
    endpoints: Object.entries(c.NetworkSettings?.Networks ?? {}).map(([network, n]) => ({
      network,
      networkId: n.NetworkID ?? '',
      ipv4: n.IPAddress || null,
      ipv6: n.GlobalIPv6Address || null,
      mac: n.MacAddress || null,
    })),
  };
}

/** Every container on the host, running or not: one list call, shared by concurrent readers. */
export function listContainers(conn: HostConnection): Promise<TContainer[]> {
  return cachedRead(conn.id, 'containers', CONTAINERS_TTL_MS, () =>
    withDeadline(conn, 'list containers', async (abortSignal) => {
      const list = await getDocker(conn).listContainers({ all: true, abortSignal });
      return list.map(toContainer).sort((a, b) => a.name.localeCompare(b.name));
    }),
  );
}

export async function inspectContainer(
  conn: HostConnection,
  ref: string,
  canSeeSecrets: boolean,
): Promise<TContainerDetail> {
  const info = await withDeadline(conn, 'inspect container', (abortSignal) =>
    getDocker(conn).getContainer(ref).inspect({ abortSignal }),
  );
  const image = await withDeadline(conn, 'inspect image', (abortSignal) =>
    getDocker(conn)
      .getImage(info.Image)
      .inspect({ abortSignal } as object)
      .catch(() => null),
  );
  const labels = info.Config.Labels ?? {};
  const logConfig = info.HostConfig.LogConfig ?? { Type: 'json-file', Config: {} };
  const ports: TPort[] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings.Ports ?? {})) {
    const [privatePort, type] = key.split('/');
    if (!bindings || bindings.length === 0)
      ports.push({ ip: null, privatePort: Number(privatePort), publicPort: null, type: type ?? 'tcp' });
    for (const b of bindings ?? []) {
      ports.push({
        ip: b.HostIp || null,
        privatePort: Number(privatePort),
        publicPort: Number(b.HostPort) || null,
        type: type ?? 'tcp',
      });
    }
  }
  const state = info.State;
  const health = state.Health?.Status;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    command: [info.Path, ...(info.Args ?? [])].join(' '),
    state: state.Status,
    status: state.Status,
    health: health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : null,
    createdAt: info.Created,
    ports,
    labels,
    service: labels['wharf.service'] ?? null,
    networkMode: info.HostConfig.NetworkMode ?? 'default',
    startedAt: state.StartedAt && !state.StartedAt.startsWith('0001') ? state.StartedAt : null,
    finishedAt: state.FinishedAt && !state.FinishedAt.startsWith('0001') ? state.FinishedAt : null,
    exitCode: state.Running ? null : state.ExitCode,
    restartCount: info.RestartCount ?? 0,
    oomKilled: state.OOMKilled,
    imageDigest: image?.RepoDigests?.[0] ?? null,
    entrypoint: toList(info.Config.Entrypoint),
    cmd: toList(info.Config.Cmd),
    env: maskEnv(info.Config.Env ?? [], canSeeSecrets),
    mounts: (info.Mounts ?? []).map(toMount),
    endpoints: Object.entries(info.NetworkSettings.Networks ?? {}).map(([network, n]) => ({
      network,
      networkId: n.NetworkID ?? '',
      ipv4: n.IPAddress || null,
      ipv6: n.GlobalIPv6Address || null,
      mac: n.MacAddress || null,
    })),
    networks: Object.entries(info.NetworkSettings.Networks ?? {}).map(([name, n]) => ({
      name,
      ipAddress: n.IPAddress,
      gateway: n.Gateway,
      macAddress: n.MacAddress,
    })),
    restartPolicy: {
      name: info.HostConfig.RestartPolicy?.Name || 'no',
      maximumRetryCount: info.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    logConfig: {
      type: logConfig.Type,
      config: logConfig.Config ?? {},
      unbounded: isUnboundedLog(logConfig.Type, logConfig.Config ?? {}),
    },
    healthLog: (state.Health?.Log ?? [])
      .slice(-5)
      .map((l) => ({ start: l.Start, exitCode: l.ExitCode, output: l.Output })),
    hostname: info.Config.Hostname,
    user: info.Config.User,
    workingDir: info.Config.WorkingDir,
    privileged: info.HostConfig.Privileged ?? false,
  };
}

function toList(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : [value];
}

/** Start, stop or restart; answers the container's state afterwards. */
export async function actOnContainer(
  conn: HostConnection,
  ref: string,
  action: TContainerAction,
): Promise<{ id: string; name: string; state: string }> {
  const container = getDocker(conn).getContainer(ref);
  // Stop and restart wait for the container's own stop timeout; allow for it beyond the host deadline.
  const budget = { ...conn, timeoutMs: action === 'start' ? conn.timeoutMs : conn.timeoutMs + 12_000 };
  await withDeadline(budget, `${action} container`, async (abortSignal) => {
    if (action === 'start') await container.start({ abortSignal } as object);
    else if (action === 'stop') await container.stop({ abortSignal } as object);
    else await container.restart({ abortSignal } as object);
  }).catch((error) => {
    // Starting a running or stopping a stopped container is not an error worth a 409.
    if (
      error?.code === 'CONFLICT' &&
      /already|not running|304/i.test(error.message ?? '') &&
      action !== 'restart'
    )
      return;
    throw error;
  });
  invalidateHost(conn.id, 'containers');
  const info = await withDeadline(conn, 'inspect container', (abortSignal) =>
    container.inspect({ abortSignal }),
  );
  return { id: info.Id, name: info.Name.replace(/^\//, ''), state: info.State.Status };
}

const globalForRefs = globalThis as unknown as { wharfCreatedRefs?: Map<string, string> };
globalForRefs.wharfCreatedRefs ??= new Map();
const createdRefs = globalForRefs.wharfCreatedRefs;

/**
 * The image reference a container was created from. The container list shows an image id instead once
 * the tag has moved on, so that is when this is asked; a container's own config never changes, so the
 * answer is kept by container id.
 */
export async function createdFromRef(conn: HostConnection, containerId: string): Promise<string> {
  const key = `${conn.id}/${containerId}`;
  const known = createdRefs.get(key);
  if (known !== undefined) return known;
  const info = await withDeadline(conn, 'inspect container', (abortSignal) =>
    getDocker(conn).getContainer(containerId).inspect({ abortSignal }),
  );
  if (createdRefs.size > 20_000) createdRefs.clear();
  createdRefs.set(key, info.Config.Image);
  return info.Config.Image;
}
