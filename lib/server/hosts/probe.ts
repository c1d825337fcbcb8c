import 'server-only';
import type Docker from 'dockerode';
import { AppError } from '@/lib/errors';
import type { TEngineInfo, THostCounts } from '@/lib/types/fleet';
import { cachedRead } from '../docker/cache';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';
import { listContainers } from '../docker/containers';
import { listEngineVolumes } from '../docker/volumes';

type VersionInfo = {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
};
type SystemInfo = {
  Name?: string;
  NCPU?: number;
  MemTotal?: number;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  KernelVersion?: string;
  Containers?: number;
  ContainersRunning?: number;
  ContainersPaused?: number;
  ContainersStopped?: number;
  Images?: number;
  RegistryConfig?: {
    Mirrors?: string[] | null;
    InsecureRegistryCIDRs?: string[] | null;
    IndexConfigs?: Record<string, { Name?: string; Mirrors?: string[] | null; Secure?: boolean }> | null;
  } | null;
};

/** dockerode takes an abort signal on these calls, though its types do not say so. */
type SignalledEngine = {
  version(opts: { abortSignal: AbortSignal }): Promise<VersionInfo>;
  info(opts: { abortSignal: AbortSignal }): Promise<SystemInfo>;
};

/** Mirrors and insecure registries, since pull speed and trust depend on them. */
function registryConfig(
  config: SystemInfo['RegistryConfig'],
): Pick<TEngineInfo, 'registryMirrors' | 'insecureRegistries'> {
  const indexes = Object.entries(config?.IndexConfigs ?? {});
  const mirrors = [...(config?.Mirrors ?? []), ...indexes.flatMap(([, index]) => index.Mirrors ?? [])];
  const insecure = [
    ...indexes.filter(([, index]) => index.Secure === false).map(([name, index]) => index.Name || name),
    ...(config?.InsecureRegistryCIDRs ?? []),
  ];
  return { registryMirrors: [...new Set(mirrors)], insecureRegistries: [...new Set(insecure)] };
}

function engineInfo(version: VersionInfo, info: SystemInfo): TEngineInfo {
  if (!version.ApiVersion || !version.Version) {
    throw new AppError(
      'HOST_UNREACHABLE',
      'the address answered, but not as a Docker engine (no API version)',
    );
  }
  return {
    name: info.Name ?? '',
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: info.OperatingSystem ?? version.Os ?? '',
    osType: info.OSType ?? version.Os ?? '',
    arch: info.Architecture ?? version.Arch ?? '',
    kernel: info.KernelVersion ?? version.KernelVersion ?? '',
    cpus: info.NCPU ?? 0,
    memoryBytes: info.MemTotal ?? 0,
    ...registryConfig(info.RegistryConfig),
  };
}

/** Asks the engine who it is; used to test a host before it is saved. */
export async function identifyEngine(
  docker: Docker,
  conn: Pick<HostConnection, 'name' | 'timeoutMs'>,
): Promise<TEngineInfo & { images: number }> {
  return withDeadline(conn, 'identify engine', async (abortSignal) => {
    const [version, info] = await Promise.all([
      (docker as unknown as SignalledEngine).version({ abortSignal }),
      (docker as unknown as SignalledEngine).info({ abortSignal }),
    ]);
    if (typeof version !== 'object' || version === null || typeof info !== 'object' || info === null) {
      throw new AppError(
        'HOST_UNREACHABLE',
        `${conn.name}: the address answered, but not as a Docker engine`,
      );
    }
    return { ...engineInfo(version, info), images: info.Images ?? 0 };
  });
}

const ENGINE_TTL_MS = 15_000;

/** Engine facts and counts in one round of parallel calls, all under the host's deadline. */
export async function probeHost(conn: HostConnection): Promise<{ engine: TEngineInfo; counts: THostCounts }> {
  const docker = getDocker(conn);
  // Engine facts and the volume list change rarely, and image and volume events clear them; the
  // container list, which also says whether the host answers now, is re-read after its own short TTL.
  const [{ images, ...engine }, containers, volumes] = await Promise.all([
    cachedRead(conn.id, 'engine', ENGINE_TTL_MS, () => identifyEngine(docker, conn)),
    listContainers(conn),
    listEngineVolumes(conn),
  ]);
  const counts: THostCounts = {
    containers: containers.length,
    running: containers.filter((c) => c.state === 'running').length,
    stopped: containers.filter((c) => c.state === 'exited' || c.state === 'created' || c.state === 'dead')
      .length,
    paused: containers.filter((c) => c.state === 'paused').length,
    unhealthy: containers.filter((c) => c.health === 'unhealthy').length,
    restarting: containers.filter((c) => c.state === 'restarting').length,
    images,
    volumes: volumes.length,
  };
  return { engine, counts };
}
