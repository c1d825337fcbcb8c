import { describe, expect, it } from 'vitest';
import type { TRegistryTag } from '@/lib/types/registries';
import {
  countKinds,
  DEFAULT_TAG_SORT,
  filterAndSort,
  pendingTag,
  platformName,
  type TagRow,
  type TagSort,
  toRows,
} from './tags-model';

function tag(name: string, over: Partial<TRegistryTag> = {}): TRegistryTag {
  return { ...pendingTag(name), digest: `sha256:${name}`, ...over };
}

const names = (rows: TagRow[]) => rows.map((r) => r.name);
const by = (key: TagSort['key'], dir: TagSort['dir']): TagSort => ({ key, dir });

describe('platformName', () => {
  it('joins os, architecture and a variant when there is one', () => {
    expect(platformName({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
    expect(platformName({ os: 'linux', architecture: 'amd64', variant: null })).toBe('linux/amd64');
  });
});

describe('pendingTag', () => {
  it('knows the name only', () => {
    const t = pendingTag('v1');
    expect(t.name).toBe('v1');
    expect([t.digest, t.size, t.createdAt, t.platforms, t.error]).toEqual([null, null, null, null, null]);
    expect(t.runsOn).toEqual({ hosts: [], services: [] });
  });
});

describe('toRows', () => {
  it('classifies the tag, parses the creation time and marks pending rows', () => {
    const [sha, version, latest] = toRows([
      tag('3f2a9c1', { createdAt: '2024-05-01T10:00:00Z' }),
      tag('v1.2.3', { createdAt: 'not a date' }),
      tag('latest'),
    ]);
    expect([sha?.kind, version?.kind, latest?.kind]).toEqual(['git-sha', 'version', 'mutable']);
    expect(sha?.createdMs).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(version?.createdMs).toBeNull();
    expect(latest?.createdMs).toBeNull();
    expect(sha?.pending).toBe(false);
    expect(toRows([pendingTag('x')], true)[0]?.pending).toBe(true);
  });

  it('makes every searchable fact part of the lower-case haystack', () => {
    const [row] = toRows([
      tag('Main', {
        digest: 'sha256:ABC',
        revision: 'deadbeef',
        source: 'https://git.example.com/shop',
        os: 'linux',
        architecture: 'amd64',
        platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8', digest: 'sha256:p' }],
        runsOn: { hosts: ['edge-1'], services: ['checkout'] },
        error: 'Manifest Unknown',
      }),
    ]);
    for (const word of [
      'main',
      'sha256:abc',
      'deadbeef',
      'git.example.com/shop',
      'linux/amd64',
      'linux/arm64/v8',
      'edge-1',
      'checkout',
      'manifest unknown',
    ]) {
      expect(row?.haystack).toContain(word);
    }
    expect(row?.haystack).toBe(row?.haystack.toLowerCase());
  });

  it('does not invent linux/ when the architecture is unknown', () => {
    const [row] = toRows([tag('t', { os: 'linux', architecture: null })]);
    expect(row?.haystack).not.toContain('linux/');
  });
});

describe('countKinds', () => {
  it('counts all rows and each kind', () => {
    const rows = toRows([tag('latest'), tag('main'), tag('1.0'), tag('a1b2c3d4'), tag('v2')]);
    expect(countKinds(rows)).toEqual({ all: 5, 'git-sha': 1, version: 2, mutable: 2 });
    expect(countKinds([])).toEqual({ all: 0, 'git-sha': 0, version: 0, mutable: 0 });
  });
});

describe('filterAndSort', () => {
  const rows = toRows([
    tag('v10', { size: 300, createdAt: '2024-03-01T00:00:00Z', runsOn: { hosts: ['edge-1'], services: [] } }),
    tag('v2', { size: 100, createdAt: '2024-01-01T00:00:00Z' }),
    tag('latest', {
      size: null,
      createdAt: '2024-04-01T00:00:00Z',
      runsOn: { hosts: ['edge-1'], services: [] },
    }),
    tag('abc1234', { size: 200, createdAt: null }),
    tag('v9', { size: 100, createdAt: '2024-02-01T00:00:00Z' }),
  ]);

  it('defaults to the newest first', () => {
    expect(DEFAULT_TAG_SORT).toEqual({ key: 'created', dir: 'desc' });
    expect(names(filterAndSort(rows, '', 'all', DEFAULT_TAG_SORT))).toEqual([
      'latest',
      'v10',
      'v9',
      'v2',
      'abc1234',
    ]);
  });

  it('sorts names with numbers as numbers', () => {
    expect(names(filterAndSort(rows, '', 'version', by('name', 'asc')))).toEqual(['v2', 'v9', 'v10']);
    expect(names(filterAndSort(rows, '', 'version', by('name', 'desc')))).toEqual(['v10', 'v9', 'v2']);
  });

  it('puts unknown sizes and times last in both directions', () => {
    expect(names(filterAndSort(rows, '', 'all', by('size', 'asc'))).at(-1)).toBe('latest');
    expect(names(filterAndSort(rows, '', 'all', by('size', 'desc'))).at(-1)).toBe('latest');
    expect(names(filterAndSort(rows, '', 'all', by('created', 'asc'))).at(-1)).toBe('abc1234');
    expect(names(filterAndSort(rows, '', 'all', by('created', 'desc'))).at(-1)).toBe('abc1234');
  });

  it('keeps the given order between equal values, whatever the direction', () => {
    expect(names(filterAndSort(rows, '', 'all', by('size', 'asc')))).toEqual([
      'v2',
      'v9',
      'abc1234',
      'v10',
      'latest',
    ]);
    expect(names(filterAndSort(rows, '', 'all', by('size', 'desc')))).toEqual([
      'v10',
      'abc1234',
      'v2',
      'v9',
      'latest',
    ]);
  });

  it('keeps pending rows, which know no size or time, in the registry order at the end', () => {
    const mixed = [...rows, ...toRows([pendingTag('p2'), pendingTag('p1')], true)];
    expect(names(filterAndSort(mixed, '', 'all', DEFAULT_TAG_SORT)).slice(-3)).toEqual([
      'abc1234',
      'p2',
      'p1',
    ]);
  });

  it('filters by kind and by every word of the query', () => {
    expect(names(filterAndSort(rows, '', 'git-sha', DEFAULT_TAG_SORT))).toEqual(['abc1234']);
    expect(names(filterAndSort(rows, '', 'mutable', DEFAULT_TAG_SORT))).toEqual(['latest']);
    expect(names(filterAndSort(rows, ' EDGE-1 ', 'all', by('name', 'asc')))).toEqual(['latest', 'v10']);
    expect(names(filterAndSort(rows, 'edge-1 v1', 'all', by('name', 'asc')))).toEqual(['v10']);
    expect(names(filterAndSort(rows, 'edge-1', 'version', by('name', 'asc')))).toEqual(['v10']);
    expect(filterAndSort(rows, 'nowhere', 'all', DEFAULT_TAG_SORT)).toEqual([]);
  });

  it('does not reorder the rows it is given', () => {
    const before = names(rows);
    filterAndSort(rows, '', 'all', by('name', 'asc'));
    expect(names(rows)).toEqual(before);
  });
});
