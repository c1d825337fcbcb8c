import 'server-only';
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { mapLimit } from '@/lib/map-limit';
import { invalidateHost } from '@/lib/server/docker/cache';
import { getDocker, type HostConnection, withDeadline } from '@/lib/server/docker/client';
import type { THostImage, TPruneCandidate, TPrunePreview, TPruneResult } from '@/lib/types/images';
import { listHostImages } from './host-images';
import { layerChain } from './inspect';

/** How many images are inspected at once when their layers are first needed. */
const INSPECT_CONCURRENCY = 8;

/** The token a prune must send back: it names the host and the exact set of images. */
export function pruneToken(hostId: string, ids: string[]): string {
  return createHash('sha256')
    .update(`${hostId}\n${[...ids].sort().join('\n')}`)
    .digest('hex');
}

/**
 * Bytes freed by removing `going`: the layers only they hold. Layers are compared by chain id, so a
 * layer shared with any image that stays is not counted, and one shared among the removed counts once.
 */
async function reclaimable(
  conn: HostConnection,
  going: THostImage[],
  staying: THostImage[],
): Promise<number> {
  const chainOf = (withSizes: boolean) => (image: THostImage) =>
    layerChain(conn, image.id, withSizes).catch(() => null);
  // Only the layers that go need their sizes; for those that stay, their chain ids are enough.
  const [goingChains, stayingChains] = await Promise.all([
    mapLimit(going, INSPECT_CONCURRENCY, chainOf(true)),
    mapLimit(staying, INSPECT_CONCURRENCY, chainOf(false)),
  ]);
  const kept = new Set<string>();
  for (const chain of stayingChains) for (const layer of chain ?? []) kept.add(layer.chainId);
  const freed = new Map<string, number>();
  let unknown = 0;
  going.forEach((image, i) => {
    const chain = goingChains[i];
    if (!chain) {
      unknown += image.size;
      return;
    }
    for (const layer of chain) if (!kept.has(layer.chainId)) freed.set(layer.chainId, layer.size);
  });
  return unknown + [...freed.values()].reduce((sum, size) => sum + size, 0);
}

/** Dangling images (no tag) that no container uses, read now rather than from the cache. */
async function danglingImages(conn: HostConnection): Promise<{ going: THostImage[]; staying: THostImage[] }> {
  invalidateHost(conn.id, 'images');
  invalidateHost(conn.id, 'containers');
  const images = await listHostImages(conn);
  const isCandidate = (image: THostImage) => image.dangling && image.containers.length === 0;
  return { going: images.filter(isCandidate), staying: images.filter((image) => !isCandidate(image)) };
}

/** What a prune would remove now, the space it would free, and the token that confirms exactly this set. */
export async function previewPrune(conn: HostConnection): Promise<TPrunePreview> {
  const { going, staying } = await danglingImages(conn);
  const images = going
    .map(
      (image): TPruneCandidate => ({
        id: image.id,
        repoDigests: image.repoDigests,
        size: image.size,
        createdAt: image.createdAt,
      }),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return {
    host: { id: conn.id, name: conn.name },
    images,
    reclaimBytes: await reclaimable(conn, going, staying),
    confirm: pruneToken(
      conn.id,
      going.map((image) => image.id),
    ),
  };
}

/**
 * Removes exactly the dangling images of the preview whose token is `confirm`. If the set changed since
 * (an image became dangling, was used or went away), nothing is removed and the caller previews again.
 */
export async function pruneImages(conn: HostConnection, confirm: string): Promise<TPruneResult> {
  const { going, staying } = await danglingImages(conn);
  if (
    pruneToken(
      conn.id,
      going.map((image) => image.id),
    ) !== confirm
  ) {
    throw new AppError(
      'CONFLICT',
      `${conn.name}: the set of dangling images changed since the preview; preview again`,
    );
  }
  const removed: THostImage[] = [];
  const failed: TPruneResult['failed'] = [];
  try {
    for (const image of going) {
      try {
        await withDeadline(conn, 'remove image', (abortSignal) =>
          getDocker(conn).getImage(image.id).remove({ noprune: false, abortSignal }),
        );
        removed.push(image);
      } catch (error) {
        failed.push({ id: image.id, message: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    invalidateHost(conn.id, 'images');
  }
  const left = [...staying, ...going.filter((image) => !removed.includes(image))];
  return {
    host: { id: conn.id, name: conn.name },
    deleted: removed.map((image) => image.id),
    reclaimedBytes: await reclaimable(conn, removed, left),
    failed,
  };
}
