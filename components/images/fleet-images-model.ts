import type { TDriftSeverity, TFleetImage } from '@/lib/types/images';

export type TFleetFilters = { q: string; driftOnly: boolean; host: string | null };

export type TRepositoryGroup = { repository: string; items: TFleetImage[]; drift: number };

const RANK: Record<TDriftSeverity, number> = { alarm: 0, warning: 1, notice: 2 };

/** The worst severity of a tag's drift, or null. */
export function worstSeverity(item: TFleetImage): TDriftSeverity | null {
  let worst: TDriftSeverity | null = null;
  for (const d of item.drift) if (worst === null || RANK[d.severity] < RANK[worst]) worst = d.severity;
  return worst;
}

function newest(item: TFleetImage): number {
  let max = 0;
  for (const h of item.hosts) max = Math.max(max, Date.parse(h.createdAt) || 0);
  return max;
}

function matches(item: TFleetImage, words: string[]): boolean {
  if (words.length === 0) return true;
  const text = [
    item.ref,
    item.role,
    item.tagKind,
    item.revision ?? '',
    item.registryDigest ?? '',
    ...item.hosts.flatMap((h) => [h.host.name, h.imageId]),
    ...item.drift.map((d) => d.kind),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

function concernsHost(item: TFleetImage, host: string, driftOnly: boolean): boolean {
  if (driftOnly) return item.drift.some((d) => d.hosts.includes(host));
  return item.hosts.some((h) => h.host.name === host);
}

/** 0 for an alarm, 1 a warning, 2 a notice, 3 no drift: problems come first. */
function rank(item: TFleetImage): number {
  const worst = worstSeverity(item);
  return worst === null ? 3 : RANK[worst];
}

function groupRank(group: { items: TFleetImage[] }): number {
  return Math.min(3, ...group.items.map(rank));
}

/**
 * Filters the tags and groups them by repository. Repositories and tags with alarms come first, then
 * warnings, notices and the rest; alphabetical between repositories, newest first between tags.
 */
export function groupFleetImages(items: TFleetImage[], filters: TFleetFilters): TRepositoryGroup[] {
  const words = filters.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, TFleetImage[]>();
  for (const item of items) {
    if (filters.driftOnly && item.drift.length === 0) continue;
    if (filters.host && !concernsHost(item, filters.host, filters.driftOnly)) continue;
    if (!matches(item, words)) continue;
    const list = groups.get(item.repository) ?? [];
    list.push(item);
    groups.set(item.repository, list);
  }
  return [...groups.entries()]
    .map(([repository, list]) => ({
      repository,
      items: list.sort((a, b) => rank(a) - rank(b) || newest(b) - newest(a) || a.tag.localeCompare(b.tag)),
      drift: list.filter((i) => i.drift.length > 0).length,
    }))
    .sort((a, b) => groupRank(a) - groupRank(b) || a.repository.localeCompare(b.repository));
}

/**
 * For each host's image id, whether it stands out: when a tag means more than one image, the ids
 * that are not the most common one stand out; on a tie every id does.
 */
export function outliers(item: TFleetImage): Set<string> {
  const counts = new Map<string, number>();
  for (const h of item.hosts) counts.set(h.imageId, (counts.get(h.imageId) ?? 0) + 1);
  if (counts.size < 2) return new Set();
  const max = Math.max(...counts.values());
  const top = [...counts.entries()].filter(([, n]) => n === max);
  const common = top.length === 1 ? top[0]?.[0] : undefined;
  return new Set([...counts.keys()].filter((id) => id !== common));
}

/** A repository as a person writes it: without `docker.io/library/`. */
export function displayRepository(repository: string): string {
  if (repository.startsWith('docker.io/library/')) return repository.slice('docker.io/library/'.length);
  if (repository.startsWith('docker.io/')) return repository.slice('docker.io/'.length);
  return repository;
}
