import { classifyTag, type TagKind } from '@/lib/images/reference';
import { bareTag } from '@/lib/images/registry-tag';
import type { TPlatform, TRegistryTag } from '@/lib/types/registries';

/** `pending`: only the name is known yet; the details are still being read. */
export type TagRow = TRegistryTag & {
  kind: TagKind;
  createdMs: number | null;
  haystack: string;
  pending: boolean;
};
export type KindFilter = 'all' | TagKind;
export const KIND_FILTERS: readonly KindFilter[] = ['all', 'git-sha', 'version', 'mutable'];
export type TagSortKey = 'name' | 'size' | 'created';
export type TagSort = { key: TagSortKey; dir: 'asc' | 'desc' };
export const DEFAULT_TAG_SORT: TagSort = { key: 'created', dir: 'desc' };

export function platformName(p: Pick<TPlatform, 'os' | 'architecture' | 'variant'>): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** A tag known by name only, while its details are read. */
export function pendingTag(name: string): TRegistryTag {
  return bareTag(name);
}

/** Adds what filtering and sorting need once, so typing in the filter stays cheap for 500 tags. */
export function toRows(tags: TRegistryTag[], pending = false): TagRow[] {
  return tags.map((t) => {
    const created = t.createdAt ? Date.parse(t.createdAt) : Number.NaN;
    const platforms = t.platforms?.map(platformName) ?? [];
    return {
      ...t,
      kind: classifyTag(t.name),
      pending,
      createdMs: Number.isNaN(created) ? null : created,
      haystack: [
        t.name,
        t.digest ?? '',
        t.revision ?? '',
        t.source ?? '',
        t.os && t.architecture ? `${t.os}/${t.architecture}` : '',
        ...platforms,
        ...t.runsOn.hosts,
        ...t.runsOn.services,
        t.error ?? '',
      ]
        .join('\n')
        .toLowerCase(),
    };
  });
}

export function countKinds(rows: TagRow[]): Record<KindFilter, number> {
  const counts: Record<KindFilter, number> = { all: rows.length, 'git-sha': 0, version: 0, mutable: 0 };
  for (const r of rows) counts[r.kind]++;
  return counts;
}

function compare(a: TagRow, b: TagRow, key: TagSortKey): number {
  if (key === 'name') return a.name.localeCompare(b.name, undefined, { numeric: true });
  const av = key === 'size' ? a.size : a.createdMs;
  const bv = key === 'size' ? b.size : b.createdMs;
  if (av === bv) return 0;
  return (av ?? Number.NEGATIVE_INFINITY) - (bv ?? Number.NEGATIVE_INFINITY);
}

/** Filters by every word of the query and the kind, then sorts; unknown sizes and times sort last. */
export function filterAndSort(rows: TagRow[], query: string, kind: KindFilter, sort: TagSort): TagRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const kept = rows.filter(
    (r) => (kind === 'all' || r.kind === kind) && words.every((w) => r.haystack.includes(w)),
  );
  const sign = sort.dir === 'asc' ? 1 : -1;
  return kept
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const unknownA =
        sort.key === 'size' ? a.row.size === null : sort.key === 'created' && a.row.createdMs === null;
      const unknownB =
        sort.key === 'size' ? b.row.size === null : sort.key === 'created' && b.row.createdMs === null;
      if (unknownA !== unknownB) return unknownA ? 1 : -1;
      return sign * compare(a.row, b.row, sort.key) || a.index - b.index;
    })
    .map((x) => x.row);
}
