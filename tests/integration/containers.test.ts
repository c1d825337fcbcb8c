import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TContainer, TContainerDetail } from '@/lib/types/fleet';
import { type ApiError, api } from './support/api';
import { auditRows, deleteHostRows } from './support/db';
import { ensureRunning, loadFleet, SEEDED } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

const fleet = loadFleet();
const a = fleet.hosts['fleet-a'];
const HOST = uniqueName('ct-a');
const base = `/api/v1/hosts/${HOST}/containers`;
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

const list = async (user: TestUser = users.viewer) => {
  const res = await api.get<TContainer[]>(base, { token: user.token });
  expect(res.status, res.text).toBe(200);
  return res.json;
};
const byName = async (name: string) => (await list()).find((c) => c.name === name);
const inspect = (ref: string, user: TestUser = users.viewer) =>
  api.get<TContainerDetail & ApiError>(`${base}/${ref}`, { token: user.token });

beforeAll(async () => {
  users = await makeRoleUsers('ct');
  const res = await api.post('/api/v1/hosts', {
    token: users.admin.token,
    body: { name: HOST, url: a.url, tls: a.tls },
  });
  expect(res.status, res.text).toBe(201);
});

afterAll(async () => {
  await ensureRunning('fleet-a', 'ticker');
  await deleteHostRows([HOST]);
});

describe('container list', () => {
  it('has every seeded container with its state', async () => {
    const containers = await list();
    const names = containers.map((c) => c.name);
    for (const seeded of SEEDED) expect(names).toContain(seeded);
    const get = (name: string) => containers.find((c) => c.name === name)!;
    expect(get('stopped-job').state).toBe('exited');
    expect(get('data-store').state).toBe('created');
    expect(get('ticker').state).toBe('running');
    expect(get('hostnet').networkMode).toBe('host');
    expect(get('html-label').labels.note).toBe('<img src=x onerror=alert(1)>');
    expect(get('shop-web').id).toMatch(/^[0-9a-f]{64}$/);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y)));
  });

  it('reads health: shop-web healthy, shop-canary unhealthy', async () => {
    await expect
      .poll(async () => (await byName('shop-web'))?.health, { timeout: 30_000, interval: 500 })
      .toBe('healthy');
    await expect
      .poll(async () => (await byName('shop-canary'))?.health, { timeout: 30_000, interval: 500 })
      .toBe('unhealthy');
  });

  it('sees the crash-looping container restarting', async () => {
    await expect
      .poll(async () => (await byName('crashloop'))?.state, { timeout: 30_000, interval: 300 })
      .toBe('restarting');
  });

  it('lists published ports and the service label', async () => {
    const web = await byName('shop-web');
    expect(web?.ports).toContainEqual({
      ip: '127.0.0.1',
      privatePort: 8080,
      publicPort: a.portBase + 80,
      type: 'tcp',
    });
    expect(web?.service).toBe('shop');
    expect(web?.labels['wharf.service']).toBe('shop');
    expect((await byName('shop-canary'))?.service).toBe('shop');
    expect((await byName('ticker'))?.service).toBeNull();
    const random = await byName('random-port');
    const published = random?.ports.find((p) => p.privatePort === 8080 && p.publicPort !== null);
    expect(published?.ip).toBe('127.0.0.1');
    expect(published?.publicPort).toBeGreaterThan(1024);
  });
});

describe('container inspect', () => {
  it('finds a container by name and by id prefix', async () => {
    const web = await byName('shop-web');
    const byRefName = await inspect('shop-web');
    expect(byRefName.status).toBe(200);
    expect(byRefName.json).toMatchObject({
      id: web?.id,
      name: 'shop-web',
      state: 'running',
      service: 'shop',
    });
    const byPrefix = await inspect(web!.id.slice(0, 12));
    expect(byPrefix.status).toBe(200);
    expect(byPrefix.json.name).toBe('shop-web');
    expect(byPrefix.json.restartPolicy.name).toBe('unless-stopped');
    expect(byPrefix.json.logConfig).toMatchObject({
      type: 'json-file',
      config: { 'max-size': '10m' },
      unbounded: false,
    });
    expect(byPrefix.json.imageDigest).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it('masks secret env values for viewers and operators, and shows them to admins', async () => {
    for (const user of [users.viewer, users.operator, users.lead]) {
      const res = await inspect('shop-web', user);
      expect(res.status).toBe(200);
      expect(res.json.env).toContainEqual({ name: 'DB_PASSWORD', value: '••••••', masked: true });
      expect(res.json.env).toContainEqual({ name: 'LOG_LEVEL', value: 'info', masked: false });
      expect(res.text).not.toContain('demo-secret-value');
    }
    const res = await inspect('shop-web', users.admin);
    expect(res.json.env).toContainEqual({ name: 'DB_PASSWORD', value: 'demo-secret-value', masked: false });
  });

  it('shows the mounts of the data-only container', async () => {
    const res = await inspect('data-store');
    expect(res.json.state).toBe('created');
    expect(res.json.mounts).toContainEqual(
      expect.objectContaining({ type: 'volume', name: 'demo-data', destination: '/data' }),
    );
  });

  it('answers 404 for an unknown container and 400 for a malformed reference', async () => {
    const missing = await inspect('no-such-container');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    for (const ref of ['..%2Fx', 'a%20b', '-rm', '%2Fetc%2Fpasswd']) {
      const res = await inspect(ref);
      expect(res.status, ref).toBe(400);
      expect(res.json.error.code).toBe('BAD_INPUT');
    }
    expect(
      (await api.get(`/api/v1/hosts/no-such-host/containers`, { token: users.viewer.token })).status,
    ).toBe(404);
  });
});

describe('container actions', () => {
  const act = (ref: string, action: string, user: TestUser = users.operator) =>
    api.post<{ id: string; name: string; state: string } & ApiError>(`${base}/${ref}/${action}`, {
      token: user.token,
    });

  it('restarts a container for an operator: 200, and it started again', async () => {
    const before = (await inspect('ticker')).json.startedAt;
    expect(before).toBeTruthy();
    const res = await act('ticker', 'restart');
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ name: 'ticker', state: 'running' });
    const after = (await inspect('ticker')).json.startedAt;
    expect(Date.parse(after ?? '')).toBeGreaterThan(Date.parse(before ?? ''));
    const audit = await auditRows({ actor: users.operator.username, action: 'containers.action' });
    expect(audit[0]).toMatchObject({
      result: 'ok',
      status: 200,
      target: `container:${HOST}/ticker`,
      via: 'token',
    });
  });

  it('stops and starts a container, and the list follows at once', async () => {
    const stop = await act('ticker', 'stop');
    expect(stop.status, stop.text).toBe(200);
    expect(stop.json.state).toBe('exited');
    expect((await byName('ticker'))?.state).toBe('exited');
    const start = await act('ticker', 'start');
    expect(start.status, start.text).toBe(200);
    expect(start.json.state).toBe('running');
    expect((await byName('ticker'))?.state).toBe('running');
  });

  it('answers 404 for an unknown container and 400 for an unknown action or malformed reference', async () => {
    const missing = await act('no-such-container', 'restart');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NOT_FOUND');
    expect((await act('ticker', 'kill')).status).toBe(400);
    expect((await act('..%2Fx', 'stop')).status).toBe(400);
    expect((await act('a%20b', 'stop')).status).toBe(400);
    expect((await byName('ticker'))?.state).toBe('running');
  });
});
