import 'server-only';
import type Docker from 'dockerode';
import { AppError } from '@/lib/errors';
import { invalidateHost } from '../docker/cache';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';
import { listContainers } from '../docker/containers';
import { newId } from '../ids';
import { listImageSummaries } from '../images/host-images';

/** Where a helper container mounts the volume it works on. */
export const HELPER_MOUNT = '/wharf-volume';
/** Marks Wharf's short-lived helper containers, which are never counted as a volume's users. */
export const HELPER_LABEL = 'wharf.helper';
const EXPIRES_LABEL = 'wharf.helper.expires';
/** A helper left behind by a crash is removed once it is this old. */
const HELPER_LIFETIME_MS = 6 * 3600_000;
/** The longest a whole archive transfer may take, on top of the idle limit below. */
export const TRANSFER_DEADLINE_MS = 6 * 3600_000;

/**
 * Images a helper can be made from, best first: those the volume's own containers use, then those of the
 * host's other containers (they are known to run there), then every other image, smallest first.
 */
export async function helperImages(conn: HostConnection, volume: string): Promise<string[]> {
  const [images, containers] = await Promise.all([listImageSummaries(conn), listContainers(conn)]);
  const own = containers
    .filter((c) => c.mounts.some((m) => m.type === 'volume' && m.name === volume))
    .map((c) => c.imageId);
  const used = containers.filter((c) => !c.labels[HELPER_LABEL]).map((c) => c.imageId);
  const rest = [...images].sort((a, b) => a.Size - b.Size).map((i) => i.Id);
  const onHost = new Set(images.map((i) => i.Id));
  return [...new Set([...own, ...used, ...rest])].filter((id) => onHost.has(id));
}

/** The first helper image, or a 409 that says what to do when the host has none. */
export async function helperImage(conn: HostConnection, volume: string): Promise<string> {
  const [first] = await helperImages(conn, volume);
  if (!first) {
    throw new AppError(
      'CONFLICT',
      `${conn.name}: there is no image on the host to make a helper container from; pull a small image (for example busybox) to the host first`,
    );
  }
  return first;
}

/** Removes helpers left behind by a crash; errors are ignored, the next call tries again. */
async function sweepExpiredHelpers(conn: HostConnection): Promise<void> {
  const now = Date.now();
  const containers = await listContainers(conn).catch(() => []);
  for (const c of containers) {
    const expires = Number(c.labels[EXPIRES_LABEL]);
    if (c.labels[HELPER_LABEL] && Number.isFinite(expires) && expires < now) {
      await removeHelper(conn, c.id);
    }
  }
}

async function removeHelper(conn: HostConnection, id: string): Promise<void> {
  await withDeadline(conn, 'remove helper container', (abortSignal) =>
    getDocker(conn).getContainer(id).remove({ force: true, v: false, abortSignal }),
  ).catch((error) => console.error(`[wharf] ${conn.name}: could not remove helper container ${id}`, error));
  invalidateHost(conn.id, 'containers');
}

/**
 * Runs `work` with a helper container that mounts the volume at HELPER_MOUNT and is removed afterwards.
 * The container is created, not started, unless `command` is given: the archive API reads and writes a
 * created container's volumes, so no program of the image has to run.
 */
export async function withHelper<T>(
  conn: HostConnection,
  spec: { volume: string; readOnly: boolean; image: string; command?: string[] },
  work: (container: Docker.Container) => Promise<T>,
): Promise<T> {
  await sweepExpiredHelpers(conn);
  const created = await withDeadline(conn, 'create helper container', (abortSignal) =>
    getDocker(conn).createContainer({
      name: `wharf-helper-${newId()}`,
      Image: spec.image,
      Entrypoint: spec.command ?? ['/wharf-helper-never-started'],
      Cmd: [],
      Labels: {
        [HELPER_LABEL]: 'volume',
        [EXPIRES_LABEL]: String(Date.now() + HELPER_LIFETIME_MS),
      },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        Mounts: [{ Type: 'volume', Source: spec.volume, Target: HELPER_MOUNT, ReadOnly: spec.readOnly }],
      },
      abortSignal,
    } as Docker.ContainerCreateOptions),
  );
  try {
    return await work(created);
  } finally {
    await removeHelper(conn, created.id);
  }
}

/** The idle limit of an archive transfer: the host's deadline, but never under 30 s. */
export function transferIdleMs(conn: HostConnection): number {
  return Math.max(conn.timeoutMs, 30_000);
}

/**
 * Runs a command in a helper container and waits for it to exit 0. Each image is tried with each of the
 * command's spellings (a program may be missing, or only a shell built-in) until one works; the error of
 * the last attempt is reported.
 */
export async function runInHelper(
  conn: HostConnection,
  volume: string,
  spellings: string[][],
  what: string,
): Promise<void> {
  const images = (await helperImages(conn, volume)).slice(0, 5);
  let last = 'there is no image on the host to run it in';
  for (const image of images) {
    for (const command of spellings) {
      const outcome = await withHelper(
        conn,
        { volume, readOnly: false, image, command },
        async (container) => {
          try {
            await withDeadline(conn, `start ${what}`, (abortSignal) => container.start({ abortSignal }));
          } catch (error) {
            return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
          }
          const result = (await withDeadline(
            { name: conn.name, timeoutMs: TRANSFER_DEADLINE_MS },
            what,
            (abortSignal) => container.wait({ abortSignal }),
          )) as { StatusCode: number };
          return result.StatusCode === 0
            ? { ok: true as const }
            : { ok: false as const, message: `${command.join(' ')} exited with ${result.StatusCode}` };
        },
      );
      if (outcome.ok) return;
      last = outcome.message;
    }
  }
  throw new AppError('CONFLICT', `${conn.name}: could not ${what}: ${last}`);
}
