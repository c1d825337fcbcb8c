import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, expect, request, test } from '@playwright/test';
import Docker from 'dockerode';
import type { TFleetEvent } from '@/lib/types/fleet';
import { TERMINAL_STATUSES, type TRelease } from '@/lib/types/releases';
import { fleetHost, fleetRegistry } from '../support/fleet';
import { ownPostgres } from '../support/postgres';
import { signedInRequest } from '../support/session';
import { freePort, killOwnServer, type OwnServer, startOwnServer } from '../support/wharf-server';

// Two Wharf servers, A and B, on one PostgreSQL of this spec's own: the same DATABASE_URL and
// WHARF_SECRET, a data directory each, nothing else shared. Releases, approvals, locks, reconcile and
// the live streams must hold across them, and a restart of PostgreSQL must fail calls clearly for the
// moment and then heal without restarting Wharf.

test.describe.configure({ mode: 'serial' });

const APP = '127.0.0.1:5055/wharf-demo/app';
const GOOD = '8b41d07';
const FAILING = 'c0ffee5';
const SUFFIX = randomBytes(4).toString('hex');
/** Needs a lead's approval. */
const GATED = `inst-gated-${SUFFIX}`;
/** Runs at once. */
const FREE = `inst-free-${SUFFIX}`;
const LEAD = `inst-lead-${SUFFIX}`;
/**
 * Host ports on fleet-c no other spec uses: 19100-19149 and 19150-19199, below the ephemeral range
 * (32768 and up), where a client's own connection could hold the port a release binds.
 */
const GATED_PORT = 19_100 + Math.floor(Math.random() * 50);
const FREE_PORT = GATED_PORT + 50;
const TERMINAL: readonly string[] = TERMINAL_STATUSES;

const docker = new Docker({ socketPath: new URL(fleetHost('fleet-c').socket as string).pathname });
const secret = randomBytes(36).toString('base64url');
const adminPassword = randomBytes(18).toString('base64url');
const leadPassword = randomBytes(18).toString('base64url');

type Instance = { server: OwnServer; api: APIRequestContext };

/** Made in the tests, not at load: the runner loads this file in processes that run no test. */
let root = '';
let pg: ReturnType<typeof ownPostgres> | null = null;
let token = '';
let a: Instance | null = null;
let b: Instance | null = null;
/** The release of FREE that runs now, what a rolled back release must leave running. */
let freeCurrent: TRelease | null = null;

const must = <T>(value: T | null, what: string): T => {
  if (value === null) throw new Error(`${what} is not set up: an earlier test failed`);
  return value;
};
const A = () => must(a, 'server A').api;
const B = () => must(b, 'server B').api;

function serverOptions(name: 'a' | 'b', port: number) {
  const dataDir = path.join(root, name);
  fs.mkdirSync(dataDir, { recursive: true });
  return {
    port,
    dataDir,
    secret,
    adminPassword,
    // A short release lease: B takes over a release of A's once A has been dead this long.
    env: { DATABASE_URL: must(pg, 'PostgreSQL').url, WHARF_RELEASE_LEASE_SECONDS: '8' },
    ...(process.env.WHARF_E2E_APP_DIR ? { appDir: process.env.WHARF_E2E_APP_DIR } : {}),
  };
}

const apiOn = (server: OwnServer) =>
  request.newContext({ baseURL: server.origin, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

async function release(api: APIRequestContext, id: string): Promise<TRelease> {
  const res = await api.get(`/api/v1/releases/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as TRelease;
}

async function settled(api: APIRequestContext, id: string, timeout: number): Promise<TRelease> {
  await expect
    .poll(async () => TERMINAL.includes((await release(api, id)).status), { timeout, intervals: [300] })
    .toBe(true);
  return release(api, id);
}

const story = (r: TRelease) =>
  `${r.status}: ${r.message}\n${r.steps.map((s) => `${s.host ?? '-'} ${s.step}:${s.status} ${s.message}`).join('\n')}`;

const containersOf = (service: string) =>
  docker.listContainers({ all: true, filters: { label: [`wharf.service=${service}`] } });

function serviceSpec(name: string, port: number, requiresApproval: boolean) {
  return {
    name,
    hosts: ['fleet-c'],
    image: APP,
    ports: [{ host: port, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
    healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 0, deadlineSeconds: 12 },
    requiresApproval,
    stopTimeoutSeconds: 1,
  };
}

type SseEvent = { event: string; data: unknown };

/**
 * Opens a Server-Sent Events stream and collects its events as they arrive; `close` ends it. The
 * answer's status and type are checked before any event is read.
 */
async function openSse(origin: string, pathname: string) {
  const controller = new AbortController();
  const res = await fetch(`${origin}${pathname}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(res.status, `${pathname} on ${origin}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: SseEvent[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })().catch(() => {});
  return {
    events,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

test.afterAll(async () => {
  for (const x of [a, b]) {
    await x?.api.dispose();
    if (x) await killOwnServer(x.server);
  }
  for (const service of [GATED, FREE])
    for (const c of await containersOf(service)) await docker.getContainer(c.Id).remove({ force: true });
  pg?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('two servers on one PostgreSQL start together and share users, hosts and services', async () => {
  test.setTimeout(180_000);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-instances-'));
  pg = ownPostgres(await freePort());
  expect(pg.start()).toBe(pg.url);
  // Started at the same moment, as a deployment would: both migrate and make the first admin at once.
  const [portA, portB] = [await freePort(), await freePort()];
  const [serverA, serverB] = await Promise.all([
    startOwnServer(serverOptions('a', portA)),
    startOwnServer(serverOptions('b', portB)),
  ]);
  const session = await signedInRequest(serverA.origin, 'admin', adminPassword);
  const made = await session.post('/api/v1/tokens', { data: { name: 'instances-spec', role: 'admin' } });
  expect(made.status(), await made.text()).toBe(201);
  token = ((await made.json()) as { token: string }).token;
  await session.dispose();
  a = { server: serverA, api: await apiOn(serverA) };
  b = { server: serverB, api: await apiOn(serverB) };

  // What is made through one is seen by the other: the token above, a user, the host, the registry.
  const lead = await B().post('/api/v1/users', {
    data: { username: LEAD, password: leadPassword, role: 'lead' },
  });
  expect(lead.status(), await lead.text()).toBe(201);
  const host = await A().post('/api/v1/hosts', { data: { name: 'fleet-c', url: fleetHost('fleet-c').url } });
  expect(host.status(), await host.text()).toBe(201);
  const registry = await B().post('/api/v1/registries', { data: fleetRegistry() });
  expect(registry.status(), await registry.text()).toBe(201);
  for (const spec of [serviceSpec(GATED, GATED_PORT, true), serviceSpec(FREE, FREE_PORT, false)]) {
    const res = await A().post('/api/v1/services', { data: spec });
    expect(res.status(), await res.text()).toBe(201);
  }
  for (const api of [A(), B()]) {
    const hosts = await api.get('/api/v1/hosts');
    expect(hosts.status()).toBe(200);
    expect(((await hosts.json()) as { name: string }[]).map((h) => h.name)).toContain('fleet-c');
    const services = await api.get(`/api/v1/services/${FREE}`);
    expect(services.status(), await services.text()).toBe(200);
  }
});

test('a release requested on A and approved on B runs once', async () => {
  test.setTimeout(150_000);
  const requested = await A().post(`/api/v1/services/${GATED}/releases`, { data: { tag: GOOD } });
  expect(requested.status(), await requested.text()).toBe(201);
  const pending = (await requested.json()) as TRelease;
  expect(pending.status).toBe('pending_approval');

  const lead = await signedInRequest(must(b, 'server B').server.origin, LEAD, leadPassword);
  const approved = await lead.post(`/api/v1/releases/${pending.id}/approve`, { data: { note: 'from B' } });
  expect(approved.status(), await approved.text()).toBe(200);
  await lead.dispose();

  // Both servers' background rounds see the approved release; only one may run it.
  const done = await settled(A(), pending.id, 90_000);
  expect(done.status, story(done)).toBe('succeeded');
  expect(done.approvedBy).toBe(LEAD);
  expect(done.requestedBy).toBe('admin');
  const keys = done.steps.map((s) => `${s.step}@${s.host ?? '-'}`);
  expect(new Set(keys).size, `steps doubled:\n${story(done)}`).toBe(keys.length);
  for (const step of ['preflight', 'pull', 'swap', 'verify'])
    expect(keys, story(done)).toContain(`${step}@fleet-c`);

  const list = await B().get(`/api/v1/services/${GATED}/releases`);
  expect(list.status()).toBe(200);
  const releases = (await list.json()) as TRelease[];
  expect(releases.map((r) => [r.id, r.status])).toEqual([[pending.id, 'succeeded']]);
  expect((await release(B(), pending.id)).steps).toHaveLength(done.steps.length);

  const containers = await containersOf(GATED);
  expect(containers, JSON.stringify(containers.map((c) => c.Names))).toHaveLength(1);
  expect(containers[0]?.State).toBe('running');
  expect(containers[0]?.Labels['wharf.release']).toBe(pending.id);
});

test('two requests at once, one to each server: one runs, the other is 409 naming it', async () => {
  test.setTimeout(150_000);
  const [fromA, fromB] = await Promise.all([
    A().post(`/api/v1/services/${FREE}/releases`, { data: { tag: GOOD, note: 'A' } }),
    B().post(`/api/v1/services/${FREE}/releases`, { data: { tag: GOOD, note: 'B' } }),
  ]);
  const answers = [
    { status: fromA.status(), body: await fromA.text() },
    { status: fromB.status(), body: await fromB.text() },
  ];
  const said = JSON.stringify(answers);
  expect(answers.map((x) => x.status).sort(), said).toEqual([201, 409]);
  const won = JSON.parse(answers.find((x) => x.status === 201)?.body ?? '{}') as TRelease;
  const refused = JSON.parse(answers.find((x) => x.status === 409)?.body ?? '{}') as {
    error: { code: string; message: string; details?: { releaseId?: string } };
  };
  expect(refused.error.code).toBe('CONFLICT');
  expect(refused.error.message, said).toMatch(new RegExp(`^release ${won.number} of ${FREE} is running`));
  expect(refused.error.details?.releaseId, said).toBe(won.id);

  const done = await settled(B(), won.id, 90_000);
  expect(done.status, story(done)).toBe('succeeded');
  freeCurrent = done;
  // The refused request left nothing running: every other release of the service ended unrun.
  const others = ((await (await A().get(`/api/v1/services/${FREE}/releases`)).json()) as TRelease[]).filter(
    (r) => r.id !== won.id,
  );
  for (const r of others) expect(r.status, `${r.number}: ${r.message}`).toBe('cancelled');
  const running = (await containersOf(FREE)).filter((c) => c.State === 'running');
  expect(running).toHaveLength(1);
  expect(running[0]?.Labels['wharf.release']).toBe(won.id);
});

test('a release cut by A being killed during verify is reconciled by B after the lease runs out', async () => {
  test.setTimeout(240_000);
  const good = must(freeCurrent, 'the running release of the service');
  const requested = await A().post(`/api/v1/services/${FREE}/releases`, { data: { tag: FAILING } });
  expect(requested.status(), await requested.text()).toBe(201);
  const cutId = ((await requested.json()) as TRelease).id;
  await expect
    .poll(
      async () =>
        (await release(A(), cutId)).steps.some((s) => s.step === 'verify' && s.status === 'running'),
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);
  const dead = must(a, 'server A');
  await killOwnServer(dead.server);
  await dead.api.dispose();
  a = null;
  const killedAt = Date.now();

  // B holds no memory of the release: it learns from the database that its lease ran out (8 s here).
  expect((await release(B(), cutId)).status).toBe('running');
  const ended = await settled(B(), cutId, 75_000);
  expect(ended.status, story(ended)).toBe('rolled_back');
  expect(ended.message, story(ended)).toMatch(/reconcile/);
  expect(Date.now() - killedAt, story(ended)).toBeLessThan(75_000);

  const live = (await containersOf(FREE)).filter((x) => x.State === 'running');
  expect(live, story(ended)).toHaveLength(1);
  expect(live[0]?.Labels['wharf.release'], story(ended)).toBe(good.id);

  // No lock is left: a new release of the service is accepted, not refused with 409.
  const again = await B().post(`/api/v1/services/${FREE}/releases`, { data: { tag: GOOD } });
  expect(again.status(), await again.text()).toBe(201);
  const redeployed = await settled(B(), ((await again.json()) as TRelease).id, 90_000);
  expect(redeployed.status, story(redeployed)).toBe('succeeded');
  freeCurrent = redeployed;

  // A comes back on its own data directory and the same database.
  const server = await startOwnServer(serverOptions('a', dead.server.port));
  a = { server, api: await apiOn(server) };
});

test('log and event streams work from either server', async () => {
  test.setTimeout(90_000);
  const current = must(freeCurrent, 'the running release of the service');
  const running = (await containersOf(FREE)).filter((c) => c.State === 'running');
  expect(running).toHaveLength(1);
  const id = running[0]?.Id as string;
  expect(running[0]?.Labels['wharf.release']).toBe(current.id);
  // The verify probes of the release wrote request lines to the container's log.
  for (const x of [must(a, 'server A'), must(b, 'server B')]) {
    const stream = await openSse(x.server.origin, `/api/v1/services/${FREE}/logs?tail=50`);
    try {
      await expect
        .poll(() => stream.events.filter((e) => e.event === 'lines').length, { timeout: 20_000 })
        .toBeGreaterThan(0);
      const lines = stream.events
        .filter((e) => e.event === 'lines')
        .flatMap((e) => (e.data as { lines: { text: string; host?: string }[] }).lines);
      expect(lines.some((l) => /response:200/.test(l.text))).toBe(true);
      expect(stream.events.filter((e) => e.event === 'error')).toEqual([]);
    } finally {
      await stream.close();
    }
  }

  const events = await openSse(must(b, 'server B').server.origin, '/api/v1/events');
  try {
    // Restarted through A once B's upstream to fleet-c is connected.
    await expect
      .poll(
        () =>
          events.events.some(
            (e) => e.event === 'host' && (e.data as { hostName: string; connected: boolean }).connected,
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    const restarted = await A().post(`/api/v1/hosts/fleet-c/containers/${id}/restart`);
    expect(restarted.status(), await restarted.text()).toBe(200);
    await expect
      .poll(
        () =>
          events.events
            .filter((e) => e.event === 'docker')
            .map((e) => e.data as TFleetEvent)
            .filter((e) => e.id === id && e.hostName === 'fleet-c')
            .map((e) => e.action),
        { timeout: 20_000 },
      )
      .toEqual(expect.arrayContaining(['restart']));
  } finally {
    await events.close();
  }
});

test('a restart of PostgreSQL fails calls clearly for the moment, then Wharf heals by itself', async () => {
  test.setTimeout(120_000);
  const db = must(pg, 'PostgreSQL');
  const server = must(a, 'server A').server;
  const pid = server.child.pid;
  const health = async () => {
    const res = await fetch(`${server.origin}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as { status: string; db: { ok: boolean } } };
  };
  // Warm: the pool holds open connections when the server goes away under them.
  expect((await A().get('/api/v1/services')).status()).toBe(200);
  expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', db: { ok: true } } });

  db.down();
  try {
    for (const url of [
      '/api/v1/services',
      `/api/v1/releases/${must(freeCurrent, 'release').id}`,
      '/api/v1/hosts',
    ]) {
      const started = Date.now();
      const res = await fetch(`${server.origin}${url}`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(15_000),
      });
      const took = Date.now() - started;
      const body = await res.text();
      expect(res.status, `${url}: ${body}`).toBe(503);
      expect(JSON.parse(body)).toEqual({
        error: { code: 'UNAVAILABLE', message: expect.stringMatching(/database is not reachable/) },
      });
      expect(took, url).toBeLessThan(5000);
    }
    const down = await health();
    expect(down.status, 'a load balancer must pass this instance by').toBe(503);
    expect(down.body.status).toBe('degraded');
    expect(down.body.db.ok).toBe(false);
  } finally {
    db.up();
  }

  // Back without restarting Wharf: the same process answers, the pool opened new connections.
  await expect
    .poll(async () => (await A().get('/api/v1/services')).status(), { timeout: 30_000, intervals: [250] })
    .toBe(200);
  expect((await health()).body).toMatchObject({ status: 'ok', db: { ok: true } });
  expect((await B().get(`/api/v1/services/${FREE}`)).status()).toBe(200);
  expect(server.child.pid).toBe(pid);
  expect(server.child.exitCode).toBeNull();
  // A write goes through again too.
  const user = await A().post('/api/v1/users', {
    data: { username: `inst-after-${SUFFIX}`, password: leadPassword, role: 'viewer' },
  });
  expect(user.status(), await user.text()).toBe(201);
});
