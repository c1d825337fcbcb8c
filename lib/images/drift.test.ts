import { describe, expect, it } from 'vitest';
import type { THostImage } from '@/lib/types/images';
import { countDrift, type FleetDriftInput, fleetImages, type HostImagesInput, tagKey } from './drift';

const REPO = '127.0.0.1:5055/team/app';
const d = (c: string) => `sha256:${c.repeat(64)}`;
const id = (c: string) => `sha256:${c.repeat(64)}`;

function image(
  imageId: string,
  tags: string[],
  digests: string[] = [],
  labels: Record<string, string> = {},
): THostImage {
  return {
    id: imageId,
    repoTags: tags,
    repoDigests: digests,
    size: 1000,
    createdAt: '2026-01-01T00:00:00.000Z',
    labels,
    dangling: tags.length === 0,
    containers: [],
  };
}

function host(
  name: string,
  images: THostImage[],
  containers: HostImagesInput['containers'] = [],
): HostImagesInput {
  return { host: { id: `id-${name}`, name }, images, containers };
}

function run(hosts: HostImagesInput[], extra: Partial<FleetDriftInput> = {}) {
  return fleetImages({ hosts, registryDigests: new Map(), history: new Map(), ...extra });
}

const kinds = (items: ReturnType<typeof run>, ref: string) =>
  items.find((i) => i.ref === ref)?.drift.map((x) => `${x.kind}:${x.severity}`) ?? ['missing'];

describe('fleet drift', () => {
  it('groups one repository:tag across hosts with each host image id and digest', () => {
    const items = run([
      host('a', [image(id('1'), [`${REPO}:1.0`], [`${REPO}@${d('9')}`])]),
      host('b', [image(id('1'), [`${REPO}:1.0`], [`${REPO}@${d('9')}`])]),
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      ref: `${REPO}:1.0`,
      repository: REPO,
      tag: '1.0',
      tagKind: 'version',
      drift: [],
    });
    expect(items[0]?.hosts.map((h) => [h.host.name, h.digest])).toEqual([
      ['a', d('9')],
      ['b', d('9')],
    ]);
  });

  it('flags one tag that is a different image on different hosts, naming the hosts', () => {
    const items = run([
      host('a', [image(id('1'), [`${REPO}:1.0`])]),
      host('b', [image(id('2'), [`${REPO}:1.0`])]),
      host('c', [image(id('1'), [`${REPO}:1.0`])]),
    ]);
    const drift = items[0]?.drift[0];
    expect(drift).toMatchObject({ kind: 'hosts-differ', severity: 'warning', hosts: ['a', 'b', 'c'] });
    expect(drift?.message).toContain('a and c have 111111111111');
    expect(drift?.message).toContain('b has 222222222222');
  });

  it('flags a tag that moved in the registry after a host pulled it', () => {
    const key = tagKey(REPO, '1.0');
    const registryDigests = new Map([
      [key, { registry: { id: 'r', name: 'main' }, digest: d('8'), error: null }],
    ]);
    const items = run(
      [
        host('a', [image(id('1'), [`${REPO}:1.0`], [`${REPO}@${d('9')}`])]),
        host('b', [image(id('3'), [`${REPO}:1.0`], [`${REPO}@${d('8')}`])]),
      ],
      { registryDigests },
    );
    const moved = items[0]?.drift.find((x) => x.kind === 'registry-moved');
    expect(moved).toMatchObject({ severity: 'warning', hosts: ['a'] });
    expect(items[0]).toMatchObject({ registryDigest: d('8'), registry: { name: 'main' } });
  });

  it('raises an alarm when a Git-SHA tag has ever had another digest', () => {
    const key = tagKey(REPO, 'abc1234');
    const history = new Map([[key, [{ digest: d('5'), firstSeen: '2026-01-01T00:00:00.000Z' }]]]);
    const items = run([host('a', [image(id('1'), [`${REPO}:abc1234`], [`${REPO}@${d('6')}`])])], { history });
    expect(kinds(items, `${REPO}:abc1234`)).toContain('sha-tag-moved:alarm');
    const quiet = run([host('a', [image(id('1'), [`${REPO}:abc1234`], [`${REPO}@${d('5')}`])])], { history });
    expect(kinds(quiet, `${REPO}:abc1234`)).toEqual([]);
  });

  it('flags a running container whose image is no longer what its tag points to on its host', () => {
    const items = run([
      host(
        'a',
        [image(id('2'), [`${REPO}:1.0`]), image(id('1'), [])],
        [
          { id: 'c1', name: 'old', image: `${REPO}:1.0`, imageId: id('1'), state: 'running', service: null },
          { id: 'c2', name: 'new', image: `${REPO}:1.0`, imageId: id('2'), state: 'running', service: null },
          {
            id: 'c3',
            name: 'stopped',
            image: `${REPO}:1.0`,
            imageId: id('1'),
            state: 'exited',
            service: null,
          },
        ],
      ),
    ]);
    const stale = items.find((i) => i.tag === '1.0')?.drift.find((x) => x.kind === 'stale-container');
    expect(stale?.containers).toEqual([{ host: 'a', id: 'c1', name: 'old' }]);
  });

  it('flags running containers on mutable tags, including an image written without a tag', () => {
    const items = run([
      host(
        'a',
        [image(id('1'), ['busybox:latest'])],
        [{ id: 'c1', name: 'box', image: 'busybox', imageId: id('1'), state: 'running', service: null }],
      ),
    ]);
    expect(items[0]).toMatchObject({ ref: 'busybox:latest', repository: 'docker.io/library/busybox' });
    expect(kinds(items, 'busybox:latest')).toEqual(['mutable-tag:warning']);
  });

  it('expects Git-SHA tags on app images and version tags on base images', () => {
    const app = { 'org.opencontainers.image.revision': 'abc' };
    const items = run([
      host('a', [
        image(id('1'), [`${REPO}:abc1234`, `${REPO}:release`], [], app),
        image(id('2'), [`${REPO}-base:edge`, `${REPO}-base:1.2`], [], { 'wharf.image.role': 'base' }),
      ]),
    ]);
    expect(kinds(items, `${REPO}:abc1234`)).toEqual([]);
    expect(kinds(items, `${REPO}:release`)).toEqual(['tag-policy:notice']);
    expect(kinds(items, `${REPO}-base:edge`)).toEqual(['tag-policy:notice']);
    expect(kinds(items, `${REPO}-base:1.2`)).toEqual([]);
  });

  it('counts drift per host and in total', () => {
    const items = run([
      host('a', [image(id('1'), [`${REPO}:1.0`])]),
      host('b', [image(id('2'), [`${REPO}:1.0`])]),
      host('c', []),
    ]);
    const counts = countDrift(items, ['a', 'b', 'c']);
    expect(counts.total).toEqual({ alarm: 0, warning: 1, notice: 0 });
    expect(counts.byHost.c).toEqual({ alarm: 0, warning: 0, notice: 0 });
    expect(counts.byHost.a?.warning).toBe(1);
  });
});
