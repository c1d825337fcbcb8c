import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTagNames } from '@/lib/server/registry/api';
import { connFromRow } from '@/lib/server/registry/conn';
import { authForReference, findRegistryRow, registryForDomain } from '@/lib/server/registry/store';
import type {
  TManifestDetail,
  TRegistry,
  TRepositoryPage,
  TTagNames,
  TTagPage,
} from '@/lib/types/registries';
import { type ApiError, api } from './support/api';
import { auditRows, deleteHostRows, deleteRegistryRows, registryCount } from './support/db';
import { FakeRegistry, type FaultMode, type RecordingServer, recordingHost } from './support/fault-registry';
import { loadFleet } from './support/fleet';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import { freePort } from './support/proxy';
import { fleetRegistry, registryDigestOf } from './support/registry';
import {
  deleteManifests,
  MEDIA,
  type PushedImage,
  type PushTarget,
  pushImage,
  pushIndex,
  removeRepositoryFiles,
} from './support/registry-push';
import { TagPagingProxy } from './support/tag-paging-proxy';

const fleet = fleetRegistry();
const hosts = loadFleet().hosts;
const HOSTS = { a: uniqueName('reg-a'), b: uniqueName('reg-b'), c: uniqueName('reg-c') };
const STORAGE = path.join(loadFleet().dir, 'registry/data');
const REPO = `wharf-test/${uniqueName('reg')}`;
const PAGED_TAGS = Array.from({ length: 12 }, (_, i) => `t${String(i).padStart(2, '0')}`);
const ALL_TAGS = [...PAGED_TAGS, 'amd64-only', 'arm64-only', 'multi-oci', 'multi-docker'].sort();
const REG = uniqueName('fleet-reg');
const created = new Set<string>([REG]);
const pushed: string[] = [];
const target: PushTarget = {
  url: fleet.url,
  authorization: () => `Basic ${Buffer.from(`${fleet.username}:${fleet.password}`).toString('base64')}`,
};
let admin: TestUser;
let viewer: TestUser;
let amd: PushedImage;
let arm: PushedImage;
let ociIndex: { digest: string };
let dockerList: { digest: string };

function addRegistry(body: Record<string, unknown>, token = admin.token) {
  if (typeof body.name === 'string') created.add(body.name);
  return api.post<TRegistry & ApiError>('/api/v1/registries', { token, body });
}

const fleetBody = (name: string) => ({
  name,
  url: fleet.url,
  username: fleet.username,
  password: fleet.password,
});

beforeAll(async () => {
  admin = await makeUser('admin', 'reg-admin');
  viewer = await makeUser('viewer', 'reg-viewer');
  // The fleet's engines, so the tag list can say where each digest runs.
  for (const [key, host] of [
    ['a', hosts['fleet-a']],
    ['b', hosts['fleet-b']],
    ['c', hosts['fleet-c']],
  ] as const) {
    const res = await api.post('/api/v1/hosts', {
      token: admin.token,
      body: { name: HOSTS[key], url: host.url, ...(host.tls ? { tls: host.tls } : {}) },
    });
    expect(res.status, res.text).toBe(201);
  }
  for (const [i, tag] of PAGED_TAGS.entries()) {
    const image = await pushImage(target, REPO, tag, {
      created: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      labels: {
        'org.opencontainers.image.revision': `rev${i}`,
        'org.opencontainers.image.source': 'https://git.example.com/wharf-test',
      },
    });
    pushed.push(image.digest);
  }
  amd = await pushImage(target, REPO, 'amd64-only', { created: '2025-06-01T00:00:00Z' });
  arm = await pushImage(target, REPO, 'arm64-only', {
    created: '2025-06-02T00:00:00Z',
    architecture: 'arm64',
  });
  ociIndex = await pushIndex(target, REPO, 'multi-oci', [
    { image: amd, os: 'linux', architecture: 'amd64' },
    { image: arm, os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
  dockerList = await pushIndex(
    target,
    REPO,
    'multi-docker',
    [
      { image: amd, os: 'linux', architecture: 'amd64' },
      { image: arm, os: 'linux', architecture: 'arm64' },
    ],
    MEDIA.dockerList,
  );
  pushed.push(amd.digest, arm.digest, ociIndex.digest, dockerList.digest);
});

afterAll(async () => {
  await deleteHostRows(Object.values(HOSTS));
  await deleteRegistryRows(created);
  await deleteManifests(target, REPO, [...pushed].reverse());
  removeRepositoryFiles(STORAGE, REPO);
});

describe('adding a registry', () => {
  it('tests the fleet registry, saves it, and never answers the password', async () => {
    const res = await addRegistry({ ...fleetBody(REG), url: `${fleet.url}/`, timeoutMs: 4000 });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      name: REG,
      url: fleet.url,
      username: fleet.username,
      hasPassword: true,
      tokenHosts: [],
      timeoutMs: 4000,
    });
    expect(res.text).not.toContain(fleet.password);
    for (const read of [
      await api.get('/api/v1/registries', { token: viewer.token }),
      await api.get(`/api/v1/registries/${REG}`, { token: viewer.token }),
      await api.get(`/api/v1/registries/${res.json.id}`, { token: viewer.token }),
    ]) {
      expect(read.status, read.text).toBe(200);
      expect(read.text).toContain(REG);
      expect(read.text).not.toContain(fleet.password);
    }
    const row = await findRegistryRow(REG);
    expect(row.password_enc).toBeTruthy();
    expect(row.password_enc).not.toContain(fleet.password);
    const [entry] = await auditRows({ action: 'registries.create', result: 'ok' });
    expect(entry?.target).toBe(`registry:${REG}`);
    expect(entry?.detail ?? '').not.toContain(fleet.password);
  });

  it('refuses a wrong password with a clear message and saves nothing', async () => {
    const before = await registryCount();
    const res = await addRegistry({ ...fleetBody(uniqueName('wrong')), password: 'wrong-password' });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.message).toMatch(/refused the credentials \(401\).*nothing was saved/);
    expect(res.text).not.toContain('wrong-password');
    const anonymous = await addRegistry({ name: uniqueName('anon'), url: fleet.url });
    expect(anonymous.status, anonymous.text).toBe(400);
    expect(anonymous.json.error.message).toMatch(/needs credentials/);
    expect(await registryCount()).toBe(before);
  });

  it('refuses bad URLs, names and fields with 400 naming the field, and a taken name with 409', async () => {
    const before = await registryCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...fleetBody(uniqueName('u')), url: 'ftp://127.0.0.1:5055' }, 'url'],
      [{ ...fleetBody(uniqueName('u')), url: 'http://wharf:secret@127.0.0.1:5055' }, 'url'],
      [{ ...fleetBody(uniqueName('u')), url: 'http://127.0.0.1:5055/?next=http://evil' }, 'url'],
      [{ ...fleetBody(uniqueName('u')), url: 'http://127.0.0.1:5055/#x' }, 'url'],
      [{ ...fleetBody(uniqueName('u')), url: '127.0.0.1:5055' }, 'url'],
      [{ ...fleetBody('bad name!'), url: fleet.url }, 'name'],
      [{ ...fleetBody(uniqueName('u')), tokenHosts: ['https://auth.example.com/token'] }, 'tokenHosts'],
      [{ ...fleetBody(uniqueName('u')), timeoutMs: 10 }, 'timeoutMs'],
      [{ name: uniqueName('u'), url: fleet.url, password: 'p' }, 'username'],
    ];
    for (const [body, field] of cases) {
      const res = await addRegistry(body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(res.json.error.message).toContain(field);
    }
    const clash = await addRegistry(fleetBody(REG));
    expect(clash.status, clash.text).toBe(409);
    expect(await registryCount()).toBe(before);
  });

  it('answers an address where nothing listens with 502 and a URL that is no registry with 400', async () => {
    const refused = await addRegistry({
      ...fleetBody(uniqueName('down')),
      url: `http://127.0.0.1:${await freePort()}`,
    });
    expect(refused.status, refused.text).toBe(502);
    expect(refused.json.error.message).toMatch(/connection refused/);
    const notRegistry = await addRegistry({ ...fleetBody(uniqueName('path')), url: `${fleet.url}/not/here` });
    expect(notRegistry.status, notRegistry.text).toBe(400);
    expect(notRegistry.json.error.message).toMatch(/no \/v2\/ API/);
  });

  it('lets only an admin add, change or delete a registry', async () => {
    const res = await addRegistry(fleetBody(uniqueName('viewer')), viewer.token);
    expect(res.status).toBe(403);
    const patch = await api.patch(`/api/v1/registries/${REG}`, {
      token: viewer.token,
      body: { timeoutMs: 3000 },
    });
    expect(patch.status).toBe(403);
    const del = await api.delete(`/api/v1/registries/${REG}`, { token: viewer.token });
    expect(del.status).toBe(403);
  });
});

describe('changing and deleting a registry', () => {
  it('tests new settings before saving them; a wrong password leaves the stored one working', async () => {
    const name = uniqueName('patch');
    expect((await addRegistry(fleetBody(name))).status).toBe(201);
    const wrong = await api.patch<ApiError>(`/api/v1/registries/${name}`, {
      token: admin.token,
      body: { password: 'wrong-password' },
    });
    expect(wrong.status, wrong.text).toBe(400);
    expect(wrong.json.error.message).toMatch(/refused the credentials/);
    const repos = await api.get(`/api/v1/registries/${name}/repositories`, { token: admin.token });
    expect(repos.status, repos.text).toBe(200);

    const ok = await api.patch<TRegistry>(`/api/v1/registries/${name}`, {
      token: admin.token,
      body: { timeoutMs: 2500, password: fleet.password, tokenHosts: ['auth.example.com', '127.0.0.1:5001'] },
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ timeoutMs: 2500, tokenHosts: ['auth.example.com', '127.0.0.1:5001'] });
    expect(ok.text).not.toContain(fleet.password);

    const del = await api.delete(`/api/v1/registries/${name}`, { token: admin.token });
    expect(del.status, del.text).toBe(200);
    expect((await api.get(`/api/v1/registries/${name}`, { token: admin.token })).status).toBe(404);
    const [entry] = await auditRows({ action: 'registries.delete', result: 'ok' });
    expect(entry?.target).toBe(`registry:${name}`);
  });
});

describe('browsing the fleet registry', () => {
  it('lists repositories and searches them', async () => {
    const all = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
      token: viewer.token,
    });
    expect(all.status, all.text).toBe(200);
    expect(all.json.items).toEqual(
      expect.arrayContaining(['wharf-demo/app', 'wharf-demo/base', 'wharf-demo/middleware', REPO]),
    );
    expect(all.json.nextCursor).toBeNull();
    const search = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
      token: viewer.token,
      query: { q: 'MIDDLE' },
    });
    expect(search.json).toEqual({ items: ['wharf-demo/middleware'], nextCursor: null });
    const none = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
      token: viewer.token,
      query: { q: 'no-such-repository-anywhere' },
    });
    expect(none.json).toEqual({ items: [], nextCursor: null });
  });

  it('pages the catalog with n and last, following the registry Link header', async () => {
    const seen: string[] = [];
    // The shared registry keeps repositories from earlier runs, so the walk
    // goes on until the registry says there is no next page.
    let last: string | null = null;
    do {
      const query: Record<string, string> = { n: '2' };
      if (last) query.last = last;
      const page = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
        token: viewer.token,
        query,
      });
      expect(page.status, page.text).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items);
      last = page.json.nextCursor;
    } while (last && seen.length < 100_000);
    expect(last).toBeNull();
    const all = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
      token: viewer.token,
    });
    expect(seen).toEqual(all.json.items);
    expect(seen.length).toBeGreaterThanOrEqual(4);

    const search = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
      token: viewer.token,
      query: { q: 'wharf-demo', n: '2' },
    });
    expect(search.json).toEqual({
      items: ['wharf-demo/app', 'wharf-demo/base'],
      nextCursor: 'wharf-demo/base',
    });
    const rest = await api.get<TRepositoryPage>(`/api/v1/registries/${REG}/repositories`, {
      token: viewer.token,
      query: { q: 'wharf-demo', n: '2', last: 'wharf-demo/base' },
    });
    expect(rest.json.items[0]).toBe('wharf-demo/middleware');
    expect(rest.json.items).not.toContain('wharf-demo/base');
  });

  it('lists tag names without reading manifests', async () => {
    const names = await api.get<TTagNames>(`/api/v1/registries/${REG}/repositories/${REPO}/tags`, {
      token: viewer.token,
      query: { details: 'false' },
    });
    expect(names.status, names.text).toBe(200);
    expect(names.json.repository).toBe(REPO);
    expect([...names.json.tags].sort()).toEqual(ALL_TAGS);
  });

  it('follows more than one page of tags through the Link header', async () => {
    // Distribution 2.8 answers all tags at once; the proxy pages the real list as newer registries do.
    const proxy = await new TagPagingProxy(fleet.url, 5).start();
    const name = uniqueName('paged');
    try {
      expect((await addRegistry({ ...fleetBody(name), url: proxy.url })).status).toBe(201);
      const names = await api.get<TTagNames>(`/api/v1/registries/${name}/repositories/${REPO}/tags`, {
        token: viewer.token,
        query: { details: 'false' },
      });
      expect(names.status, names.text).toBe(200);
      expect(names.json.tags).toEqual(ALL_TAGS);
      expect(proxy.pagesServed).toBe(Math.ceil(ALL_TAGS.length / 5));

      proxy.pagesServed = 0;
      const paged = await listTagNames(connFromRow(await findRegistryRow(name)), REPO, { pageSize: 3 });
      expect(paged).toEqual({ tags: ALL_TAGS, pages: Math.ceil(ALL_TAGS.length / 3) });

      const details = await api.get<TTagPage>(`/api/v1/registries/${name}/repositories/${REPO}/tags`, {
        token: viewer.token,
      });
      expect(details.status, details.text).toBe(200);
      expect(details.json.items.map((t) => t.name).sort()).toEqual(ALL_TAGS);
      expect(details.json.items.filter((t) => t.error)).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('gives every tag its digest, size, created time, platform and OCI labels, newest first', async () => {
    const res = await api.get<TTagPage>(`/api/v1/registries/${REG}/repositories/${REPO}/tags`, {
      token: viewer.token,
    });
    expect(res.status, res.text).toBe(200);
    const items = res.json.items;
    expect(items.map((t) => t.error).filter(Boolean)).toEqual([]);
    expect(items.slice(0, 12).map((t) => t.name)).toEqual([...PAGED_TAGS].reverse());
    const t03 = items.find((t) => t.name === 't03');
    expect(t03).toMatchObject({
      digest: pushed[3],
      mediaType: MEDIA.dockerManifest,
      createdAt: '2026-01-04T00:00:00.000Z',
      architecture: 'amd64',
      os: 'linux',
      platforms: null,
      revision: 'rev3',
      source: 'https://git.example.com/wharf-test',
      runsOn: { hosts: [], services: [] },
    });
    expect(t03?.size).toBeGreaterThan(100);
    const multi = items.find((t) => t.name === 'multi-oci');
    expect(multi).toMatchObject({ digest: ociIndex.digest, mediaType: MEDIA.ociIndex, architecture: null });
    expect(multi?.platforms).toEqual([
      { os: 'linux', architecture: 'amd64', variant: null, digest: amd.digest },
      { os: 'linux', architecture: 'arm64', variant: 'v8', digest: arm.digest },
    ]);
    expect(multi?.size).toBe(amd.size + arm.size);
  });

  it('says where the demo app tags run, with the digest the registry has', async () => {
    const res = await api.get<TTagPage>(`/api/v1/registries/${REG}/repositories/wharf-demo/app/tags`, {
      token: viewer.token,
    });
    expect(res.status, res.text).toBe(200);
    const good = res.json.items.find((t) => t.name === '8b41d07');
    expect(good?.digest).toBe(await registryDigestOf('wharf-demo/app', '8b41d07'));
    expect(good?.revision).toMatch(/^8b41d07/);
    expect(good?.source).toMatch(/^https:\/\//);
    expect(good?.runsOn.hosts.length).toBeGreaterThan(0);
    expect(good?.runsOn.hosts.every((h) => Object.values(HOSTS).includes(h))).toBe(true);
  });

  it('reads a single image manifest with its layers and config', async () => {
    const res = await api.get<TManifestDetail>(
      `/api/v1/registries/${REG}/repositories/${REPO}/manifests/arm64-only`,
      { token: viewer.token },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      repository: REPO,
      reference: 'arm64-only',
      digest: arm.digest,
      mediaType: MEDIA.dockerManifest,
      platforms: null,
      layers: arm.layers,
      config: {
        digest: arm.config.digest,
        createdAt: '2025-06-02T00:00:00.000Z',
        architecture: 'arm64',
        os: 'linux',
        labels: {},
      },
      size: arm.size,
    });
    const byDigest = await api.get<TManifestDetail>(
      `/api/v1/registries/${REG}/repositories/${REPO}/manifests/${arm.digest}`,
      { token: viewer.token },
    );
    expect(byDigest.json.digest).toBe(arm.digest);
  });

  it('reads an OCI index and a Docker manifest list with their platforms', async () => {
    for (const [tag, digest, mediaType] of [
      ['multi-oci', ociIndex.digest, MEDIA.ociIndex],
      ['multi-docker', dockerList.digest, MEDIA.dockerList],
    ] as const) {
      const res = await api.get<TManifestDetail>(
        `/api/v1/registries/${REG}/repositories/${REPO}/manifests/${tag}`,
        { token: viewer.token },
      );
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ digest, mediaType, layers: [], size: amd.size + arm.size });
      expect(res.json.platforms?.map((p) => [p.architecture, p.digest])).toEqual([
        ['amd64', amd.digest],
        ['arm64', arm.digest],
      ]);
      expect(res.json.config?.architecture).toBe('amd64');
    }
  });

  it('answers a missing repository, tag or digest with 404 naming the registry', async () => {
    const repo = await api.get<ApiError>(`/api/v1/registries/${REG}/repositories/wharf-test/nope-nope/tags`, {
      token: viewer.token,
    });
    expect(repo.status, repo.text).toBe(404);
    expect(repo.json.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(repo.json.error.message).toContain(`registry ${REG} has no repository wharf-test/nope-nope`);
    const tag = await api.get<ApiError>(
      `/api/v1/registries/${REG}/repositories/${REPO}/manifests/no-such-tag`,
      {
        token: viewer.token,
      },
    );
    expect(tag.status, tag.text).toBe(404);
    expect(tag.json.error.message).toContain(`has no tag ${REPO}:no-such-tag`);
    const digest = await api.get<ApiError>(
      `/api/v1/registries/${REG}/repositories/${REPO}/manifests/sha256:${'0'.repeat(64)}`,
      { token: viewer.token },
    );
    expect(digest.status, digest.text).toBe(404);
    const reg = await api.get<ApiError>('/api/v1/registries/no-such-registry/repositories', {
      token: viewer.token,
    });
    expect(reg.status).toBe(404);
    expect(reg.json.error.message).toBe('no registry named no-such-registry');
  });

  it('refuses bad repository names, tags and digests with 400 naming the field', async () => {
    const base = `/api/v1/registries/${REG}/repositories`;
    const cases: [string, string][] = [
      [`${base}/Wharf-Demo/App/tags`, 'repository'],
      [`${base}/a..b/tags`, 'repository'],
      [`${base}/-app/tags`, 'repository'],
      [`${base}/wharf-demo/app/manifests/${'x'.repeat(129)}`, 'tag'],
      [`${base}/wharf-demo/app/manifests/-latest`, 'tag'],
      [`${base}/wharf-demo/app/manifests/${encodeURIComponent('latest;rm -rf /')}`, 'tag'],
      [`${base}/wharf-demo/app/manifests/sha256:abc`, 'digest'],
      [`${base}/wharf-demo/app`, 'path'],
      [`${base}/wharf-demo/app/blobs/x`, 'path'],
    ];
    for (const [url, field] of cases) {
      const res = await api.get<ApiError>(url, { token: viewer.token });
      expect(res.status, `${url}: ${res.text}`).toBe(400);
      expect(res.json.error.message, url).toContain(field);
    }
    const query = await api.get<ApiError>(base, { token: viewer.token, query: { n: '0' } });
    expect(query.status).toBe(400);
    expect(query.json.error.message).toContain('n');
    const details = await api.get<ApiError>(`${base}/wharf-demo/app/tags`, {
      token: viewer.token,
      query: { details: 'maybe' },
    });
    expect(details.status).toBe(400);
    expect(details.json.error.message).toContain('details');
  });
});

describe('the registry of an image reference', () => {
  it('finds the configured registry by domain and gives the pull credentials server-side', async () => {
    const row = await registryForDomain(fleet.domain);
    expect(row?.url).toBe(fleet.url);
    expect(await registryForDomain('registry.example.com')).toBeNull();
    const auth = await authForReference(`${fleet.domain}/wharf-demo/app:latest`);
    expect(auth).toEqual({ username: fleet.username, password: fleet.password, serveraddress: fleet.domain });
    expect(await authForReference('nginx:latest')).toBeNull();
    expect(await authForReference('not a reference')).toBeNull();
  });
});

describe('a registry that fails', () => {
  const DEADLINE = 1000;
  let fake: FakeRegistry;
  let away: RecordingServer;
  let name: string;

  beforeAll(async () => {
    fake = await new FakeRegistry().start();
    away = await recordingHost().start();
    fake.redirectTo = `${away.url}/`;
    name = uniqueName('faulty');
    const res = await addRegistry({
      name,
      url: fake.url,
      username: 'someone',
      password: 'secret-pw',
      timeoutMs: DEADLINE,
    });
    expect(res.status, res.text).toBe(201);
  });

  afterAll(async () => {
    await fake?.stop();
    await away?.stop();
  });

  async function browse(url = `/api/v1/registries/${name}/repositories`) {
    return api.get<ApiError>(url, { token: viewer.token });
  }

  const cases: [FaultMode, number, string, RegExp][] = [
    [
      'status-500',
      502,
      'HOST_UNREACHABLE',
      /failed on GET \/v2\/_catalog \(500\): UNKNOWN storage backend exploded/,
    ],
    ['invalid-json', 502, 'HOST_UNREACHABLE', /GET \/v2\/_catalog: the answer is not valid JSON/],
    ['huge', 502, 'HOST_UNREACHABLE', /larger than 16 MB/],
    ['rate-limited', 429, 'RATE_LIMITED', /rate limiting Wharf \(429\); retry after 42 s/],
    ['refuse-credentials', 502, 'HOST_UNREACHABLE', /refused the credentials \(401\)/],
    ['stall', 504, 'HOST_TIMEOUT', /GET \/v2\/_catalog: no answer within 1000 ms/],
  ];
  for (const [mode, status, code, message] of cases) {
    it(`answers ${mode} with ${status} and a message naming the registry, within the deadline`, async () => {
      fake.mode = mode;
      const res = await browse();
      expect(res.status, res.text).toBe(status);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.message).toMatch(message);
      expect(res.json.error.message).toContain(`registry ${name}`);
      expect(res.text).not.toContain('secret-pw');
      expect(res.ms).toBeLessThan(DEADLINE + 1500);
    });
  }

  it('answers the tag and manifest routes of a failing registry with its error, not a 500', async () => {
    fake.mode = 'status-500';
    for (const url of [
      `/api/v1/registries/${name}/repositories/team/app/tags`,
      `/api/v1/registries/${name}/repositories/team/app/manifests/latest`,
    ]) {
      const res = await browse(url);
      expect(res.status, res.text).toBe(502);
    }
    fake.mode = 'stall';
    const stalled = await browse(`/api/v1/registries/${name}/repositories/team/app/tags`);
    expect(stalled.status, stalled.text).toBe(504);
    expect(stalled.ms).toBeLessThan(DEADLINE + 1500);
  });

  it('does not follow a redirect to another host, so the credentials stay with the registry', async () => {
    fake.mode = 'redirect-away';
    const res = await browse();
    expect(res.status, res.text).toBe(502);
    expect(res.json.error.message).toContain(
      `registry ${name} pointed Wharf to another host (${away.url.slice(7)})`,
    );
    expect(away.seen).toEqual([]);
    // The registry itself got basic credentials; nothing else did.
    expect(fake.seen.at(-1)?.authorization).toMatch(/^Basic /);
  });

  it('answers a registry that stopped with 502 connection refused', async () => {
    fake.mode = 'ok';
    expect((await browse()).status).toBe(200);
    await fake.stop();
    const res = await browse();
    expect(res.status, res.text).toBe(502);
    expect(res.json.error.message, res.json.error.message).toMatch(/connection refused/);
  });
});
