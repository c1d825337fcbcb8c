import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/lib/server/db';
import type { TManifestDetail, TRegistry, TRepositoryPage, TTagPage } from '@/lib/types/registries';
import { type ApiError, api } from './support/api';
import { deleteRegistryRows, registryCount } from './support/db';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import { MEDIA, type PushedImage, pushImage, pushIndex } from './support/registry-push';
import { TokenRegistry } from './support/token-registry';

const REPO = 'wharf-test/token-app';
const created = new Set<string>();
let reg: TokenRegistry;
let admin: TestUser;
let older: PushedImage;
let newer: PushedImage;
let arm: PushedImage;
let index: { digest: string };

async function addRegistry(body: Record<string, unknown>) {
  if (typeof body.name === 'string') created.add(body.name);
  return api.post<TRegistry & ApiError>('/api/v1/registries', { token: admin.token, body });
}

/** The test registry's address and credentials, with its token realm's host allowed. */
function allowedBody(name: string) {
  return {
    name,
    url: reg.url,
    username: reg.user.username,
    password: reg.user.password,
    tokenHosts: [reg.realmHost],
  };
}

/** Adds a registry whose realm is allowed, then forgets what the issuer has seen so far. */
async function addAllowed(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  const res = await addRegistry(allowedBody(name));
  expect(res.status, res.text).toBe(201);
  reg.issuer.seen.length = 0;
  return name;
}

function scopeHits(scope: string): number {
  return reg.issuer.tokenRequests.filter((r) => r.scopes.includes(scope)).length;
}

beforeAll(async () => {
  reg = await new TokenRegistry().start();
  admin = await makeUser('admin', 'token-reg');
  const target = reg.pushTarget;
  older = await pushImage(target, REPO, 'v1', {
    created: '2026-01-01T00:00:00Z',
    labels: { 'org.opencontainers.image.revision': 'aaaaaaa' },
  });
  newer = await pushImage(target, REPO, 'v2', {
    created: '2026-02-01T00:00:00Z',
    labels: { 'org.opencontainers.image.source': 'https://git.example.com/token-app' },
  });
  arm = await pushImage(target, REPO, 'v2-arm64', {
    created: '2026-02-01T00:00:00Z',
    architecture: 'arm64',
  });
  index = await pushIndex(target, REPO, 'multi', [
    { image: newer, os: 'linux', architecture: 'amd64' },
    { image: arm, os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
});

afterAll(async () => {
  await deleteRegistryRows(created);
  await reg?.stop();
});

describe('a registry with bearer token auth', () => {
  it('refuses a token realm on a host that is not allowed, and sends that host nothing', async () => {
    const before = await registryCount();
    const res = await addRegistry({
      name: uniqueName('tok-denied'),
      url: reg.url,
      username: reg.user.username,
      password: reg.user.password,
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.message).toContain(reg.realmHost);
    expect(res.json.error.message).toMatch(/token hosts/);
    expect(res.json.error.message).toMatch(/nothing was saved/);
    expect(reg.issuer.seen).toEqual([]);
    expect(await registryCount()).toBe(before);
  });

  it('refuses a wrong password that the token service refuses, and saves nothing', async () => {
    const before = await registryCount();
    const res = await addRegistry({ ...allowedBody(uniqueName('tok-wrong')), password: 'not-the-password' });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.message).toMatch(/token service at 127\.0\.0\.1:\d+ refused the credentials/);
    expect(res.text).not.toContain('not-the-password');
    expect(await registryCount()).toBe(before);
  });

  it('adds the registry with its realm allowed and browses catalog, tags and manifests', async () => {
    const name = uniqueName('tok-ok');
    const res = await addRegistry(allowedBody(name));
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name, hasPassword: true, tokenHosts: [reg.realmHost] });
    expect(res.text).not.toContain(reg.user.password);

    const repos = await api.get<TRepositoryPage>(`/api/v1/registries/${name}/repositories`, {
      token: admin.token,
    });
    expect(repos.status, repos.text).toBe(200);
    expect(repos.json.items).toContain(REPO);

    const tags = await api.get<TTagPage>(`/api/v1/registries/${name}/repositories/${REPO}/tags`, {
      token: admin.token,
    });
    expect(tags.status, tags.text).toBe(200);
    expect(tags.json.items.map((t) => t.error)).toEqual([null, null, null, null]);
    expect(tags.json.items.at(-1)).toMatchObject({ name: 'v1', digest: older.digest, revision: 'aaaaaaa' });
    const v2 = tags.json.items.find((t) => t.name === 'v2');
    expect(v2).toMatchObject({ digest: newer.digest, source: 'https://git.example.com/token-app' });
    const multi = tags.json.items.find((t) => t.name === 'multi');
    expect(multi?.platforms?.map((p) => `${p.os}/${p.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);

    const manifest = await api.get<TManifestDetail>(
      `/api/v1/registries/${name}/repositories/${REPO}/manifests/multi`,
      { token: admin.token },
    );
    expect(manifest.status, manifest.text).toBe(200);
    expect(manifest.json).toMatchObject({ digest: index.digest, mediaType: MEDIA.ociIndex });
  });

  it('caches a token per scope until it expires: one issuer request per scope', async () => {
    const name = await addAllowed('tok-cache');
    const catalog = 'registry:catalog:*';
    const pull = `repository:${REPO}:pull`;
    for (let i = 0; i < 3; i++) {
      const repos = await api.get(`/api/v1/registries/${name}/repositories`, { token: admin.token });
      expect(repos.status, repos.text).toBe(200);
      const tags = await api.get(`/api/v1/registries/${name}/repositories/${REPO}/tags`, {
        token: admin.token,
      });
      expect(tags.status, tags.text).toBe(200);
      const names = await api.get(`/api/v1/registries/${name}/repositories/${REPO}/tags`, {
        token: admin.token,
        query: { details: 'false' },
      });
      const list = names.json as { repository: string; tags: string[] };
      expect(list.repository).toBe(REPO);
      expect([...list.tags].sort()).toEqual(['multi', 'v1', 'v2', 'v2-arm64']);
      const manifest = await api.get(`/api/v1/registries/${name}/repositories/${REPO}/manifests/v1`, {
        token: admin.token,
      });
      expect(manifest.status, manifest.text).toBe(200);
    }
    expect(scopeHits(catalog)).toBe(1);
    expect(scopeHits(pull)).toBe(1);
    expect(reg.issuer.tokenRequests.length).toBe(2);
    // Every request to the issuer carried the registry's credentials, and only there.
    const basic = `Basic ${Buffer.from(`${reg.user.username}:${reg.user.password}`).toString('base64')}`;
    expect(reg.issuer.tokenRequests.every((r) => r.authorization === basic)).toBe(true);
  });

  it('asks for a new token once the cached one has expired', async () => {
    const name = await addAllowed('tok-expiry');
    const browse = async () => {
      const repos = await api.get(`/api/v1/registries/${name}/repositories`, { token: admin.token });
      expect(repos.status, repos.text).toBe(200);
    };
    await browse();
    await browse();
    expect(scopeHits('registry:catalog:*')).toBe(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (reg.issuer.expiresIn + 1) * 1000);
      await browse();
    } finally {
      vi.useRealTimers();
    }
    expect(scopeHits('registry:catalog:*')).toBe(2);
  });

  it('refuses to follow a realm once its host is taken off the list, and sends it nothing', async () => {
    const name = await addAllowed('tok-off');

    // Through the API the change is tested first and refused; the stored settings stay as they were.
    const patch = await api.patch<ApiError>(`/api/v1/registries/${name}`, {
      token: admin.token,
      body: { tokenHosts: [] },
    });
    expect(patch.status, patch.text).toBe(400);
    expect(patch.json.error.message).toMatch(/neither the registry's own host/);
    expect(reg.issuer.seen).toEqual([]);
    const still = await api.get<TRegistry>(`/api/v1/registries/${name}`, { token: admin.token });
    expect(still.json.tokenHosts).toEqual([reg.realmHost]);

    // A stored registry whose list no longer holds the realm answers 502 and contacts nobody else.
    const db = await getDb();
    await db
      .updateTable('registries')
      .set({ token_hosts: '[]', updated_at: new Date().toISOString() })
      .where('name', '=', name)
      .execute();
    const repos = await api.get<ApiError>(`/api/v1/registries/${name}/repositories`, { token: admin.token });
    expect(repos.status, repos.text).toBe(502);
    expect(repos.json.error.message).toContain(`registry ${name} sends clients to a token service at`);
    expect(reg.issuer.seen).toEqual([]);
  });
});
