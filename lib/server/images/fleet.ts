import 'server-only';
import { isAppError } from '@/lib/errors';
import {
  countDrift,
  digestFor,
  fleetImages,
  type HostImagesInput,
  type RegistryDigest,
  tagKey,
} from '@/lib/images/drift';
import { classifyTag, tryParseReference } from '@/lib/images/reference';
import { mapLimit } from '@/lib/map-limit';
import type { RegistryRow } from '@/lib/server/db/schema';
import { createdFromRef, listContainers } from '@/lib/server/docker/containers';
import { fanOut } from '@/lib/server/docker/fanout';
import { allConnections } from '@/lib/server/hosts/store';
import { registryDigest } from '@/lib/server/registry/api';
import { registryForDomain } from '@/lib/server/registry/store';
import type { TFleetImages } from '@/lib/types/images';
import { listHostImages } from './host-images';
import { type DigestObservation, digestHistory, recordDigests } from './tag-history';

/** A container list shows an image id where the container's tag has since moved on. */
const IMAGE_ID = /^(sha256:)?[0-9a-f]{12,64}$/;
const INSPECT_CONCURRENCY = 8;
/** Registry digest lookups in flight per registry. */
const REGISTRY_CONCURRENCY = 8;

type Tag = { repository: string; domain: string; path: string; tag: string };

/**
 * The registry's current digest of each tag that a configured registry serves. A registry that is
 * down answers one error for all its tags instead of one timeout per tag.
 */
async function registryDigests(
  tags: Tag[],
): Promise<{ digests: Map<string, RegistryDigest>; registries: TFleetImages['registries'] }> {
  const byDomain = new Map<string, Tag[]>();
  for (const t of tags) byDomain.set(t.domain, [...(byDomain.get(t.domain) ?? []), t]);
  const digests = new Map<string, RegistryDigest>();
  const registries: TFleetImages['registries'] = [];
  await Promise.all(
    [...byDomain.entries()].map(async ([domain, list]) => {
      const row: RegistryRow | null = await registryForDomain(domain);
      if (!row) return;
      const registry = { id: row.id, name: row.name };
      let down: string | null = null;
      await mapLimit(list, REGISTRY_CONCURRENCY, async (t) => {
        const key = tagKey(t.repository, t.tag);
        if (down) {
          digests.set(key, { registry, digest: null, error: down });
          return;
        }
        try {
          digests.set(key, { registry, digest: await registryDigest(row, t.path, t.tag), error: null });
        } catch (error) {
          const message = isAppError(error) ? error.message : String(error);
          if (isAppError(error) && (error.code === 'HOST_UNREACHABLE' || error.code === 'HOST_TIMEOUT')) {
            down = message;
          }
          digests.set(key, { registry, digest: null, error: message });
        }
      });
      registries.push({ ...registry, ok: down === null, error: down });
    }),
  );
  return { digests, registries: registries.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** `GET /api/v1/images`: every repository:tag across the fleet with its drift. */
export async function fleetImageView(): Promise<TFleetImages> {
  const conns = await allConnections();
  const results = await fanOut(conns, async (conn) => {
    const [images, listed] = await Promise.all([listHostImages(conn), listContainers(conn)]);
    const containers = await mapLimit(listed, INSPECT_CONCURRENCY, async (c) =>
      c.state === 'running' && IMAGE_ID.test(c.image)
        ? { ...c, image: await createdFromRef(conn, c.id).catch(() => c.image) }
        : c,
    );
    return { images, containers };
  });
  const hosts: HostImagesInput[] = [];
  for (const r of results) if (r.ok) hosts.push({ host: r.host, ...r.data });

  const tags = new Map<string, Tag>();
  const observations: DigestObservation[] = [];
  for (const { host, images } of hosts) {
    for (const image of images) {
      for (const repoTag of image.repoTags) {
        const ref = tryParseReference(repoTag);
        if (!ref?.tag) continue;
        tags.set(tagKey(ref.repository, ref.tag), { ...ref, tag: ref.tag });
        const digest = digestFor(ref.repository, image.repoDigests);
        if (digest && classifyTag(ref.tag) === 'git-sha') {
          observations.push({
            repository: ref.repository,
            tag: ref.tag,
            digest,
            source: `host:${host.name}`,
          });
        }
      }
    }
  }

  const { digests, registries } = await registryDigests([...tags.values()]);
  for (const [key, value] of digests) {
    const t = tags.get(key);
    if (t && value.digest && classifyTag(t.tag) === 'git-sha') {
      observations.push({
        repository: t.repository,
        tag: t.tag,
        digest: value.digest,
        source: `registry:${value.registry.name}`,
      });
    }
  }
  const shaTags = [...tags.values()].filter((t) => classifyTag(t.tag) === 'git-sha');
  await recordDigests(observations);
  const history = await digestHistory(shaTags);

  const items = fleetImages({ hosts, registryDigests: digests, history });
  const counts = countDrift(
    items,
    conns.map((c) => c.name),
  );
  return {
    items,
    hosts: results.map((r) => (r.ok ? { ...r, data: { images: r.data.images.length } } : r)),
    registries,
    driftByHost: counts.byHost,
    drift: counts.total,
    checkedAt: new Date().toISOString(),
  };
}
