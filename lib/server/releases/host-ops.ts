import 'server-only';
import type Docker from 'dockerode';
import { isAppError } from '@/lib/errors';
import { decodeAll } from '@/lib/logs/decoder';
import type { TServiceSpec } from '@/lib/schemas/services';
import type { TLogLine } from '@/lib/types/logs';
import { invalidateHost } from '../docker/cache';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';

/** Labels that tie a container to Wharf; a container carrying them is one Wharf made for a release. */
export const SERVICE_LABEL = 'wharf.service';
export const RELEASE_LABEL = 'wharf.release';
export const MANAGED_LABEL = 'wharf.managed';
export const CONFIG_LABEL = 'wharf.config-hash';

/** How many log lines of a replaced or failed container a release keeps. */
export const KEPT_LOG_LINES = 500;

/** Stopping waits for the container to exit; allow for that beyond the host deadline. */
const slow = (conn: HostConnection, seconds = 10) => ({
  ...conn,
  timeoutMs: conn.timeoutMs + (seconds + 5) * 1000,
});

export function liveName(spec: Pick<TServiceSpec, 'name' | 'containerName'>): string {
  return spec.containerName ?? spec.name;
}

/** The name a replaced container keeps while it waits, stopped, for a rollback. */
export function keptName(spec: Pick<TServiceSpec, 'name' | 'containerName'>, releaseNumber: number): string {
  return `${liveName(spec)}.replaced-by-r${releaseNumber}`;
}

export function newName(spec: Pick<TServiceSpec, 'name' | 'containerName'>, releaseNumber: number): string {
  return `${liveName(spec)}.r${releaseNumber}-new`;
}

export type ContainerInfo = Docker.ContainerInspectInfo;

export async function inspectOrNull(conn: HostConnection, ref: string): Promise<ContainerInfo | null> {
  try {
    return await withDeadline(conn, 'inspect container', (abortSignal) =>
      getDocker(conn).getContainer(ref).inspect({ abortSignal }),
    );
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** Every container of the service on the host: labelled for it, or named as its live or kept container. */
export async function serviceContainers(
  conn: HostConnection,
  spec: Pick<TServiceSpec, 'name' | 'containerName'>,
): Promise<Docker.ContainerInfo[]> {
  const live = liveName(spec);
  const list = await withDeadline(conn, 'list containers', (abortSignal) =>
    getDocker(conn).listContainers({ all: true, abortSignal }),
  );
  return list.filter((c) => {
    const name = (c.Names?.[0] ?? '').replace(/^\//, '');
    return c.Labels?.[SERVICE_LABEL] === spec.name || name === live || name.startsWith(`${live}.`);
  });
}

/** Docker's create options for the spec, running the release's exact image. */
export function createOptions(
  spec: TServiceSpec,
  release: { id: string; number: number; image: string; configHash: string },
  name: string,
): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports) {
    const key = `${p.container}/${p.proto}`;
    exposed[key] = {};
    bindings[key] = [...(bindings[key] ?? []), { HostIp: p.hostIp, HostPort: String(p.host) }];
  }
  const env = [
    ...Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...Object.entries(spec.secretEnv).map(([k, v]) => `${k}=${v}`),
  ];
  const policy = spec.restartPolicy;
  return {
    name,
    Image: release.image,
    StopTimeout: spec.stopTimeoutSeconds,
    ...(spec.command ? { Cmd: spec.command } : {}),
    Env: env,
    ExposedPorts: exposed,
    Labels: {
      ...spec.labels,
      [SERVICE_LABEL]: spec.name,
      [RELEASE_LABEL]: release.id,
      [MANAGED_LABEL]: 'true',
      [CONFIG_LABEL]: release.configHash,
      'wharf.release.number': String(release.number),
    },
    HostConfig: {
      PortBindings: bindings,
      Binds: [
        ...spec.volumes.map((v) => `${v.name}:${v.target}${v.readOnly ? ':ro' : ''}`),
        ...(spec.binds ?? []).map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`),
      ],
      RestartPolicy: { Name: policy, ...(policy === 'on-failure' ? { MaximumRetryCount: 5 } : {}) },
      NetworkMode: spec.network,
      ...(spec.resources?.memoryMb ? { Memory: spec.resources.memoryMb * 1024 * 1024 } : {}),
      ...(spec.resources?.cpus ? { NanoCpus: Math.round(spec.resources.cpus * 1e9) } : {}),
      ...(spec.privileged ? { Privileged: true } : {}),
      ...(spec.pidMode ? { PidMode: spec.pidMode } : {}),
      ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
      ...(spec.devices?.length
        ? {
            Devices: spec.devices.map((d) => {
              const [onHost = d, inContainer = onHost] = d.split(':');
              return { PathOnHost: onHost, PathInContainer: inContainer, CgroupPermissions: 'rwm' };
            }),
          }
        : {}),
    },
  };
}

export async function createContainer(
  conn: HostConnection,
  options: Docker.ContainerCreateOptions,
): Promise<string> {
  const container = await withDeadline(conn, 'create container', (abortSignal) =>
    getDocker(conn).createContainer({ ...options, abortSignal } as Docker.ContainerCreateOptions),
  );
  invalidateHost(conn.id, 'containers');
  return container.id;
}

/** Joins the extra networks of a spec (the first one is the network mode). */
export async function connectNetworks(conn: HostConnection, id: string, networks: string[]): Promise<void> {
  for (const network of networks)
    await withDeadline(conn, `connect to network ${network}`, (abortSignal) =>
      getDocker(conn)
        .getNetwork(network)
        .connect({ Container: id, abortSignal } as object),
    );
}

export async function startContainer(conn: HostConnection, id: string): Promise<void> {
  await withDeadline(conn, 'start container', (abortSignal) =>
    getDocker(conn)
      .getContainer(id)
      .start({ abortSignal } as object),
  ).catch((error) => {
    if (isAppError(error) && error.code === 'CONFLICT' && /already|304/i.test(error.message)) return;
    throw error;
  });
  invalidateHost(conn.id, 'containers');
}

export async function stopContainer(conn: HostConnection, id: string, seconds: number): Promise<void> {
  await withDeadline(slow(conn, seconds), 'stop container', (abortSignal) =>
    getDocker(conn)
      .getContainer(id)
      .stop({ t: seconds, abortSignal } as object),
  ).catch((error) => {
    if (isAppError(error) && error.code === 'CONFLICT') return; // already stopped
    throw error;
  });
  invalidateHost(conn.id, 'containers');
}

export async function renameContainer(conn: HostConnection, id: string, name: string): Promise<void> {
  await withDeadline(conn, 'rename container', (abortSignal) =>
    getDocker(conn)
      .getContainer(id)
      .rename({ name, abortSignal } as object),
  );
  invalidateHost(conn.id, 'containers');
}

/** A kept container must not come back by itself (an engine restart revives `always` containers). */
export async function setRestartPolicy(
  conn: HostConnection,
  id: string,
  policy: TServiceSpec['restartPolicy'],
): Promise<void> {
  await withDeadline(conn, 'update restart policy', (abortSignal) =>
    getDocker(conn)
      .getContainer(id)
      .update({
        RestartPolicy: { Name: policy, ...(policy === 'on-failure' ? { MaximumRetryCount: 5 } : {}) },
        abortSignal,
      } as object),
  );
}

export async function removeContainer(conn: HostConnection, id: string): Promise<void> {
  await withDeadline(slow(conn), 'remove container', (abortSignal) =>
    getDocker(conn)
      .getContainer(id)
      .remove({ force: true, v: false, abortSignal } as object),
  ).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return;
    throw error;
  });
  invalidateHost(conn.id, 'containers');
}

/** The container's last lines, stdout and stderr, with Docker's timestamps. */
export async function lastLogLines(conn: HostConnection, id: string, tty: boolean): Promise<TLogLine[]> {
  const buffer = await withDeadline(conn, 'read logs', (abortSignal) =>
    getDocker(conn)
      .getContainer(id)
      .logs({
        stdout: true,
        stderr: true,
        tail: KEPT_LOG_LINES,
        timestamps: true,
        follow: false,
        abortSignal,
      } as {
        follow: false;
      }),
  );
  const raw = Buffer.isBuffer(buffer) ? buffer : Buffer.from(String(buffer));
  return decodeAll(raw, tty).slice(-KEPT_LOG_LINES);
}
