import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFleetImage, TFleetImages, TLineage } from '@/lib/types/images';
import { api } from './support/api';
import { deleteHostRows } from './support/db';
import { engine, loadFleet, portOf } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';
import { CountingProxy } from './support/proxy';
import {
  deleteFromRegistry,
  fleetRegistry,
  pullImage,
  pushImage,
  registryDigestOf,
  tagImage,
  untag,
} from './support/registry';

const fleet = loadFleet();
const registry = fleetRegistry();
const NAMES = { a: uniqueName('dr-a'), b: uniqueName('dr-b'), c: uniqueName('dr-c') };
const REGISTRY_NAME = uniqueName('dr-reg');
const PATH = `wharf-test/${uniqueName('drift')}`;
const REPO = `${registry.domain}/${PATH}`;
const BASE = `${registry.domain}/wharf-demo/base:1.36`;
const MIDDLEWARE = `${registry.domain}/wharf-demo/middleware:2.4`;
const APP = `${registry.domain}/wharf-demo/app:8b41d07`;
const SHA = 'abc1234';
const refs = [`${REPO}:${SHA}`, `${REPO}:2.0`, `${REPO}:3.0`, `${REPO}:latest`];
const engines = { a: engine('fleet-a'), b: engine('fleet-b'), c: engine('fleet-c') };
const containers: string[] = [];
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

async function view(): Promise<TFleetImages> {
  const res = await api.get<TFleetImages>('/api/v1/images', { token: users.viewer.token });
  expect(res.status, res.text).toBe(200);
  return res.json;
}
/**
 * The fleet view's row of a test tag, once it shows what the engines now hold: an engine's image list is
 * cached for a moment, so a change made straight on an engine is awaited rather than expected at once.
 */
async function item(tag: string, ready: (i: TFleetImage) => boolean = () => true): Promise<TFleetImage> {
  let last: TFleetImage | undefined;
  await expect
    .poll(
      async () => {
        last = (await view()).items.find((i) => i.repository === REPO && i.tag === tag);
        return last !== undefined && ready(last);
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true);
  return last as TFleetImage;
}
const onHosts = (n: number) => (i: TFleetImage) =>
  i.hosts.filter((h) => Object.values(NAMES).includes(h.host.name)).length === n;
const idOn = (i: TFleetImage, name: string) => i.hosts.find((h) => h.host.name === name)?.imageId;
const drift = (i: TFleetImage, kind: string) => i.drift.find((d) => d.kind === kind);

async function runOn(docker: typeof engines.c, image: string): Promise<string> {
  const name = uniqueName('dr-run');
  const c = await docker.createContainer({
    name,
    Image: image,
    Cmd: ['sleep', '3600'],
    Labels: { 'wharf.test': 'drift' },
  });
  await c.start();
  containers.push(name);
  return name;
}

beforeAll(async () => {
  users = await makeRoleUsers('dr');
  for (const [key, name] of [
    ['a', NAMES.a],
    ['b', NAMES.b],
    ['c', NAMES.c],
  ] as const) {
    const h = fleet.hosts[`fleet-${key}`];
    const res = await api.post('/api/v1/hosts', {
      token: users.admin.token,
      body: { name, url: h.url, tls: h.tls ?? undefined },
    });
    expect(res.status, res.text).toBe(201);
  }
  const reg = await api.post('/api/v1/registries', {
    token: users.admin.token,
    body: {
      name: REGISTRY_NAME,
      url: registry.url,
      username: registry.username,
      password: registry.password,
    },
  });
  expect(reg.status, reg.text).toBe(201);
});

afterAll(async () => {
  for (const name of containers) {
    for (const docker of Object.values(engines))
      await docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
  }
  for (const docker of Object.values(engines)) await untag(docker, refs);
  await deleteFromRegistry(PATH, [SHA, '2.0', '3.0', 'latest']);
  await api.delete(`/api/v1/registries/${REGISTRY_NAME}`, { token: users.admin.token });
  await deleteHostRows(Object.values(NAMES));
});

describe('fleet images', () => {
  it('lists each repository:tag with the image id on every host and the registry digest', async () => {
    const app = (await view()).items.find((i) => i.ref === APP);
    expect(app).toBeDefined();
    expect(app?.registry?.name).toBe(REGISTRY_NAME);
    expect(app?.registryDigest).toBe(await registryDigestOf('wharf-demo/app', '8b41d07'));
    expect(app?.tagKind).toBe('git-sha');
    expect(app?.role).toBe('app');
    expect(app?.revision).toBeTruthy();
    const hosts = app?.hosts.filter((h) => Object.values(NAMES).includes(h.host.name)) ?? [];
    expect(hosts).toHaveLength(3);
    expect(new Set(hosts.map((h) => h.imageId)).size).toBe(1);
    expect(app?.drift.filter((d) => d.kind !== 'tag-policy')).toEqual([]);
  });

  it('flags a tag retagged to another image on one host, naming the hosts that differ', async () => {
    await tagImage(engines.a, BASE, `${REPO}:3.0`);
    await pushImage(engines.a, `${REPO}:3.0`);
    await pullImage(engines.b, `${REPO}:3.0`);
    await tagImage(engines.c, MIDDLEWARE, `${REPO}:3.0`);
    const i = await item('3.0', (x) => onHosts(3)(x) && idOn(x, NAMES.c) !== idOn(x, NAMES.a));
    const d = drift(i, 'hosts-differ');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toContain(`${NAMES.c} has`);
    const ids = new Map(i.hosts.map((h) => [h.host.name, h.imageId]));
    expect(ids.get(NAMES.a)).toBe(ids.get(NAMES.b));
    expect(ids.get(NAMES.c)).not.toBe(ids.get(NAMES.a));
    const counts = (await view()).driftByHost[NAMES.c];
    expect(counts?.warning).toBeGreaterThan(0);
  });

  it('flags a tag that moved in the registry after a host pulled it, and a container left on the old image', async () => {
    await tagImage(engines.a, BASE, `${REPO}:2.0`);
    await pushImage(engines.a, `${REPO}:2.0`);
    await pullImage(engines.b, `${REPO}:2.0`);
    await pullImage(engines.c, `${REPO}:2.0`);
    const old = await runOn(engines.c, `${REPO}:2.0`);
    expect(drift(await item('2.0', onHosts(3)), 'registry-moved')).toBeUndefined();

    await tagImage(engines.a, MIDDLEWARE, `${REPO}:2.0`);
    await pushImage(engines.a, `${REPO}:2.0`);
    await pullImage(engines.b, `${REPO}:2.0`);
    const moved = await registryDigestOf(PATH, '2.0');
    const i = await item('2.0', (x) => x.registryDigest === moved && idOn(x, NAMES.b) !== idOn(x, NAMES.c));
    expect(i.registryDigest).toBe(moved);
    expect(drift(i, 'registry-moved')?.hosts).toEqual([NAMES.c]);
    expect(drift(i, 'hosts-differ')?.message).toContain(`${NAMES.c} has`);
    expect(drift(i, 'stale-container')).toBeUndefined();

    await pullImage(engines.c, `${REPO}:2.0`);
    const after = await item('2.0', (x) => idOn(x, NAMES.c) === idOn(x, NAMES.b));
    expect(drift(after, 'registry-moved')).toBeUndefined();
    expect(drift(after, 'stale-container')?.containers).toEqual([
      expect.objectContaining({ host: NAMES.c, name: old }),
    ]);
  });

  it('raises an alarm when a Git-SHA tag is pushed again with another image, even after every host caught up', async () => {
    await tagImage(engines.a, BASE, `${REPO}:${SHA}`);
    await pushImage(engines.a, `${REPO}:${SHA}`);
    await pullImage(engines.c, `${REPO}:${SHA}`);
    expect(drift(await item(SHA, onHosts(2)), 'sha-tag-moved')).toBeUndefined();

    await tagImage(engines.a, MIDDLEWARE, `${REPO}:${SHA}`);
    await pushImage(engines.a, `${REPO}:${SHA}`);
    const pushed = await registryDigestOf(PATH, SHA);
    const moved = drift(await item(SHA, (x) => x.registryDigest === pushed), 'sha-tag-moved');
    expect(moved?.severity).toBe('alarm');
    expect(moved?.digests).toHaveLength(2);

    await pullImage(engines.c, `${REPO}:${SHA}`);
    const later = await item(SHA, (x) => idOn(x, NAMES.c) === idOn(x, NAMES.a));
    expect(drift(later, 'hosts-differ')).toBeUndefined();
    expect(drift(later, 'sha-tag-moved')?.severity).toBe('alarm');
    expect((await view()).drift.alarm).toBeGreaterThan(0);
  });

  it('flags a running container on a mutable tag', async () => {
    await tagImage(engines.b, BASE, `${REPO}:latest`);
    const name = await runOn(engines.b, `${REPO}:latest`);
    const d = drift(
      await item('latest', (x) => (x.hosts.find((h) => h.host.name === NAMES.b)?.running ?? 0) > 0),
      'mutable-tag',
    );
    expect(d?.containers).toContainEqual(expect.objectContaining({ host: NAMES.b, name }));
  });

  it('answers with a hung host as an error row within its deadline while the others still answer', async () => {
    const proxy = await new CountingProxy({
      host: '127.0.0.1',
      port: portOf(fleet.hosts['fleet-a'].url),
    }).start();
    const hung = uniqueName('dr-hung');
    try {
      const res = await api.post('/api/v1/hosts', {
        token: users.admin.token,
        body: { name: hung, url: proxy.url, tls: fleet.hosts['fleet-a'].tls, timeoutMs: 1500 },
      });
      expect(res.status, res.text).toBe(201);
      proxy.mode = 'blackhole';
      const started = Date.now();
      const v = await view();
      expect(Date.now() - started).toBeLessThan(1500 + 2500);
      const row = v.hosts.find((h) => h.host.name === hung);
      expect(row?.ok).toBe(false);
      expect(v.items.find((i) => i.ref === APP)?.hosts.map((h) => h.host.name)).toEqual(
        expect.arrayContaining(Object.values(NAMES)),
      );
    } finally {
      await deleteHostRows([hung]);
      await proxy.stop();
    }
  });
});

describe('lineage', () => {
  it('builds the seeded family base -> middleware -> app and shows the services on it', async () => {
    const res = await api.get<TLineage>('/api/v1/images/lineage', { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    const node = (ref: string) => res.json.nodes.find((n) => n.refs.includes(ref));
    const base = node(BASE);
    const middleware = node(MIDDLEWARE);
    const app = node(APP);
    expect(base).toMatchObject({ depth: 1, parentId: null, role: 'base' });
    expect(middleware).toMatchObject({ depth: 2, parentId: base?.id, role: 'middleware' });
    expect(app).toMatchObject({ depth: 3, parentId: middleware?.id, role: 'app', warning: null });
    expect(app?.hosts).toEqual(expect.arrayContaining(Object.values(NAMES)));
    expect(base?.services).toContain('shop');
    expect(base?.runningContainers).toBeGreaterThanOrEqual(middleware?.runningContainers ?? 0);
    const order = res.json.nodes.map((n) => n.id);
    expect(order.indexOf(base?.id ?? '')).toBeLessThan(order.indexOf(app?.id ?? ''));
  });
});
