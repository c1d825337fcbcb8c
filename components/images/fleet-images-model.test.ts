import { describe, expect, it } from 'vitest';
import type { TDrift, TDriftSeverity, TFleetImage } from '@/lib/types/images';
import {
  displayRepository,
  groupFleetImages,
  outliers,
  type TFleetFilters,
  worstSeverity,
} from './fleet-images-model';

const ALL: TFleetFilters = { q: '', driftOnly: false, host: null };

function drift(
  severity: TDriftSeverity,
  hosts: string[] = ['a'],
  kind: TDrift['kind'] = 'hosts-differ',
): TDrift {
  return { kind, severity, message: `${kind} ${severity}`, hosts };
}

function host(name: string, imageId: string, createdAt = '2024-01-01T00:00:00Z') {
  return {
    host: { id: `id-${name}`, name },
    imageId,
    digest: null,
    size: 1,
    createdAt,
    running: 0,
    containers: 0,
  };
}

function image(repository: string, tag: string, over: Partial<TFleetImage> = {}): TFleetImage {
  return {
    ref: `${repository}:${tag}`,
    repository,
    tag,
    tagKind: 'mutable',
    role: 'unknown',
    registry: null,
    registryDigest: null,
    registryError: null,
    revision: null,
    source: null,
    hosts: [host('a', 'sha256:1')],
    drift: [],
    ...over,
  };
}

const refs = (groups: ReturnType<typeof groupFleetImages>) =>
  groups.map((g) => [g.repository, g.items.map((i) => i.tag)]);

describe('worstSeverity', () => {
  it('is null without drift and the most serious severity otherwise, whatever the order', () => {
    expect(worstSeverity(image('r', 't'))).toBeNull();
    expect(
      worstSeverity(image('r', 't', { drift: [drift('notice'), drift('alarm'), drift('warning')] })),
    ).toBe('alarm');
    expect(worstSeverity(image('r', 't', { drift: [drift('notice'), drift('warning')] }))).toBe('warning');
  });
});

describe('groupFleetImages', () => {
  it('groups by repository, problem repositories first, then alphabetically', () => {
    const groups = groupFleetImages(
      [
        image('zeta', '1'),
        image('alpha', '1'),
        image('mid', '1', { drift: [drift('notice')] }),
        image('beta', '1', { drift: [drift('warning')] }),
        image('yak', '1', { drift: [drift('alarm')] }),
        image('alpha', '2'),
      ],
      ALL,
    );
    expect(groups.map((g) => g.repository)).toEqual(['yak', 'beta', 'mid', 'alpha', 'zeta']);
    expect(groups.find((g) => g.repository === 'alpha')?.items).toHaveLength(2);
  });

  it('ranks a repository by its worst tag', () => {
    const groups = groupFleetImages(
      [
        image('a-repo', 'x', { drift: [drift('warning')] }),
        image('b-repo', 'clean'),
        image('b-repo', 'bad', { drift: [drift('alarm')] }),
      ],
      ALL,
    );
    expect(groups.map((g) => g.repository)).toEqual(['b-repo', 'a-repo']);
  });

  it('orders tags by severity, then newest first, then by tag name', () => {
    const groups = groupFleetImages(
      [
        image('r', 'old', { hosts: [host('a', 'i1', '2024-01-01T00:00:00Z')] }),
        image('r', 'new', { hosts: [host('a', 'i2', '2024-06-01T00:00:00Z')] }),
        image('r', 'b-same', { hosts: [host('a', 'i3', '2024-03-01T00:00:00Z')] }),
        image('r', 'a-same', { hosts: [host('a', 'i4', '2024-03-01T00:00:00Z')] }),
        image('r', 'noticed', {
          hosts: [host('a', 'i5', '2020-01-01T00:00:00Z')],
          drift: [drift('notice')],
        }),
        image('r', 'alarmed', {
          hosts: [host('a', 'i6', '2019-01-01T00:00:00Z')],
          drift: [drift('alarm')],
        }),
      ],
      ALL,
    );
    expect(refs(groups)).toEqual([['r', ['alarmed', 'noticed', 'new', 'a-same', 'b-same', 'old']]]);
  });

  it('dates a tag by its newest copy on any host', () => {
    const groups = groupFleetImages(
      [
        image('r', 'one-new-copy', {
          hosts: [host('a', 'i1', '2020-01-01T00:00:00Z'), host('b', 'i1', '2025-01-01T00:00:00Z')],
        }),
        image('r', 'middle', { hosts: [host('a', 'i2', '2023-01-01T00:00:00Z')] }),
      ],
      ALL,
    );
    expect(refs(groups)).toEqual([['r', ['one-new-copy', 'middle']]]);
  });

  it('counts the tags with drift in each repository', () => {
    const [group] = groupFleetImages(
      [
        image('r', '1', { drift: [drift('notice')] }),
        image('r', '2'),
        image('r', '3', { drift: [drift('alarm')] }),
      ],
      ALL,
    );
    expect(group?.drift).toBe(2);
  });

  it('keeps only tags with drift when driftOnly', () => {
    const groups = groupFleetImages(
      [image('r', 'clean'), image('r', 'drifted', { drift: [drift('notice')] }), image('s', 'clean')],
      { ...ALL, driftOnly: true },
    );
    expect(refs(groups)).toEqual([['r', ['drifted']]]);
  });

  it('filters by host: tags on that host, or with driftOnly the drift that concerns it', () => {
    const items = [
      image('r', 'on-a', { hosts: [host('a', 'i1')] }),
      image('r', 'on-b', { hosts: [host('b', 'i2')] }),
      image('r', 'on-both-drift-b', {
        hosts: [host('a', 'i3'), host('b', 'i4')],
        drift: [drift('warning', ['b'])],
      }),
    ];
    expect(refs(groupFleetImages(items, { ...ALL, host: 'a' }))).toEqual([
      ['r', ['on-both-drift-b', 'on-a']],
    ]);
    expect(refs(groupFleetImages(items, { ...ALL, host: 'a', driftOnly: true }))).toEqual([]);
    expect(refs(groupFleetImages(items, { ...ALL, host: 'b', driftOnly: true }))).toEqual([
      ['r', ['on-both-drift-b']],
    ]);
  });

  it('needs every word of the query, case-insensitively, across ref, hosts, image ids and drift kinds', () => {
    const items = [
      image('shop/api', 'v1', { role: 'app', hosts: [host('edge-1', 'sha256:aaa')] }),
      image('shop/web', 'v1', {
        hosts: [host('core-1', 'sha256:bbb')],
        drift: [drift('notice', ['core-1'], 'mutable-tag')],
      }),
      image('tools/cli', 'v1', { revision: 'deadbeef' }),
    ];
    const q = (text: string) =>
      groupFleetImages(items, { ...ALL, q: text })
        .map((g) => g.repository)
        .sort();
    expect(q('  SHOP  ')).toEqual(['shop/api', 'shop/web']);
    expect(q('shop edge')).toEqual(['shop/api']);
    expect(q('sha256:bbb')).toEqual(['shop/web']);
    expect(q('mutable-tag')).toEqual(['shop/web']);
    expect(q('deadbeef')).toEqual(['tools/cli']);
    expect(q('shop nothing-like-this')).toEqual([]);
  });
});

describe('outliers', () => {
  it('is empty when every host has the same image', () => {
    expect(outliers(image('r', 't', { hosts: [host('a', 'x'), host('b', 'x')] })).size).toBe(0);
  });

  it('marks the ids that are not the most common one', () => {
    const item = image('r', 't', {
      hosts: [host('a', 'x'), host('b', 'x'), host('c', 'y'), host('d', 'z')],
    });
    expect([...outliers(item)].sort()).toEqual(['y', 'z']);
  });

  it('marks every id on a tie', () => {
    const item = image('r', 't', { hosts: [host('a', 'x'), host('b', 'y')] });
    expect([...outliers(item)].sort()).toEqual(['x', 'y']);
  });
});

describe('displayRepository', () => {
  it('drops the Docker Hub prefixes and leaves other registries alone', () => {
    expect(displayRepository('docker.io/library/nginx')).toBe('nginx');
    expect(displayRepository('docker.io/bitnami/redis')).toBe('bitnami/redis');
    expect(displayRepository('127.0.0.1:5055/wharf-demo/app')).toBe('127.0.0.1:5055/wharf-demo/app');
    expect(displayRepository('ghcr.io/docker.io/library/x')).toBe('ghcr.io/docker.io/library/x');
  });
});
