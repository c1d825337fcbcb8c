import type { TContainer } from '@/lib/types/fleet';
import type { SortState } from '../ui/table';

export const QUICK_FILTERS = ['all', 'running', 'stopped', 'unhealthy', 'restarting'] as const;
export type QuickFilter = (typeof QUICK_FILTERS)[number];

export type ContainerSortKey = 'name' | 'image' | 'state' | 'health' | 'status' | 'service' | 'created';

const STOPPED = new Set(['exited', 'created', 'dead']);

export function matchesQuick(c: TContainer, quick: QuickFilter): boolean {
  switch (quick) {
    case 'all':
      return true;
    case 'running':
      return c.state === 'running';
    case 'stopped':
      return STOPPED.has(c.state);
    case 'unhealthy':
      return c.health === 'unhealthy';
    case 'restarting':
      return c.state === 'restarting';
  }
}

export function countQuick(list: readonly TContainer[]): Record<QuickFilter, number> {
  const counts: Record<QuickFilter, number> = {
    all: list.length,
    running: 0,
    stopped: 0,
    unhealthy: 0,
    restarting: 0,
  };
  for (const c of list) {
    if (c.state === 'running') counts.running++;
    if (STOPPED.has(c.state)) counts.stopped++;
    if (c.health === 'unhealthy') counts.unhealthy++;
    if (c.state === 'restarting') counts.restarting++;
  }
  return counts;
}

/** Every word of the query must appear in the name, image, state, health or service. */
export function matchesText(c: TContainer, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const hay = `${c.name} ${c.image} ${c.state} ${c.health ?? ''} ${c.service ?? ''}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

const HEALTH_ORDER: Record<string, number> = { unhealthy: 0, starting: 1, healthy: 2 };

function sortValue(c: TContainer, key: ContainerSortKey): string | number {
  switch (key) {
    case 'name':
      return c.name.toLowerCase();
    case 'image':
      return c.image.toLowerCase();
    case 'state':
      return c.state;
    case 'health':
      return c.health ? (HEALTH_ORDER[c.health] ?? 3) : 4;
    case 'status':
      return c.status.toLowerCase();
    case 'service':
      return c.service?.toLowerCase() ?? '\uffff';
    case 'created':
      return c.createdAt;
  }
}

export function filterAndSort(
  list: readonly TContainer[],
  query: string,
  quick: QuickFilter,
  sort: SortState<ContainerSortKey>,
): TContainer[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = list.filter((c) => matchesQuick(c, quick) && matchesText(c, words));
  const dir = sort.dir === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va < vb) return -dir;
    if (va > vb) return dir;
    return a.name.localeCompare(b.name);
  });
}
