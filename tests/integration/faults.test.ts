import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import { getDb } from '@/lib/server/db';
import { tickOnce } from '@/lib/server/releases/runner';
import { TERMINAL_STATUSES, type TRelease } from '@/lib/types/releases';
import { type ApiError, api, BASE_URL, loadRoute, routeFiles } from './support/api';
import { deleteHostRows, deleteRegistryRows } from './support/db';
import { FakeRegistry, type FaultMode, type RecordingServer, recordingHost } from './support/fault-registry';
import { engine, loadFleet, portOf, repairEngine } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';
import { CountingProxy } from './support/proxy';
import { fleetRegistry } from './support/registry';

// Faults the other suites do not cover: an engine that hangs during a release, an engine killed under
// a live log stream (this file SIGKILLs fleet-b's engine and starts it again), and a registry that
// fails while a release is requested or approved. Each call must end within its deadline with a clear
// error, leave no release lock held and no half-written record.

const fleet = loadFleet();
const APP = '127.0.0.1:5055/wharf-demo/app';
const BASE = '127.0.0.1:5055/wharf-demo/base:1.36';
const GOOD = '8b41d07';
const FAILING = 'c0ffee5';
/** The deadline of the hanging host and of the failing registry. */
const HOST_DEADLINE_MS = 1500;
const REGISTRY_DEADLINE_MS = 1000;
/** What an answer may take beyond its deadline. */
const MARGIN_MS = 1500;
/** A host port on fleet-a that nothing else takes: the seeded shop containers hold 18180 and 18181. */
const PORT = 18_100 + Math.floor(Math.random() * 50);

let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
const hosts: string[] = [];
const registries: string[] = [];
const services: string[] = [];

const isTerminal = (r: TRelease) => (TERMINAL_STATUSES as readonly string[]).includes(r.status);

const release = async (id: string) =>
  (await api.get<TRelease>(`/api/v1/releases/${id}`, { token: users.viewer.token })).json;

/** A readable account of a release for a failed expectation. */
async function account(id: string): Promise<string> {
  const r = await release(id);
  const steps = r.steps.map((s) => `${s.host ?? '-'} ${s.step}:${s.status} ${s.message}`).join('\n  ');
  return `release ${r.status}: ${r.message}\nsteps:\n  ${steps}`;
}

async function serviceId(name: string): Promise<string> {
  const db = await getDb();
  return (await db.selectFrom('services').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

/** The release locks a service holds now (expired or not): none may stay behind. */
async function locksOf(name: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectFrom('release_locks')
    .select('release_id')
    .where('service_id', '=', await serviceId(name))
    .execute();
  return rows.map((r) => r.release_id);
}

async function releasesOf(name: string): Promise<{ id: string; status: string }[]> {
  const db = await getDb();
  return db
    .selectFrom('releases')
    .select(['id', 'status'])
    .where('service_name', '=', name)
    .orderBy('number')
    .execute();
}

async function createService(spec: TServiceSpecInput): Promise<void> {
  const res = await api.post('/api/v1/services', { token: users.operator.token, body: spec });
  expect(res.status, res.text).toBe(201);
  services.push(spec.name);
}

async function addHost(body: Record<string, unknown>): Promise<void> {
  const res = await api.post('/api/v1/hosts', { token: users.admin.token, body });
  expect(res.status, res.text).toBe(201);
  hosts.push(body.name as string);
}

async function addRegistry(body: Record<string, unknown>): Promise<void> {
  const res = await api.post('/api/v1/registries', { token: users.admin.token, body });
  expect(res.status, res.text).toBe(201);
  registries.push(body.name as string);
}

beforeAll(async () => {
  users = await makeRoleUsers('faults');
  const r = fleetRegistry();
  const name = uniqueName('faults-fleet-reg');
  await addRegistry({ name, url: r.url, username: r.username, password: r.password });
}, 60_000);

afterAll(async () => {
  const db = await getDb();
  for (const name of services) {
    // Releases left queued by a failed approval must not be started by a later round.
    await db
      .updateTable('releases')
      .set({ status: 'cancelled', message: 'test over' })
      .where('service_name', '=', name)
      .where('status', 'in', ['queued', 'pending_approval'])
      .execute();
    await api.delete(`/api/v1/services/${name}`, { token: users.admin.token });
  }
  await deleteHostRows(hosts);
  await deleteRegistryRows(registries);
}, 60_000);

describe('an engine that accepts connections and never answers, during a release', () => {
  const HOST = uniqueName('faults-hang');
  const NAME = uniqueName('faults-hang-svc');
  const docker = engine('fleet-a');
  let proxy: CountingProxy;
  let goodId = '';

  const containersOf = () =>
    docker.listContainers({ all: true, filters: { label: [`wharf.service=${NAME}`] } });

  beforeAll(async () => {
    const a = fleet.hosts['fleet-a'];
    proxy = await new CountingProxy({ host: '127.0.0.1', port: portOf(a.url) }).start();
    await addHost({ name: HOST, url: proxy.url, tls: a.tls, timeoutMs: HOST_DEADLINE_MS });
    await createService({
      name: NAME,
      hosts: [HOST],
      image: APP,
      ports: [{ host: PORT, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
      healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 0, deadlineSeconds: 6 },
      requiresApproval: false,
      stopTimeoutSeconds: 1,
    });
  });

  afterAll(async () => {
    proxy.mode = 'forward';
    await proxy?.stop();
    for (const c of await containersOf()) await docker.getContainer(c.Id).remove({ force: true });
  }, 60_000);

  it('fails the release in preflight within the host deadline, changing nothing and holding no lock', async () => {
    proxy.mode = 'blackhole';
    const res = await api.post<TRelease>(`/api/v1/services/${NAME}/releases`, {
      token: users.operator.token,
      body: { tag: GOOD },
    });
    expect(res.status, res.text).toBe(201);
    const id = res.json.id;
    const requested = Date.now();
    await expect
      .poll(async () => isTerminal(await release(id)), { timeout: HOST_DEADLINE_MS + 5000, interval: 100 })
      .toBe(true);
    const elapsed = Date.now() - requested;
    const ended = await release(id);
    const story = await account(id);
    expect(ended.status, story).toBe('failed');
    expect(ended.message, story).toMatch(
      new RegExp(`preflight failed on ${HOST}: .*(timed out|does not answer)`),
    );
    expect(ended.message, story).toContain('nothing was changed');
    expect(elapsed, story).toBeLessThan(HOST_DEADLINE_MS + MARGIN_MS + 1000);
    expect(ended.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['preflight:failed']);
    expect(await locksOf(NAME)).toEqual([]);
    proxy.mode = 'forward';
    expect(await containersOf()).toEqual([]);
  });

  it('ends a release whose engine hangs during verify within its deadlines, then restores the host once it answers', async () => {
    proxy.mode = 'forward';
    const first = await api.post<TRelease>(`/api/v1/services/${NAME}/releases`, {
      token: users.operator.token,
      body: { tag: GOOD },
    });
    expect(first.status, first.text).toBe(201);
    goodId = first.json.id;
    await expect
      .poll(async () => isTerminal(await release(goodId)), { timeout: 60_000, interval: 300 })
      .toBe(true);
    expect((await release(goodId)).status, await account(goodId)).toBe('succeeded');

    const cut = await api.post<TRelease>(`/api/v1/services/${NAME}/releases`, {
      token: users.operator.token,
      body: { tag: FAILING },
    });
    expect(cut.status, cut.text).toBe(201);
    const id = cut.json.id;
    await expect
      .poll(
        async () => (await release(id)).steps.some((s) => s.step === 'verify' && s.status === 'running'),
        {
          timeout: 60_000,
          interval: 50,
        },
      )
      .toBe(true);
    proxy.mode = 'blackhole';
    const hungAt = Date.now();
    // The verify deadline (6 s), then the rollback's calls, each cut at the host deadline.
    const bound = 6000 + 6 * HOST_DEADLINE_MS + MARGIN_MS;
    await expect
      .poll(async () => isTerminal(await release(id)), { timeout: bound, interval: 200 })
      .toBe(true);
    const elapsed = Date.now() - hungAt;
    const ended = await release(id);
    const story = await account(id);
    expect(['failed', 'rolled_back'], story).toContain(ended.status);
    expect(ended.message, story).toContain(HOST);
    expect(elapsed, story).toBeLessThan(bound);
    expect(
      ended.steps.filter((s) => s.status === 'running'),
      story,
    ).toEqual([]);
    expect(await locksOf(NAME), story).toEqual([]);

    // Once the engine answers again, the release rounds put the good version back as the one running container.
    proxy.mode = 'forward';
    await expect
      .poll(
        async () => {
          await tickOnce();
          const live = (await containersOf()).filter((c) => c.State === 'running');
          return live.map((c) => c.Labels['wharf.release']);
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toEqual([goodId]);
    expect(await locksOf(NAME)).toEqual([]);
  }, 150_000);
});

describe('an engine killed during a live log stream', () => {
  const HOST = uniqueName('faults-logs');
  const TICKER = uniqueName('faults-ticker');
  const docker = engine('fleet-b');

  function dockerdPid(): number {
    return Number(fs.readFileSync(path.join(fleet.dir, 'fleet-b', 'dockerd.pid'), 'utf8').trim());
  }

  beforeAll(async () => {
    const b = fleet.hosts['fleet-b'];
    await addHost({ name: HOST, url: b.url, tls: b.tls ?? undefined, timeoutMs: 2000 });
    const c = await docker.createContainer({
      name: TICKER,
      Image: BASE,
      Cmd: ['sh', '-c', 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.1; done'],
    });
    await c.start();
  });

  afterAll(async () => {
    // Start the killed engine again (idempotent), then remove the ticker.
    repairEngine('fleet-b');
    await docker
      .getContainer(TICKER)
      .remove({ force: true })
      .catch(() => undefined);
  }, 240_000);

  it('ends the stream with an event naming the host within seconds, and the route answers at once afterwards', async () => {
    const file = routeFiles().find((r) => r.template === '/api/v1/hosts/[host]/containers/[id]/logs');
    const handler = file ? (await loadRoute(file)).GET : undefined;
    if (!handler) throw new Error('no log route');
    const url = new URL(`/api/v1/hosts/${HOST}/containers/${TICKER}/logs?tail=1`, BASE_URL);
    const controller = new AbortController();
    const req = new NextRequest(url, {
      headers: { authorization: `Bearer ${users.viewer.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const res = await handler(req, { params: Promise.resolve({ host: HOST, id: TICKER }) });
    expect(res.status).toBe(200);
    const events: { event: string; data: string }[] = [];
    let closed = false;
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let i = buffer.indexOf('\n\n'); i !== -1; i = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data });
          }
        }
      } finally {
        closed = true;
      }
    })();
    try {
      await expect
        .poll(() => events.filter((e) => e.event === 'lines').length, { timeout: 10_000 })
        .toBeGreaterThan(2);
      process.kill(dockerdPid(), 'SIGKILL');
      const killedAt = Date.now();
      await expect.poll(() => closed, { timeout: 10_000, interval: 50 }).toBe(true);
      const elapsed = Date.now() - killedAt;
      const last = events.filter((e) => e.event === 'end' || e.event === 'error');
      expect(last.length, JSON.stringify(events.slice(-3))).toBeGreaterThan(0);
      expect(last.map((e) => e.data).join('\n')).toContain(HOST);
      console.log(`[faults] the stream ended with ${JSON.stringify(last)}`);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      controller.abort();
    }

    // With the engine gone, the same route answers at once with an error naming the host.
    const again = await api.get<ApiError>(`/api/v1/hosts/${HOST}/containers/${TICKER}/logs`, {
      token: users.viewer.token,
      headers: { accept: 'text/event-stream' },
    });
    expect([502, 504], again.text).toContain(again.status);
    expect(again.json.error.message).toContain(HOST);
    expect(again.ms).toBeLessThan(2000 + MARGIN_MS);
  }, 60_000);
});

/**
 * A registry in front of the fleet registry: while the fake's mode is `ok` every request goes to the
 * fleet registry (with the caller's credentials); otherwise the fake answers, failing as its mode says.
 */
class FaultyFront {
  readonly fake = new FakeRegistry();
  private server: http.Server | undefined;
  private readonly upstream = new URL(fleetRegistry().url);

  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the front is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  set mode(mode: FaultMode) {
    this.fake.mode = mode;
  }

  async start(): Promise<this> {
    await this.fake.start();
    this.server = http.createServer((req, res) => {
      const to = this.fake.mode === 'ok' ? this.upstream : new URL(this.fake.url);
      const out = http.request(
        {
          host: to.hostname,
          port: to.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: to.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      res.on('close', () => out.destroy());
      req.pipe(out);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.fake.stop();
  }
}

describe('a registry that fails during a release request or an approval', () => {
  const REGISTRY = uniqueName('faults-reg');
  const HOST = uniqueName('faults-reg-host');
  const DIRECT = uniqueName('faults-direct');
  const APPROVED = uniqueName('faults-approved');
  let front: FaultyFront;
  let away: RecordingServer;

  const cases: [FaultMode, number, RegExp][] = [
    ['status-500', 502, /failed on (GET|HEAD) \S+ \(500\)/],
    ['redirect-away', 502, /pointed Wharf to another host/],
    ['stall', 504, new RegExp(`no answer within ${REGISTRY_DEADLINE_MS} ms`)],
  ];

  beforeAll(async () => {
    front = await new FaultyFront().start();
    away = await recordingHost().start();
    front.fake.redirectTo = `${away.url}/`;
    const r = fleetRegistry();
    await addRegistry({
      name: REGISTRY,
      url: front.url,
      username: r.username,
      password: r.password,
      timeoutMs: REGISTRY_DEADLINE_MS,
    });
    await addHost({ name: HOST, url: fleet.hosts['fleet-c'].url });
    const image = `${new URL(front.url).host}/wharf-demo/app`;
    await createService({ name: DIRECT, hosts: [HOST], image, requiresApproval: false });
    await createService({ name: APPROVED, hosts: [HOST], image, requiresApproval: true });
  });

  afterAll(async () => {
    await front?.stop();
    await away?.stop();
  });

  for (const [mode, status, message] of cases) {
    it(`answers a release request with ${status} within the registry deadline when the registry ${mode === 'stall' ? 'stalls' : mode === 'redirect-away' ? 'redirects to another host' : 'answers 500'}, storing nothing`, async () => {
      front.mode = mode;
      const res = await api.post<ApiError>(`/api/v1/services/${DIRECT}/releases`, {
        token: users.operator.token,
        body: { tag: GOOD },
      });
      expect(res.status, res.text).toBe(status);
      expect(res.json.error.message).toMatch(message);
      expect(res.json.error.message).toContain(`registry ${REGISTRY}`);
      expect(res.ms).toBeLessThan(REGISTRY_DEADLINE_MS + MARGIN_MS);
      expect(await releasesOf(DIRECT)).toEqual([]);
      expect(await locksOf(DIRECT)).toEqual([]);
      expect(away.seen).toEqual([]);
    });
  }

  for (const [mode, status, message] of cases) {
    it(`answers an approval whose tag re-check meets a registry that ${mode === 'stall' ? 'stalls' : mode === 'redirect-away' ? 'redirects away' : 'answers 500'} with ${status} within the deadline; the release never runs`, async () => {
      front.mode = 'ok';
      const requested = await api.post<TRelease>(`/api/v1/services/${APPROVED}/releases`, {
        token: users.operator.token,
        body: { tag: GOOD },
      });
      expect(requested.status, requested.text).toBe(201);
      expect(requested.json.status).toBe('pending_approval');
      const id = requested.json.id;

      front.mode = mode;
      const res = await api.post<ApiError>(`/api/v1/releases/${id}/approve`, {
        token: users.lead.token,
        body: { note: 'faults' },
      });
      expect(res.status, res.text).toBe(status);
      expect(res.json.error.message).toMatch(message);
      expect(res.json.error.message).toContain(`registry ${REGISTRY}`);
      expect(res.ms).toBeLessThan(REGISTRY_DEADLINE_MS + MARGIN_MS);
      expect(['queued', 'cancelled'], await account(id)).toContain((await release(id)).status);
      expect(await locksOf(APPROVED)).toEqual([]);

      // A release round meanwhile tries it again against the same registry: still not running.
      await tickOnce();
      expect(['queued', 'cancelled'], await account(id)).toContain((await release(id)).status);
      expect((await release(id)).steps).toEqual([]);
      expect(await locksOf(APPROVED)).toEqual([]);
      expect(away.seen).toEqual([]);

      // Cancelled here so that no later round runs it once the registry answers again.
      if ((await release(id)).status === 'queued') {
        const cancelled = await api.post<TRelease>(`/api/v1/releases/${id}/cancel`, {
          token: users.operator.token,
          body: { reason: 'faults' },
        });
        expect(cancelled.status, cancelled.text).toBe(200);
      }
    });
  }
});
