import { formatAgo, formatDateTime } from '@/lib/format';
import type { TVolume, TVolumeProtection, TVolumeSizes } from '@/lib/types/volumes';
import type { SortState } from '../ui/table';

export const VOLUME_FILTERS = ['all', 'protected', 'orphans', 'unused', 'no-backup', 'data-only'] as const;
export type VolumeFilter = (typeof VOLUME_FILTERS)[number];

export const VOLUME_FILTER_LABEL: Record<VolumeFilter, string> = {
  all: 'All',
  protected: 'Protected',
  orphans: 'Orphans',
  unused: 'Unused',
  'no-backup': 'No recent backup',
  'data-only': 'Data-only',
};

export function isVolumeFilter(value: string | null): value is VolumeFilter {
  return value !== null && (VOLUME_FILTERS as readonly string[]).includes(value);
}

export type VolumeSortKey = 'host' | 'name' | 'driver' | 'users' | 'backup' | 'size' | 'age';

const HOUR_MS = 3_600_000;

/** No running container uses it: an orphan, or a volume only stopped or created containers mount. */
export function isUnused(v: TVolume): boolean {
  return !v.users.some((u) => u.state === 'running' || u.state === 'restarting' || u.state === 'paused');
}

/**
 * No backup within the warning period: the server's warning for a protected volume, never backed up,
 * or (when the period is known) backed up longer ago than that.
 */
export function lacksRecentBackup(v: TVolume, now: number, warnHours: number | null): boolean {
  if (v.backupWarning) return true;
  if (!v.lastBackup) return true;
  if (warnHours === null) return false;
  const at = Date.parse(v.lastBackup.at);
  return Number.isFinite(at) && now - at > warnHours * HOUR_MS;
}

export type FilterContext = { now: number; warnHours: number | null };

export function matchesFilter(v: TVolume, filter: VolumeFilter, ctx: FilterContext): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'protected':
      return v.protection.protected;
    case 'orphans':
      return v.orphan;
    case 'unused':
      return isUnused(v);
    case 'no-backup':
      return lacksRecentBackup(v, ctx.now, ctx.warnHours);
    case 'data-only':
      return v.heldBy.length > 0;
  }
}

export function countFilters(list: readonly TVolume[], ctx: FilterContext): Record<VolumeFilter, number> {
  const counts = Object.fromEntries(VOLUME_FILTERS.map((f) => [f, 0])) as Record<VolumeFilter, number>;
  for (const v of list) for (const f of VOLUME_FILTERS) if (matchesFilter(v, f, ctx)) counts[f]++;
  return counts;
}

function searchText(v: TVolume): string {
  return [
    v.host.name,
    v.name,
    v.driver,
    v.scope,
    v.anonymous ? 'anonymous' : 'named',
    v.orphan ? 'orphan' : '',
    v.protection.protected ? `protected ${v.protection.reason}` : '',
    v.heldBy.length > 0 ? 'data-only' : '',
    ...v.users.map((u) => `${u.name} ${u.state}`),
    ...v.services,
    ...Object.entries(v.labels).map(([k, val]) => `${k}=${val}`),
  ]
    .join(' ')
    .toLowerCase();
}

const TEXT = new WeakMap<TVolume, string>();

/** Every word of the query must appear in the host, name, driver, users, services, labels or protection. */
export function matchesText(v: TVolume, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  let text = TEXT.get(v);
  if (text === undefined) {
    text = searchText(v);
    TEXT.set(v, text);
  }
  return words.every((w) => text.includes(w));
}

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(t) ? t : -1;
}

function sortValue(v: TVolume, key: VolumeSortKey): string | number {
  switch (key) {
    case 'host':
      return v.host.name.toLowerCase();
    case 'name':
      return v.name.toLowerCase();
    case 'driver':
      return v.driver;
    case 'users':
      return v.users.length;
    case 'backup':
      return time(v.lastBackup?.at);
    case 'size':
      return v.size?.bytes ?? -1;
    case 'age':
      return v.orphan ? (v.ageDays ?? -1) : -2;
  }
}

/** Filters by the quick filter and the query, then sorts; ties go by host, then name. */
export function filterAndSortVolumes(
  list: readonly TVolume[],
  query: string,
  filter: VolumeFilter,
  sort: SortState<VolumeSortKey>,
  ctx: FilterContext,
): TVolume[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const rows = list.filter((v) => matchesFilter(v, filter, ctx) && matchesText(v, words));
  const dir = sort.dir === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va < vb) return -dir;
    if (va > vb) return dir;
    return a.host.name.localeCompare(b.host.name) || a.name.localeCompare(b.name);
  });
}

/** What the lock says when hovered: why, by whom and when. */
export function protectionTitle(p: TVolumeProtection): string {
  if (!p.protected) return 'Not protected';
  // The server words a label's reason itself (`the volume carries the label ...`).
  const source = p.source === 'label' ? '' : ' in Wharf';
  const who = p.by ? ` by ${p.by}` : '';
  const when = p.at ? ` on ${formatDateTime(p.at)}` : '';
  return `Protected${source}${who}${when}: ${p.reason}`;
}

/** The age of an orphan in days, or null for a volume some container refers to. */
export function orphanAgeLabel(v: TVolume): string | null {
  if (!v.orphan) return null;
  if (v.ageDays === null) return 'age unknown';
  if (v.ageDays < 1) return '< 1 day';
  return v.ageDays === 1 ? '1 day' : `${v.ageDays} days`;
}

/** The last backup as a relative time, or `never`. */
export function lastBackupLabel(v: TVolume, now: number): string {
  return v.lastBackup ? formatAgo(v.lastBackup.at, now) : 'never';
}

/** A host's disk-usage state in words: when the sizes shown were measured, or that they are being measured. */
export function sizesLabel(sizes: TVolumeSizes, now: number): string {
  const shown = sizes.measuredAt ? `; sizes shown are from ${formatAgo(sizes.measuredAt, now)}` : '';
  switch (sizes.status) {
    case 'none':
      return 'sizes never measured';
    case 'running':
      return `measuring sizes… (started ${formatAgo(sizes.startedAt, now)})`;
    case 'done':
      return `sizes from ${formatAgo(sizes.measuredAt ?? sizes.finishedAt, now)}`;
    case 'failed':
      return `measuring sizes failed${sizes.error ? `: ${sizes.error}` : ''}${shown}`;
  }
}

/** Users as a short line: `2 running · 1 data-only holder`. */
export function usersSummary(v: TVolume): string {
  if (v.users.length === 0) return 'no container';
  const running = v.users.filter((u) => u.state === 'running').length;
  const holders = v.users.filter((u) => u.dataOnly && u.state !== 'running').length;
  const others = v.users.length - running - holders;
  return [
    running ? `${running} running` : '',
    holders ? `${holders} data-only` : '',
    others > 0 ? `${others} stopped` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
