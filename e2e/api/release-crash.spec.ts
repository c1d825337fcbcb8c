import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, expect, request, test } from '@playwright/test';
import Docker from 'dockerode';
import { TERMINAL_STATUSES, type TRelease } from '@/lib/types/releases';
import { fleetHost, fleetRegistry } from '../support/fleet';
import { signedInRequest } from '../support/session';
import {
  freePort,
  killOwnServer as killServer,
  type OwnServer,
  startOwnServer,
} from '../support/wharf-server';

// Wharf itself is killed (SIGKILL) while a release verifies its new container; the restarted server
// must reconcile the release. The spec runs a Wharf server of its own (the same production build) so
// the shared e2e server is never killed.

const APP = '127.0.0.1:5055/wharf-demo/app';
const GOOD = '8b41d07';
const FAILING = 'c0ffee5';
const NAME = `crash-${randomBytes(4).toString('hex')}`;
/** A host port on fleet-c no other spec uses. */
const PORT = 32_450 + Math.floor(Math.random() * 50);
const TERMINAL: readonly string[] = TERMINAL_STATUSES;

const docker = new Docker({ socketPath: new URL(fleetHost('fleet-c').socket as string).pathname });
const secret = randomBytes(36).toString('base64url');
const password = randomBytes(18).toString('base64url');
/** Made in the test, not at load: the runner loads this file in processes that run no test. */
let dataDir = '';
let server: OwnServer | null = null;
let api: APIRequestContext | null = null;

const startServer = (port: number) =>
  startOwnServer({
    port,
    dataDir,
    secret,
    adminPassword: password,
    // A short release lease: the restarted server takes the cut release over once it runs out.
    env: { WHARF_RELEASE_LEASE_SECONDS: '5' },
    ...(process.env.WHARF_E2E_APP_DIR ? { appDir: process.env.WHARF_E2E_APP_DIR } : {}),
  });

function client(): APIRequestContext {
  if (!api) throw new Error('no API client yet');
  return api;
}

async function release(id: string): Promise<TRelease> {
  const res = await client().get(`/api/v1/releases/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as TRelease;
}

async function settled(id: string, timeout: number): Promise<TRelease> {
  await expect
    .poll(async () => TERMINAL.includes((await release(id)).status), { timeout, intervals: [300] })
    .toBe(true);
  return release(id);
}

const containersOf = () =>
  docker.listContainers({ all: true, filters: { label: [`wharf.service=${NAME}`] } });

async function servedVersion(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${PORT}/version`, { signal: AbortSignal.timeout(2000) });
  return (await res.text()).trim();
}

test.afterAll(async () => {
  await api?.dispose();
  if (server) await killServer(server);
  for (const c of await containersOf()) await docker.getContainer(c.Id).remove({ force: true });
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a release cut by Wharf being killed during verify is reconciled by the restarted server', async () => {
  test.setTimeout(300_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-crash-'));
  server = await startServer(await freePort());
  const baseURL = `http://127.0.0.1:${server.port}`;

  // Sign in as the first admin and make an API token; it outlives the restart, unlike a session.
  const session = await signedInRequest(baseURL, 'admin', password);
  const made = await session.post('/api/v1/tokens', { data: { name: 'crash-spec', role: 'admin' } });
  expect(made.status(), await made.text()).toBe(201);
  const { token } = (await made.json()) as { token: string };
  await session.dispose();
  api = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

  const c = fleetHost('fleet-c');
  const host = await client().post('/api/v1/hosts', { data: { name: 'fleet-c', url: c.url } });
  expect(host.status(), await host.text()).toBe(201);
  const registry = await client().post('/api/v1/registries', { data: fleetRegistry() });
  expect(registry.status(), await registry.text()).toBe(201);
  const service = await client().post('/api/v1/services', {
    data: {
      name: NAME,
      hosts: ['fleet-c'],
      image: APP,
      ports: [{ host: PORT, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
      healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 0, deadlineSeconds: 12 },
      requiresApproval: false,
      stopTimeoutSeconds: 1,
    },
  });
  expect(service.status(), await service.text()).toBe(201);

  const first = await client().post(`/api/v1/services/${NAME}/releases`, { data: { tag: GOOD } });
  expect(first.status(), await first.text()).toBe(201);
  const good = await settled(((await first.json()) as TRelease).id, 90_000);
  expect(good.status, good.message).toBe('succeeded');
  expect(await servedVersion()).toBe(GOOD);

  const second = await client().post(`/api/v1/services/${NAME}/releases`, { data: { tag: FAILING } });
  expect(second.status(), await second.text()).toBe(201);
  const cutId = ((await second.json()) as TRelease).id;
  await expect
    .poll(
      async () => (await release(cutId)).steps.some((s) => s.step === 'verify' && s.status === 'running'),
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);
  await killServer(server);
  const port = server.port;
  server = null;

  // The release is still `running` in the database; the server that starts next on it reconciles it.
  server = await startServer(port);
  const ended = await settled(cutId, 60_000);
  const story = `${ended.status}: ${ended.message}\n${ended.steps
    .map((s) => `${s.host ?? '-'} ${s.step}:${s.status} ${s.message}`)
    .join('\n')}`;
  expect(ended.status, story).toBe('rolled_back');
  expect(ended.message, story).toMatch(/reconcile/);

  const live = (await containersOf()).filter((x) => x.State === 'running');
  expect(live, story).toHaveLength(1);
  expect(live[0]?.Labels['wharf.release'], story).toBe(good.id);
  expect(await servedVersion()).toBe(GOOD);

  // No lock is left: a new release of the service is accepted, not refused with 409.
  const again = await client().post(`/api/v1/services/${NAME}/releases`, { data: { tag: GOOD } });
  expect(again.status(), await again.text()).toBe(201);
  const redeployed = await settled(((await again.json()) as TRelease).id, 90_000);
  expect(redeployed.status, redeployed.message).toBe('succeeded');
});
