import 'server-only';
import type Docker from 'dockerode';
import { cachedRead } from '@/lib/server/docker/cache';
import { getDocker, type HostConnection, withDeadline } from '@/lib/server/docker/client';
import { listContainers } from '@/lib/server/docker/containers';
import { eventClearedTtl } from '@/lib/server/docker/events';
import type { THostImage, THostImages, TImageUser } from '@/lib/types/images';

/**
 * Image lists change only with image events, which clear the host's cache while its event stream is
 * connected; without one, a short lifetime keeps a pull or a retag made elsewhere from going unseen.
 */

/** The engine's image list: one `GET /images/json` per host, shared by concurrent readers. */
export function listImageSummaries(conn: HostConnection): Promise<Docker.ImageInfo[]> {
  return cachedRead(conn.id, 'images', eventClearedTtl(conn.id), () =>
    withDeadline(conn, 'list images', (abortSignal) =>
      getDocker(conn).listImages({ all: false, abortSignal } as Docker.ListImagesOptions),
    ),
  );
}

function realTags(tags: string[] | null | undefined): string[] {
  return (tags ?? []).filter((t) => t !== '<none>:<none>');
}

function realDigests(digests: string[] | null | undefined): string[] {
  return (digests ?? []).filter((d) => !d.startsWith('<none>@'));
}

/** Every image on the host with the containers that use it, from one image list and one container list. */
export async function listHostImages(conn: HostConnection): Promise<THostImage[]> {
  const [images, containers] = await Promise.all([listImageSummaries(conn), listContainers(conn)]);
  const users = new Map<string, TImageUser[]>();
  for (const c of containers) {
    const list = users.get(c.imageId) ?? [];
    list.push({ id: c.id, name: c.name, state: c.state, service: c.service });
    users.set(c.imageId, list);
  }
  return images
    .map((image): THostImage => {
      const repoTags = realTags(image.RepoTags);
      return {
        id: image.Id,
        repoTags,
        repoDigests: realDigests(image.RepoDigests),
        size: image.Size,
        createdAt: new Date(image.Created * 1000).toISOString(),
        labels: image.Labels ?? {},
        dangling: repoTags.length === 0,
        containers: users.get(image.Id) ?? [],
      };
    })
    .sort((a, b) => (a.repoTags[0] ?? '\uffff').localeCompare(b.repoTags[0] ?? '\uffff'));
}

/** The host page's image list: every image, dangling ones included, without any per-image inspect. */
export async function hostImages(conn: HostConnection): Promise<THostImages> {
  return { host: { id: conn.id, name: conn.name }, images: await listHostImages(conn) };
}
