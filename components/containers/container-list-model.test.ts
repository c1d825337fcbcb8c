import { describe, expect, it } from 'vitest';
import type { TContainer } from '@/lib/types/fleet';
import { countQuick, filterAndSort, matchesQuick, matchesText, QUICK_FILTERS } from './container-list-model';

function container(name: string, over: Partial<TContainer> = {}): TContainer {
  return {
    id: `id-${name}`,
    name,
    image: 'nginx:1',
    imageId: 'sha256:i',
    command: 'nginx',
    state: 'running',
    status: 'Up 2 hours',
    health: null,
    createdAt: '2024-01-01T00:00:00Z',
    ports: [],
    labels: {},
    service: null,
    networkMode: 'bridge',
    mounts: [],
    endpoints: [],
    ...over,
  };
}

const names = (list: TContainer[]) => list.map((c) => c.name);

const fleet = [
  container('web', { service: 'Shop', health: 'healthy', createdAt: '2024-03-01T00:00:00Z' }),
  container('db', {
    image: 'postgres:16',
    state: 'exited',
    status: 'Exited (0)',
    createdAt: '2024-01-01T00:00:00Z',
  }),
  container('init', { state: 'created', status: 'Created', createdAt: '2024-02-01T00:00:00Z' }),
  container('gone', { state: 'dead', status: 'Dead' }),
  container('worker', {
    state: 'restarting',
    status: 'Restarting (1)',
    service: 'shop',
    health: 'unhealthy',
  }),
  container('api', { health: 'starting', service: 'billing' }),
  container('sick', { health: 'unhealthy' }),
  container('paused', { state: 'paused', status: 'Up (Paused)' }),
];

describe('matchesQuick and countQuick', () => {
  it('count exactly what each quick filter shows', () => {
    const counts = countQuick(fleet);
    for (const quick of QUICK_FILTERS) {
      expect(counts[quick], quick).toBe(fleet.filter((c) => matchesQuick(c, quick)).length);
    }
  });

  it('take exited, created and dead as stopped, and a paused container as neither running nor stopped', () => {
    expect(countQuick(fleet)).toEqual({ all: 8, running: 3, stopped: 3, unhealthy: 2, restarting: 1 });
    expect(names(fleet.filter((c) => matchesQuick(c, 'stopped')))).toEqual(['db', 'init', 'gone']);
    expect(names(fleet.filter((c) => matchesQuick(c, 'unhealthy')))).toEqual(['worker', 'sick']);
    const paused = container('p', { state: 'paused' });
    expect(QUICK_FILTERS.filter((q) => matchesQuick(paused, q))).toEqual(['all']);
  });
});

describe('matchesText', () => {
  it('needs every word in the name, image, state, health or service', () => {
    const c = container('shop-web', {
      image: 'ghcr.io/acme/shop:v2',
      health: 'healthy',
      service: 'storefront',
    });
    expect(matchesText(c, [])).toBe(true);
    expect(matchesText(c, ['acme', 'running'])).toBe(true);
    expect(matchesText(c, ['healthy', 'storefront'])).toBe(true);
    expect(matchesText(c, ['acme', 'exited'])).toBe(false);
    // the status line and the command are not searched
    expect(matchesText(c, ['hours'])).toBe(false);
    expect(matchesText(c, ['nginx'])).toBe(false);
  });
});

describe('filterAndSort', () => {
  it('filters by quick filter and by query words, case-insensitively', () => {
    expect(names(filterAndSort(fleet, ' SHOP ', 'all', { key: 'name', dir: 'asc' }))).toEqual([
      'web',
      'worker',
    ]);
    expect(names(filterAndSort(fleet, 'shop', 'running', { key: 'name', dir: 'asc' }))).toEqual(['web']);
    expect(names(filterAndSort(fleet, 'postgres', 'running', { key: 'name', dir: 'asc' }))).toEqual([]);
  });

  it('sorts by name both ways', () => {
    expect(names(filterAndSort(fleet, '', 'stopped', { key: 'name', dir: 'asc' }))).toEqual([
      'db',
      'gone',
      'init',
    ]);
    expect(names(filterAndSort(fleet, '', 'stopped', { key: 'name', dir: 'desc' }))).toEqual([
      'init',
      'gone',
      'db',
    ]);
  });

  it('sorts health from unhealthy to healthy, then unknown health, then none', () => {
    const list = [
      container('none'),
      container('ok', { health: 'healthy' }),
      container('odd', { health: 'weird' as TContainer['health'] }),
      container('bad', { health: 'unhealthy' }),
      container('boot', { health: 'starting' }),
    ];
    expect(names(filterAndSort(list, '', 'all', { key: 'health', dir: 'asc' }))).toEqual([
      'bad',
      'boot',
      'ok',
      'odd',
      'none',
    ]);
  });

  it('puts containers without a service last when ascending, case-insensitively among the rest', () => {
    const list = [
      container('a', { service: null }),
      container('b', { service: 'zeta' }),
      container('c', { service: 'Alpha' }),
      container('d', { service: 'beta' }),
    ];
    expect(names(filterAndSort(list, '', 'all', { key: 'service', dir: 'asc' }))).toEqual([
      'c',
      'd',
      'b',
      'a',
    ]);
  });

  it('sorts by creation time', () => {
    expect(names(filterAndSort(fleet, '', 'stopped', { key: 'created', dir: 'desc' }))[0]).toBe('init');
    expect(names(filterAndSort(fleet, '', 'stopped', { key: 'created', dir: 'asc' }))[0]).toBe('db');
  });

  it('breaks ties by name, ascending whatever the direction', () => {
    const list = [container('c'), container('a'), container('b')];
    expect(names(filterAndSort(list, '', 'all', { key: 'image', dir: 'desc' }))).toEqual(['a', 'b', 'c']);
    expect(names(filterAndSort(list, '', 'all', { key: 'image', dir: 'asc' }))).toEqual(['a', 'b', 'c']);
  });

  it('leaves the list it is given in its order', () => {
    const list = [container('b'), container('a')];
    filterAndSort(list, '', 'all', { key: 'name', dir: 'asc' });
    expect(names(list)).toEqual(['b', 'a']);
  });
});
