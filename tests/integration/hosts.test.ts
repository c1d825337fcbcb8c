import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/lib/server/crypto';
import type { THost } from '@/lib/types/fleet';
import { type ApiError, api } from './support/api';
import { deleteHostRows, hostCount, hostRow } from './support/db';
import { engine, loadFleet, SEEDED } from './support/fleet';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import { freePort } from './support/proxy';

type CreatedHost = THost & {
  engine: { version: string; apiVersion: string; os: string; arch: string; cpus: number };
};

const fleet = loadFleet();
const a = fleet.hosts['fleet-a'];
const c = fleet.hosts['fleet-c'];
const tlsA = a.tls!;
const created = new Set<string>();
let admin: TestUser;

/** The base64 body of a PEM, which must never appear in an answer. */
function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
}

function keyLeaks(text: string): boolean {
  const body = pemBody(tlsA.key);
  const firstLine = tlsA.key.split('\n').find((l) => l && !l.startsWith('-----')) ?? body;
  return text.includes('PRIVATE KEY') || text.includes(body) || text.includes(firstLine);
}

async function addHost(body: Record<string, unknown>) {
  if (typeof body.name === 'string') created.add(body.name);
  return api.post<CreatedHost & ApiError>('/api/v1/hosts', { token: admin.token, body });
}

beforeAll(async () => {
  admin = await makeUser('admin', 'hosts-admin');
});

afterAll(async () => {
  await deleteHostRows(created);
});

describe('adding a host', () => {
  it('adds a mutual-TLS host, answers engine facts, fingerprints and expiry, and never the key', async () => {
    const name = uniqueName('a-tls');
    const res = await addHost({ name, url: a.url, tls: tlsA, labels: { env: 'test' }, timeoutMs: 4000 });
    expect(res.status, res.text).toBe(201);
    const host = res.json;
    expect(host).toMatchObject({
      name,
      url: a.url,
      transport: 'tls',
      labels: { env: 'test' },
      timeoutMs: 4000,
    });
    expect(host.engine.apiVersion).toMatch(/^1\.\d+$/);
    expect(host.engine.version).toMatch(/^\d+\./);
    expect(host.engine.cpus).toBeGreaterThan(0);
    expect(host.tls?.cert?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(host.tls?.ca?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(Date.parse(host.tls?.cert?.validTo ?? '')).toBeGreaterThan(Date.now());
    expect(host.tls?.cert?.daysLeft).toBeGreaterThan(0);
    expect(keyLeaks(res.text)).toBe(false);

    for (const read of [
      await api.get(`/api/v1/hosts/${name}`, { token: admin.token }),
      await api.get('/api/v1/hosts', { token: admin.token }),
    ]) {
      expect(read.status).toBe(200);
      expect(keyLeaks(read.text)).toBe(false);
    }

    const row = await hostRow(name);
    expect(row?.tls_key_enc).toBeTruthy();
    expect(row?.tls_key_enc).not.toContain('PRIVATE KEY');
    expect(row?.tls_key_enc).not.toContain(pemBody(tlsA.key).slice(0, 40));
    expect(row?.tls_key_enc?.startsWith('v1.')).toBe(true);
    expect(decryptSecret(row?.tls_key_enc ?? '')).toBe(tlsA.key.trim());
  });

  it('adds a host on a unix socket', async () => {
    const name = uniqueName('c-unix');
    const res = await addHost({ name, url: c.url });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name, transport: 'unix', tls: null });
    expect(res.json.engine.apiVersion).toMatch(/^1\.\d+$/);
  });

  it('refuses a duplicate name with 409 and saves nothing', async () => {
    const name = uniqueName('dup');
    expect((await addHost({ name, url: c.url })).status).toBe(201);
    const before = await hostCount();
    const res = await addHost({ name, url: a.url, tls: tlsA });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('CONFLICT');
    expect(res.json.error.message).toMatch(/already exists/);
    expect(await hostCount()).toBe(before);
    expect((await hostRow(name))?.url).toBe(c.url);
  });
});

describe('a host that cannot be added says why and saves nothing', () => {
  const garbagePem = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
  type Case = { name: string; body: () => Promise<Record<string, unknown>>; status: number; message: RegExp };
  const cases: Case[] = [
    {
      name: 'a URL that is not a URL',
      body: async () => ({ url: 'not a url' }),
      status: 400,
      message: /not a URL/,
    },
    {
      name: 'an http:// URL',
      body: async () => ({ url: 'http://127.0.0.1:2375' }),
      status: 400,
      message: /unsupported scheme/,
    },
    {
      name: 'a tcp:// URL without a port',
      body: async () => ({ url: 'tcp://127.0.0.1' }),
      status: 400,
      message: /port/,
    },
    {
      name: 'an ssh:// URL',
      body: async () => ({ url: 'ssh://root@127.0.0.1' }),
      status: 400,
      message: /ssh:\/\/.*not supported/,
    },
    {
      name: 'text that is not PEM',
      body: async () => ({ url: a.url, tls: { ...tlsA, cert: 'garbage' } }),
      status: 400,
      message: /not PEM/,
    },
    {
      name: 'a PEM block that is not a certificate',
      body: async () => ({ url: a.url, tls: { ...tlsA, cert: garbagePem } }),
      status: 400,
      message: /client certificate is not a valid PEM certificate/,
    },
    {
      name: 'a key that is not a key',
      body: async () => ({
        url: a.url,
        tls: { ...tlsA, key: garbagePem.replace(/CERTIFICATE/g, 'PRIVATE KEY') },
      }),
      status: 400,
      message: /not a valid unencrypted PEM private key/,
    },
    {
      name: 'a key that does not match the certificate',
      body: async () => ({ url: a.url, tls: { ...tlsA, key: fleet.certs.wrongCa.key } }),
      status: 400,
      message: /does not belong to the client certificate/,
    },
    {
      name: 'an expired client certificate',
      body: async () => ({ url: a.url, tls: { ca: tlsA.ca, ...fleet.certs.expired } }),
      status: 400,
      message: /expired on 2020-01-02/,
    },
    {
      name: 'a client certificate the engine does not trust',
      body: async () => ({
        url: a.url,
        tls: { ca: tlsA.ca, cert: fleet.certs.wrongCa.cert, key: fleet.certs.wrongCa.key },
      }),
      status: 502,
      message: /refused the client certificate|unknown CA/,
    },
    {
      name: "a CA that did not sign the engine's certificate",
      body: async () => ({ url: a.url, tls: { ...tlsA, ca: fleet.certs.wrongCa.ca } }),
      status: 502,
      message: /unknown CA/,
    },
    {
      name: 'nothing listening',
      body: async () => ({ url: `tcp://127.0.0.1:${await freePort()}`, tls: tlsA }),
      status: 502,
      message: /connection refused/,
    },
    {
      name: 'plain TCP to a TLS port',
      body: async () => ({ url: a.url }),
      status: 502,
      message: /requires TLS|does not speak TLS|needs TLS/,
    },
    {
      name: 'a socket path with no engine',
      body: async () => ({ url: 'unix:///nonexistent/docker.sock' }),
      status: 502,
      message: /no such socket/,
    },
    {
      name: 'TLS material for a unix socket',
      body: async () => ({ url: c.url, tls: tlsA }),
      status: 400,
      message: /unix socket takes no TLS/,
    },
    {
      name: 'an unknown field',
      body: async () => ({ url: c.url, colour: 'blue' }),
      status: 400,
      message: /colour/,
    },
    {
      name: 'a deadline of the wrong type',
      body: async () => ({ url: c.url, timeoutMs: '5s' }),
      status: 400,
      message: /timeoutMs/,
    },
    {
      name: 'a name with a slash',
      body: async () => ({ url: c.url, name: 'a/b' }),
      status: 400,
      message: /name/,
    },
  ];

  for (const t of cases) {
    it(`${t.name}: ${t.status}`, async () => {
      const body = { name: uniqueName('bad'), ...(await t.body()) };
      const before = await hostCount();
      const res = await addHost(body);
      expect(res.status, res.text).toBe(t.status);
      expect(res.json.error.code).toBe(t.status === 400 ? 'BAD_INPUT' : 'HOST_UNREACHABLE');
      expect(res.json.error.message).toMatch(t.message);
      expect(keyLeaks(res.text)).toBe(false);
      expect(await hostCount()).toBe(before);
      expect(await hostRow(String(body.name))).toBeUndefined();
    });
  }
});

describe('editing and removing a host', () => {
  it('edits name, labels and deadline, and keeps the key', async () => {
    const name = uniqueName('edit');
    expect((await addHost({ name, url: a.url, tls: tlsA })).status).toBe(201);
    const renamed = uniqueName('edited');
    created.add(renamed);
    const res = await api.patch<THost>(`/api/v1/hosts/${name}`, {
      token: admin.token,
      body: { name: renamed, labels: { env: 'prod', team: 'ops' }, timeoutMs: 2500 },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      name: renamed,
      labels: { env: 'prod', team: 'ops' },
      timeoutMs: 2500,
      transport: 'tls',
    });
    expect(keyLeaks(res.text)).toBe(false);
    expect(await hostRow(name)).toBeUndefined();
    const row = await hostRow(renamed);
    expect(row?.timeout_ms).toBe(2500);
    expect(decryptSecret(row?.tls_key_enc ?? '')).toBe(tlsA.key.trim());
    const summary = await api.get<{ status: string }>(`/api/v1/hosts/${renamed}`, { token: admin.token });
    expect(summary.json.status).toBe('up');
  });

  it('refuses an edit that breaks the connection and changes nothing', async () => {
    const name = uniqueName('edit-bad');
    expect((await addHost({ name, url: a.url, tls: tlsA })).status).toBe(201);
    const before = await hostRow(name);
    const res = await api.patch<ApiError>(`/api/v1/hosts/${name}`, {
      token: admin.token,
      body: { tls: { ...tlsA, ca: fleet.certs.wrongCa.ca } },
    });
    expect(res.status).toBe(502);
    expect(res.json.error.message).toMatch(/unknown CA/);
    expect(await hostRow(name)).toEqual(before);
  });

  it('refuses a rename onto another host with 409', async () => {
    const first = uniqueName('one');
    const second = uniqueName('two');
    expect((await addHost({ name: first, url: c.url })).status).toBe(201);
    expect((await addHost({ name: second, url: c.url })).status).toBe(201);
    const res = await api.patch<ApiError>(`/api/v1/hosts/${second}`, {
      token: admin.token,
      body: { name: first },
    });
    expect(res.status).toBe(409);
    expect(await hostRow(second)).toBeDefined();
  });

  it('removes a host by id without touching the engine', async () => {
    const name = uniqueName('gone');
    const add = await addHost({ name, url: a.url, tls: tlsA });
    expect(add.status).toBe(201);
    const before = (await engine('fleet-a').listContainers({ all: true })).map((x) => x.Id).sort();
    const res = await api.delete<{ id: string; name: string }>(`/api/v1/hosts/${add.json.id}`, {
      token: admin.token,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ id: add.json.id, name });
    expect(await hostRow(name)).toBeUndefined();
    const after = await engine('fleet-a').listContainers({ all: true });
    expect(after.map((x) => x.Id).sort()).toEqual(before);
    const names = after.map((x) => x.Names[0]?.replace(/^\//, ''));
    for (const seeded of SEEDED) expect(names).toContain(seeded);
    expect((await api.get(`/api/v1/hosts/${name}`, { token: admin.token })).status).toBe(404);
    expect((await api.delete(`/api/v1/hosts/${name}`, { token: admin.token })).status).toBe(404);
  });
});
