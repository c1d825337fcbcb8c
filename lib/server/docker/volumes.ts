import 'server-only';
import type Docker from 'dockerode';
import { AppError } from '@/lib/errors';
import { cachedRead, invalidateHost } from './cache';
import { getDocker, type HostConnection, withDeadline } from './client';
import { eventClearedTtl } from './events';

export type EngineVolume = Docker.VolumeInspectInfo & { CreatedAt?: string };

/** Every volume on the host: one list call, shared by concurrent readers. Never the disk-usage call. */
export function listEngineVolumes(conn: HostConnection): Promise<EngineVolume[]> {
  return cachedRead(conn.id, 'volumes', eventClearedTtl(conn.id), () =>
    withDeadline(conn, 'list volumes', async (abortSignal) => {
      const answer = await getDocker(conn).listVolumes({ abortSignal } as object);
      return (answer.Volumes ?? []) as EngineVolume[];
    }),
  );
}

/** The volume as the engine sees it now; 404 when there is none of that name. */
export function inspectEngineVolume(conn: HostConnection, name: string): Promise<EngineVolume> {
  return withDeadline(
    conn,
    'inspect volume',
    (abortSignal) =>
      getDocker(conn)
        .getVolume(name)
        .inspect({ abortSignal } as object) as Promise<EngineVolume>,
  ).catch((error) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      throw new AppError('NOT_FOUND', `${conn.name}: no volume named ${name}`);
    throw error;
  });
}

export async function createEngineVolume(
  conn: HostConnection,
  spec: { name: string; driver?: string; labels?: Record<string, string>; options?: Record<string, string> },
): Promise<void> {
  try {
    await withDeadline(conn, 'create volume', (abortSignal) =>
      getDocker(conn).createVolume({
        Name: spec.name,
        Driver: spec.driver ?? 'local',
        Labels: spec.labels ?? {},
        DriverOpts: spec.options ?? {},
        abortSignal,
      } as object),
    );
  } finally {
    invalidateHost(conn.id, 'volumes');
  }
}

/** Removes a volume without force: the engine itself refuses one that a container uses. */
export async function removeEngineVolume(conn: HostConnection, name: string): Promise<void> {
  try {
    await withDeadline(conn, 'remove volume', (abortSignal) =>
      getDocker(conn)
        .getVolume(name)
        .remove({ abortSignal } as object),
    );
  } finally {
    invalidateHost(conn.id, 'volumes');
  }
}

/** Whether a volume was made by the engine for an anonymous mount rather than named by someone. */
export function isAnonymousVolume(v: Pick<EngineVolume, 'Name' | 'Labels'>): boolean {
  return v.Labels?.['com.docker.volume.anonymous'] !== undefined || /^[0-9a-f]{64}$/.test(v.Name);
}
