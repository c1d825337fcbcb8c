import 'server-only';
import { AppError } from '@/lib/errors';
import { tryParseReference } from '@/lib/images/reference';
import { invalidateHost } from '@/lib/server/docker/cache';
import { getDocker, type HostConnection, withDeadline } from '@/lib/server/docker/client';
import { listContainers } from '@/lib/server/docker/containers';
import type { TImageRemoveResult, TImageUser } from '@/lib/types/images';
import { inspectFresh } from './inspect';

type RemoveItem = { Untagged?: string; Deleted?: string };

/** `repository:tag` in one spelling, so `nginx:1` and `docker.io/library/nginx:1` compare equal. */
function tagKey(ref: string): string | null {
  const parsed = tryParseReference(ref);
  return parsed?.tag ? `${parsed.repository}:${parsed.tag}` : null;
}

/** The containers, running or not, created from the image: read now, not from the cache. */
export async function imageUsers(conn: HostConnection, imageId: string): Promise<TImageUser[]> {
  invalidateHost(conn.id, 'containers');
  const containers = await listContainers(conn);
  return containers
    .filter((c) => c.imageId === imageId)
    .map((c) => ({ id: c.id, name: c.name, state: c.state, service: c.service }));
}

export function inUseMessage(image: string, users: TImageUser[]): string {
  const names = users.map((u) => `${u.name} (${u.state})`).join(', ');
  const noun = users.length === 1 ? 'container' : 'containers';
  return `${image} is used by ${users.length} ${noun}: ${names}; remove those containers first`;
}

/** One engine delete, no force; an image that is already gone counts as done. */
async function deleteRef(conn: HostConnection, ref: string): Promise<RemoveItem[]> {
  try {
    const items = await withDeadline(conn, 'remove image', (abortSignal) =>
      getDocker(conn).getImage(ref).remove({ noprune: false, abortSignal }),
    );
    return (items ?? []) as RemoveItem[];
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return [];
    throw error;
  }
}

/**
 * Removes an image, or only one of its tags when `tag` names one of several. Removal is refused with
 * 409 naming the containers while any container, running or not, uses the image; untagging one of
 * several tags leaves the image, and its containers, as they are.
 */
export async function removeImage(
  conn: HostConnection,
  ref: string,
  tag: string | null = null,
): Promise<TImageRemoveResult> {
  const image = await inspectFresh(conn, ref);
  const result: TImageRemoveResult = {
    host: { id: conn.id, name: conn.name },
    id: image.id,
    untagged: [],
    deleted: [],
  };
  const record = (items: RemoveItem[]) => {
    for (const item of items) {
      if (item.Untagged) result.untagged.push(item.Untagged);
      if (item.Deleted) result.deleted.push(item.Deleted);
    }
  };
  try {
    if (tag !== null) {
      const wanted = tagKey(tag);
      const match = image.repoTags.find((t) => tagKey(t) === wanted);
      if (!match) throw new AppError('NOT_FOUND', `${conn.name}: image ${ref} has no tag ${tag}`);
      if (image.repoTags.length > 1) {
        record(await deleteRef(conn, match));
        return result;
      }
    }

    const users = await imageUsers(conn, image.id);
    if (users.length > 0) {
      throw new AppError(
        'CONFLICT',
        `${conn.name}: ${inUseMessage(image.repoTags[0] ?? image.id.slice(7, 19), users)}`,
        {
          containers: users,
        },
      );
    }
    // The engine deletes by id only when all references are in one repository: remove each reference
    // in turn (the last one takes the image with it), then the image itself if it is still there.
    for (const name of [...image.repoTags, ...image.repoDigests]) {
      if (result.untagged.includes(name)) continue;
      record(await deleteRef(conn, name));
    }
    if (!result.deleted.includes(image.id)) record(await deleteRef(conn, image.id));
    return result;
  } finally {
    invalidateHost(conn.id, 'images');
  }
}
