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
import { createLimiter, mapLimit } from '@/lib/map-limit';
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
 * The registry's current digest of each tag that a configured registry serves, asked as soon as a host
 * shows the tag, so the lookups overlap the slower hosts. A registry that is down answers one error for
 * all its tags instead of one timeout per tag.
 */
function registryLookups() {
  type Registry = { row: RegistryRow; run: ReturnType<typeof createLimiter>; down: string | null };
  const registries = new Map<string, Promise<Registry | null>>();
  const pending = new Map<string, Promise<RegistryDigest | null>>();

  const registryOf = (domain: string) => {
    let found = registries.get(domain);
    if (!found) {
      found = registryForDomain(domain).then((row) =>
        row ? { row, run: createLimiter(REGISTRY_CONCURRENCY), down: null } : null,
      );
      registries.set(domain, found);
    }
    return found;
  };

  const lookup = async (t: Tag): Promise<RegistryDigest | null> => {
    const reg = await registryOf(t.domain);
    if (!reg) return null;
    const registry = { id: reg.row.id, name: reg.row.name };
    return reg.run(async () => {
      if (reg.down) return { registry, digest: null, error: reg.down };
      try {
        return { registry, digest: await registryDigest(reg.row, t.path, t.tag), error: null };
      } catch (error) {
        const message = isAppError(error) ? error.message : String(error);
        if (isAppError(error) && (error.code === 'HOST_UNREACHABLE' || error.code === 'HOST_TIMEOUT')) {
          reg.down ??= message;
        }
        return { registry, digest: null, error: message };
      }
    });
  };

  return {
    ask(t: Tag): void {
      const key = tagKey(t.repository, t.tag);
      if (!pending.has(key)) pending.set(key, lookup(t));
    },
    async settle(): Promise<{
      digests: Map<string, RegistryDigest>;
      registries: TFleetImages['registries'];
    }> {
      const digests = new Map<string, RegistryDigest>();
      for (const [key, answer] of pending) {
        const value = await answer;
        if (value) digests.set(key, value);
      }
      const status: TFleetImages['registries'] = [];
      for (const reg of await Promise.all(registries.values())) {
        if (reg) status.push({ id: reg.row.id, name: reg.row.name, ok: reg.down === null, error: reg.down });
      }
      return { digests, registries: status.sort((a, b) => a.name.localeCompare(b.name)) };
    },
  };
}

/** The tags an image carries, parsed; tags off the grammar are left out. */
function tagsOf(repoTags: string[]): Tag[] {
  const out: Tag[] = [];
  for (const repoTag of repoTags) {
    const ref = tryParseReference(repoTag);
    if (ref?.tag) out.push({ ...ref, tag: ref.tag });
  }
  return out;
}

/** `GET /api/v1/images`: every repository:tag across the fleet with its drift. */
export async function fleetImageView(): Promise<TFleetImages> {
  const conns = await allConnections();
  const lookups = registryLookups();
  const results = await fanOut(conns, async (conn) => {
    const [images, listed] = await Promise.all([
      listHostImages(conn).then((images) => {
        for (const image of images) for (const t of tagsOf(image.repoTags)) lookups.ask(t);
        return images;
      }),
      listContainers(conn),
    ]);
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
      for (const t of tagsOf(image.repoTags)) {
        tags.set(tagKey(t.repository, t.tag), t);
        const digest = digestFor(t.repository, image.repoDigests);
        if (digest && classifyTag(t.tag) === 'git-sha') {
          observations.push({ repository: t.repository, tag: t.tag, digest, source: `host:${host.name}` });
        }
      }
    }
  }

  const { digests, registries } = await lookups.settle();
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
