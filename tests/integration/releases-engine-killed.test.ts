import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import { getDb } from '@/lib/server/db';
import { DEFAULT_HOST_TIMEOUT_MS } from '@/lib/server/hosts/store';
import { tickOnce } from '@/lib/server/releases/runner';
import type { TRelease } from '@/lib/types/releases';
import { TERMINAL_STATUSES } from '@/lib/types/releases';
import { api } from './support/api';
import { deleteHostRows, deleteRegistryRows } from './support/db';
import { engine, loadFleet, repairEngine } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';
import { registerFleetHost, registerFleetRegistry } from './support/register';

// This file kills fleet-b's engine while a release verifies its new container and starts it again afterwards.
const fleet = loadFleet();
const HOST = uniqueName('rel-cut');
const REGISTRY = uniqueName('rel-cut-reg');
const NAME = uniqueName('rel-cut-svc');
const APP = '127.0.0.1:5055/wharf-demo/app';
const GOOD = '8b41d07';
const FAILING = 'c0ffee5';
const DEADLINE_S = 8;
/** A host port no other test uses: the ninth of a block of ten in 31500-31899. */
const PORT = 31_500 + Math.floor(Math.random() * 40) * 10 + 9;
const docker = engine('fleet-b');
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
let goodId = '';
let cutId = '';

function dockerdPid(): number {
  return Number(fs.readFileSync(path.join(fleet.dir, 'fleet-b', 'dockerd.pid'), 'utf8').trim());
}

const release = async (id: string) =>
  (await api.get<TRelease>(`/api/v1/releases/${id}`, { token: users.viewer.token })).json;

const isTerminal = (r: TRelease) => (TERMINAL_STATUSES as readonly string[]).includes(r.status);

async function containersOf() {
  return docker.listContainers({ all: true, filters: { label: [`wharf.service=${NAME}`] } });
}

async function serviceLocks(): Promise<string[]> {
  const db = await getDb();
  const service = await db
    .selectFrom('services')
    .select('id')
    .where('name', '=', NAME)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('release_locks')
    .select('release_id')
    .where('service_id', '=', service.id)
    .execute();
  return rows.map((r) => r.release_id);
}

async function servedVersion(): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/version`, { signal: AbortSignal.timeout(2000) });
    return (await res.text()).trim();
  } catch (error) {
    return `unreachable: ${(error as Error).message}`;
  }
}

/** A readable account of the release and the service's containers, for a failed expectation. */
async function account(id: string): Promise<string> {
  const r = await release(id);
  const steps = r.steps.map((s) => `${s.host ?? '-'} ${s.step}:${s.status} ${s.message}`).join('\n  ');
  const containers = await containersOf().then(
    (list) => list.map((c) => `${c.Names[0]} ${c.State} ${c.Labels['wharf.release']}`).join('\n  '),
    (error: Error) => `engine: ${error.message}`,
  );
  return `release ${r.status}: ${r.message}\nsteps:\n  ${steps}\ncontainers:\n  ${containers}`;
}

beforeAll(async () => {
  users = await makeRoleUsers('relcut');
  await registerFleetHost(users.admin.token, HOST, 'fleet-b');
  await registerFleetRegistry(users.admin.token, REGISTRY);
  const spec: TServiceSpecInput = {
    name: NAME,
    hosts: [HOST],
    image: APP,
    ports: [{ host: PORT, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
    healthcheck: {
      type: 'http',
      path: '/health',
      port: 8080,
      startPeriodSeconds: 0,
      deadlineSeconds: DEADLINE_S,
    },
    requiresApproval: false,
    stopTimeoutSeconds: 1,
  };
  const created = await api.post('/api/v1/services', { token: users.operator.token, body: spec });
  expect(created.status, created.text).toBe(201);
});

afterAll(async () => {
  // Start the killed engine again if a test stopped before doing so (idempotent).
  repairEngine('fleet-b');
  for (const c of await containersOf()) await docker.getContainer(c.Id).remove({ force: true });
  await api.delete(`/api/v1/services/${NAME}`, { token: users.admin.token });
  await deleteHostRows([HOST]);
  await deleteRegistryRows([REGISTRY]);
}, 240_000);

it('deploys the good version first', async () => {
  const res = await api.post<TRelease>(`/api/v1/services/${NAME}/releases`, {
    token: users.operator.token,
    body: { tag: GOOD },
  });
  expect(res.status, res.text).toBe(201);
  goodId = res.json.id;
  await expect
    .poll(async () => isTerminal(await release(goodId)), { timeout: 90_000, interval: 300 })
    .toBe(true);
  expect((await release(goodId)).status, await account(goodId)).toBe('succeeded');
  expect(await servedVersion()).toBe(GOOD);
}, 120_000);

it('a release whose engine is killed during verify ends within its deadline and the host timeout, and lets go of the service', async () => {
  const res = await api.post<TRelease>(`/api/v1/services/${NAME}/releases`, {
    token: users.operator.token,
    body: { tag: FAILING },
  });
  expect(res.status, res.text).toBe(201);
  cutId = res.json.id;
  await expect
    .poll(
      async () => (await release(cutId)).steps.some((s) => s.step === 'verify' && s.status === 'running'),
      {
        timeout: 60_000,
        interval: 50,
      },
    )
    .toBe(true);
  process.kill(dockerdPid(), 'SIGKILL');
  const killedAt = Date.now();

  const bound = DEADLINE_S * 1000 + DEFAULT_HOST_TIMEOUT_MS;
  await expect
    .poll(async () => isTerminal(await release(cutId)), { timeout: bound, interval: 200 })
    .toBe(true);
  const elapsed = Date.now() - killedAt;
  const ended = await release(cutId);
  const story = await account(cutId);
  expect(['failed', 'rolled_back'], story).toContain(ended.status);
  expect(ended.message, story).toContain(HOST);
  expect(elapsed, story).toBeLessThan(bound);
  expect(await serviceLocks(), story).toEqual([]);
}, 120_000);

it('once the engine is back, the pending restore puts the good version back as the one running container', async () => {
  repairEngine('fleet-b');
  await expect
    .poll(
      async () => {
        await tickOnce();
        const live = (await containersOf()).filter((c) => c.State === 'running');
        return live.length === 1 && live[0]?.Labels['wharf.release'] === goodId;
      },
      { timeout: 90_000, interval: 1000 },
    )
    .toBe(true);
  const live = (await containersOf()).filter((c) => c.State === 'running');
  expect(live, await account(cutId)).toHaveLength(1);
  expect(live[0]?.Names[0]).toBe(`/${NAME}`);
  expect(await servedVersion(), await account(cutId)).toBe(GOOD);
  expect(await serviceLocks()).toEqual([]);
}, 240_000);
