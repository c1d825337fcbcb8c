/**
 * Drift rules over the fleet's images: pure, so every rule is tested without engines.
 * Input is what the engines and the registry said; output is one row per repository:tag.
 */
import type { TContainer } from '@/lib/types/fleet';
import type { TDrift, TDriftCounts, TFleetImage, THostImage, THostRef, TImageRole } from '@/lib/types/images';
import { classifyTag, familiarRepository, tryParseReference } from './reference';

export const REVISION_LABEL = 'org.opencontainers.image.revision';
export const SOURCE_LABEL = 'org.opencontainers.image.source';
/** An explicit role label wins over what Wharf infers. */
export const ROLE_LABEL = 'wharf.image.role';

export type HostImagesInput = {
  host: THostRef;
  images: THostImage[];
  containers: Pick<TContainer, 'id' | 'name' | 'image' | 'imageId' | 'state' | 'service'>[];
};

export type RegistryDigest = {
  registry: { id: string; name: string };
  /** null when the registry has no such tag. */
  digest: string | null;
  error: string | null;
};

export type DigestSeen = { digest: string; firstSeen: string };

export type FleetDriftInput = {
  hosts: HostImagesInput[];
  /** By `repository:tag` key (see tagKey). */
  registryDigests: Map<string, RegistryDigest>;
  /** Every digest seen for a tag, oldest first, by tagKey. */
  history: Map<string, DigestSeen[]>;
};

/** The key of a tag independent of how a reference was written: `domain/path:tag`. */
export function tagKey(repository: string, tag: string): string {
  return `${repository}:${tag}`;
}

/** A container's image as written at create time, as a tag key; null for an id or a digest. */
export function containerTagKey(image: string): string | null {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(image)) return null;
  const ref = tryParseReference(image);
  if (!ref || ref.digest) return null;
  return tagKey(ref.repository, ref.tag ?? 'latest');
}

export function imageRole(labels: Record<string, string>): TImageRole {
  const explicit = labels[ROLE_LABEL];
  if (explicit === 'app' || explicit === 'middleware' || explicit === 'base') return explicit;
  return labels[REVISION_LABEL] ? 'app' : 'unknown';
}

/** This repository's digest among an image's RepoDigests (`name@sha256:...`). */
export function digestFor(repository: string, repoDigests: readonly string[]): string | null {
  for (const entry of repoDigests) {
    const ref = tryParseReference(entry);
    if (ref?.digest && ref.repository === repository) return ref.digest;
  }
  return null;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

type Building = TFleetImage & { labels: Record<string, string> };

function collect(input: FleetDriftInput): Map<string, Building> {
  const items = new Map<string, Building>();
  for (const { host, images, containers } of input.hosts) {
    for (const image of images) {
      const running = containers.filter((c) => c.imageId === image.id && c.state === 'running').length;
      const total = containers.filter((c) => c.imageId === image.id).length;
      for (const repoTag of image.repoTags) {
        const ref = tryParseReference(repoTag);
        if (!ref?.tag) continue;
        const key = tagKey(ref.repository, ref.tag);
        let item = items.get(key);
        if (!item) {
          const reg = input.registryDigests.get(key);
          item = {
            ref: `${familiarRepository(ref)}:${ref.tag}`,
            repository: ref.repository,
            tag: ref.tag,
            tagKind: classifyTag(ref.tag),
            role: imageRole(image.labels),
            registry: reg?.registry ?? null,
            registryDigest: reg?.digest ?? null,
            registryError: reg?.error ?? null,
            revision: image.labels[REVISION_LABEL] ?? null,
            source: image.labels[SOURCE_LABEL] ?? null,
            hosts: [],
            drift: [],
            labels: image.labels,
          };
          items.set(key, item);
        }
        item.hosts.push({
          host,
          imageId: image.id,
          digest: digestFor(ref.repository, image.repoDigests),
          size: image.size,
          createdAt: image.createdAt,
          running,
          containers: total,
        });
      }
    }
  }
  return items;
}

function hostsDiffer(item: TFleetImage): TDrift | null {
  const byId = new Map<string, string[]>();
  for (const h of item.hosts) byId.set(h.imageId, [...(byId.get(h.imageId) ?? []), h.host.name]);
  if (byId.size < 2) return null;
  const parts = [...byId.entries()].map(
    ([id, hosts]) => `${listNames(hosts)} ${hosts.length > 1 ? 'have' : 'has'} ${short(id)}`,
  );
  return {
    kind: 'hosts-differ',
    severity: item.tagKind === 'git-sha' ? 'alarm' : 'warning',
    message: `${item.ref} is a different image on different hosts: ${parts.join('; ')}.`,
    hosts: item.hosts.map((h) => h.host.name),
    digests: [...byId.keys()],
  };
}

function registryMoved(item: TFleetImage): TDrift | null {
  if (!item.registryDigest) return null;
  const behind = item.hosts.filter((h) => h.digest !== null && h.digest !== item.registryDigest);
  if (behind.length === 0) return null;
  const names = behind.map((h) => h.host.name);
  return {
    kind: 'registry-moved',
    severity: item.tagKind === 'git-sha' ? 'alarm' : 'warning',
    message: `The tag moved in ${item.registry?.name ?? 'the registry'} after ${listNames(names)} pulled it: the registry has ${short(item.registryDigest)}, ${listNames(names)} ${names.length > 1 ? 'have' : 'has'} ${listNames([...new Set(behind.map((h) => short(h.digest ?? '')))])}.`,
    hosts: names,
    digests: [item.registryDigest, ...new Set(behind.map((h) => h.digest ?? ''))],
  };
}

function shaTagMoved(item: TFleetImage, seen: DigestSeen[] | undefined): TDrift | null {
  if (item.tagKind !== 'git-sha') return null;
  const digests = new Map<string, string>();
  for (const s of seen ?? []) if (!digests.has(s.digest)) digests.set(s.digest, s.firstSeen);
  for (const d of [item.registryDigest, ...item.hosts.map((h) => h.digest)]) {
    if (d && !digests.has(d)) digests.set(d, '');
  }
  if (digests.size < 2) return null;
  const list = [...digests.entries()].map(([d, at]) => (at ? `${short(d)} (first seen ${at})` : short(d)));
  return {
    kind: 'sha-tag-moved',
    severity: 'alarm',
    message: `Git-SHA tag ${item.tag} has pointed at ${digests.size} different digests: ${list.join(', ')}. A commit's tag must never be reused; find out who pushed it.`,
    hosts: item.hosts.map((h) => h.host.name),
    digests: [...digests.keys()],
  };
}

function staleContainers(item: TFleetImage, input: FleetDriftInput): TDrift | null {
  const key = tagKey(item.repository, item.tag);
  const stale: { host: string; id: string; name: string }[] = [];
  for (const { host, containers } of input.hosts) {
    const current = item.hosts.find((h) => h.host.id === host.id)?.imageId;
    if (!current) continue;
    for (const c of containers) {
      if (c.state !== 'running' || c.imageId === current) continue;
      if (containerTagKey(c.image) === key) stale.push({ host: host.name, id: c.id, name: c.name });
    }
  }
  if (stale.length === 0) return null;
  return {
    kind: 'stale-container',
    severity: 'warning',
    message: `${stale.length === 1 ? 'A running container runs' : `${stale.length} running containers run`} an older image than ${item.ref} now points to on its host: ${stale.map((c) => `${c.name} on ${c.host}`).join(', ')}. Recreate ${stale.length === 1 ? 'it' : 'them'} or pin the old image.`,
    hosts: [...new Set(stale.map((c) => c.host))],
    containers: stale,
  };
}

function mutableTag(item: TFleetImage, input: FleetDriftInput): TDrift | null {
  if (item.tagKind !== 'mutable') return null;
  const key = tagKey(item.repository, item.tag);
  const users: { host: string; id: string; name: string }[] = [];
  for (const { host, containers } of input.hosts) {
    for (const c of containers) {
      if (c.state === 'running' && containerTagKey(c.image) === key)
        users.push({ host: host.name, id: c.id, name: c.name });
    }
  }
  if (users.length === 0) return null;
  return {
    kind: 'mutable-tag',
    severity: 'warning',
    message: `${users.length === 1 ? 'A running container uses' : `${users.length} running containers use`} the mutable tag ${item.tag}: ${users.map((c) => `${c.name} on ${c.host}`).join(', ')}. What runs can change under it; deploy an immutable tag.`,
    hosts: [...new Set(users.map((c) => c.host))],
    containers: users,
  };
}

function tagPolicy(item: TFleetImage): TDrift | null {
  if (item.role === 'app' && item.tagKind !== 'git-sha') {
    return {
      kind: 'tag-policy',
      severity: 'notice',
      message: `${item.ref} is an app image (it carries a Git revision label) without a Git-SHA tag; tag app images with the commit they were built from.`,
      hosts: item.hosts.map((h) => h.host.name),
    };
  }
  if ((item.role === 'base' || item.role === 'middleware') && item.tagKind !== 'version') {
    return {
      kind: 'tag-policy',
      severity: 'notice',
      message: `${item.ref} is a ${item.role} image without a version tag; tag base and middleware images with their version.`,
      hosts: item.hosts.map((h) => h.host.name),
    };
  }
  return null;
}

/** One row per repository:tag with every drift rule applied, sorted by repository and tag. */
export function fleetImages(input: FleetDriftInput): TFleetImage[] {
  const items = [...collect(input).entries()];
  return items
    .map(([key, { labels: _labels, ...item }]): TFleetImage => {
      const drift = [
        shaTagMoved(item, input.history.get(key)),
        hostsDiffer(item),
        registryMoved(item),
        staleContainers(item, input),
        mutableTag(item, input),
        tagPolicy(item),
      ].filter((d): d is TDrift => d !== null);
      item.hosts.sort((a, b) => a.host.name.localeCompare(b.host.name));
      return { ...item, drift };
    })
    .sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag));
}

export function emptyCounts(): TDriftCounts {
  return { alarm: 0, warning: 0, notice: 0 };
}

/** Drift counted in total and per host name, for the badges on hosts and the overview. */
export function countDrift(
  items: TFleetImage[],
  hostNames: string[],
): {
  total: TDriftCounts;
  byHost: Record<string, TDriftCounts>;
} {
  const total = emptyCounts();
  const byHost: Record<string, TDriftCounts> = {};
  for (const name of hostNames) byHost[name] = emptyCounts();
  for (const item of items) {
    for (const d of item.drift) {
      total[d.severity] += 1;
      for (const h of d.hosts) {
        byHost[h] ??= emptyCounts();
        byHost[h][d.severity] += 1;
      }
    }
  }
  return { total, byHost };
}
