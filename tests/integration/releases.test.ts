import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import { getDb } from '@/lib/server/db';
import { tickOnce } from '@/lib/server/releases/runner';
import type { TConfigDiff, TKeptLog, TRelease, TRollbackability, TService } from '@/lib/types/releases';
import { TERMINAL_STATUSES } from '@/lib/types/releases';
import { type ApiError, api } from './support/api';
import { deleteHostRows, deleteRegistryRows } from './support/db';
import { FakeRegistry } from './support/fault-registry';
import { engine, loadFleet } from './support/fleet';
import { makeRoleUsers, makeUser, type TestUser, uniqueName } from './support/principals';
import { registerFleetHost, registerFleetRegistry } from './support/register';
import { deleteFromRegistry, fleetRegistry, pushImage, tagImage, untag } from './support/registry';

const fleet = loadFleet();
const HOST = uniqueName('rel-a');
const REGISTRY = uniqueName('rel-reg');
const docker = engine('fleet-a');
const APP = '127.0.0.1:5055/wharf-demo/app';
const GOOD = '8b41d07';
const OLDER = '3f9c2a1';
const FAILING = 'c0ffee5';
/** Host ports no other test uses: 31000-31990, in steps of 10. */
const P = 31_000 + Math.floor(Math.random() * 99) * 10;
const services: string[] = [];
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
let lead2: TestUser;

function spec(name: string, port: number, extra: Partial<TServiceSpecInput> = {}): TServiceSpecInput {
  return {
    name,
    hosts: [HOST],
    image: APP,
    env: { LOG_LEVEL: 'info' },
    secretEnv: { DB_PASSWORD: `canary-${name}` },
    ports: [{ host: port, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
    healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 0, deadlineSeconds: 8 },
    requiresApproval: false,
    stopTimeoutSeconds: 1,
    ...extra,
  };
}

async function createService(body: TServiceSpecInput): Promise<TService> {
  const res = await api.post<TService>('/api/v1/services', { token: users.operator.token, body });
  expect(res.status, res.text).toBe(201);
  services.push(body.name);
  return res.json;
}

async function requestRelease(name: string, body: object, token = users.operator.token) {
  return api.post<TRelease & ApiError>(`/api/v1/services/${name}/releases`, { token, body });
}

/** The release once it reached a terminal status. */
async function settled(id: string): Promise<TRelease> {
  let last: TRelease | undefined;
  await expect
    .poll(
      async () => {
        last = (await api.get<TRelease>(`/api/v1/releases/${id}`, { token: users.viewer.token })).json;
        return (TERMINAL_STATUSES as readonly string[]).includes(last.status);
      },
      { timeout: 90_000, interval: 300 },
    )
    .toBe(true);
  return last as TRelease;
}

async function containersOf(service: string) {
  return docker.listContainers({ all: true, filters: { label: [`wharf.service=${service}`] } });
}

async function running(service: string) {
  return (await containersOf(service)).filter((c) => c.State === 'running');
}

async function version(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/version`);
  return (await res.text()).trim();
}

beforeAll(async () => {
  users = await makeRoleUsers('rel');
  lead2 = await makeUser('lead', 'rel-lead2');
  await registerFleetHost(users.admin.token, HOST, 'fleet-a');
  await registerFleetRegistry(users.admin.token, REGISTRY);
});

afterAll(async () => {
  for (const name of services) {
    for (const c of await containersOf(name))
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => {});
    await api.delete(`/api/v1/services/${name}`, { token: users.admin.token }).catch(() => {});
  }
  const db = await getDb();
  await db.deleteFrom('freeze_windows').where('reason', 'like', 'test %').execute();
  await deleteHostRows([HOST]);
  await deleteRegistryRows([REGISTRY]);
}, 120_000);

describe('a release deploys, keeps the previous container, and rolls back', () => {
  const name = uniqueName('rel-svc');
  const port = P;
  const ids: Record<string, string> = {};

  it('deploys a tag as its exact digest, with the Git revision and every step recorded', async () => {
    await createService(spec(name, port));
    const res = await requestRelease(name, { tag: GOOD, note: 'first deploy' });
    expect(res.status, res.text).toBe(201);
    expect(res.json.number).toBe(1);
    expect(res.json.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(res.json.requestedBy).toBe(users.operator.username);
    const done = await settled(res.json.id);
    expect(done.status, done.message).toBe('succeeded');
    expect(done.gitRevision).toBeTruthy();
    const steps = done.steps.map((s) => `${s.step}:${s.status}`);
    for (const step of ['preflight:ok', 'swap:ok', 'verify:ok', 'finish:ok']) expect(steps).toContain(step);
    const live = await running(name);
    expect(live).toHaveLength(1);
    expect(live[0]?.Names[0]).toBe(`/${name}`);
    expect(live[0]?.Labels).toMatchObject({
      'wharf.service': name,
      'wharf.release': done.id,
      'wharf.managed': 'true',
    });
    expect(live[0]?.Image).toBe(`${APP}@${done.digest}`);
    expect(await version(port)).toBe(GOOD);
    ids.first = done.id;
  });

  it('a second release keeps exactly the previous container, stopped, and its last log lines', async () => {
    const res = await requestRelease(name, { tag: OLDER });
    const done = await settled(res.json.id);
    expect(done.status, done.message).toBe('succeeded');
    expect(await version(port)).toBe(OLDER);
    const all = await containersOf(name);
    expect(all).toHaveLength(2);
    const kept = all.find((c) => c.Labels['wharf.release'] === ids.first);
    expect(kept?.State).toBe('exited');
    expect(kept?.Names[0]).toBe(`/${name}.replaced-by-r2`);
    const logs = await api.get<TKeptLog[]>(`/api/v1/releases/${done.id}/logs`, { token: users.viewer.token });
    expect(logs.json.find((l) => l.kind === 'replaced')?.container).toBe(`${name}.replaced-by-r2`);
    ids.second = done.id;
  });

  it('a release whose health check never passes is rolled back: the old container serves again, the failed logs are kept', async () => {
    const res = await requestRelease(name, { tag: FAILING });
    const done = await settled(res.json.id);
    expect(done.status, done.message).toBe('rolled_back');
    expect(done.message).toMatch(/rolled back/);
    expect(await version(port)).toBe(OLDER);
    const live = await running(name);
    expect(live).toHaveLength(1);
    expect(live[0]?.Labels['wharf.release']).toBe(ids.second);
    expect((await containersOf(name)).some((c) => c.Labels['wharf.release'] === done.id)).toBe(false);
    const logs = await api.get<TKeptLog[]>(`/api/v1/releases/${done.id}/logs`, { token: users.viewer.token });
    expect(logs.json.some((l) => l.kind === 'failed')).toBe(true);
    expect(done.steps.some((s) => s.step === 'rollback' && s.status === 'ok')).toBe(true);
  });

  it('one-click rollback goes to the last good release before the current, starting its kept container', async () => {
    const check = await api.get<TRollbackability>(`/api/v1/releases/${ids.first}/rollback-check`, {
      token: users.viewer.token,
    });
    expect(check.json.possible, check.json.message).toBe(true);
    expect(check.json.hosts[0]).toMatchObject({ host: HOST, image: 'on-host', keptContainer: true });
    const keptId = (await containersOf(name)).find((c) => c.Labels['wharf.release'] === ids.first)?.Id;

    expect(
      (await api.post(`/api/v1/services/${name}/rollback`, { token: users.operator.token, body: {} })).status,
    ).toBe(403);
    const res = await api.post<TRelease>(`/api/v1/services/${name}/rollback`, {
      token: users.lead.token,
      body: {},
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.kind).toBe('rollback');
    expect(res.json.rollbackTo?.id).toBe(ids.first);
    const done = await settled(res.json.id);
    expect(done.status, done.message).toBe('succeeded');
    expect(await version(port)).toBe(GOOD);
    const live = await running(name);
    expect(live.map((c) => c.Id)).toEqual([keptId]);
    const swap = done.steps.find((s) => s.step === 'swap');
    expect(swap?.detail.fast).toBe(true);
  });

  it('the config diff against the previous release masks secrets', async () => {
    const edited = spec(name, port, {
      env: { LOG_LEVEL: 'debug' },
      secretEnv: { DB_PASSWORD: 'canary-rotated' },
    });
    const put = await api.put(`/api/v1/services/${name}`, { token: users.operator.token, body: edited });
    expect(put.status, put.text).toBe(200);
    const res = await requestRelease(name, { tag: GOOD });
    const done = await settled(res.json.id);
    expect(done.status, done.message).toBe('succeeded');
    const diff = await api.get<TConfigDiff>(`/api/v1/releases/${done.id}/diff`, {
      token: users.viewer.token,
    });
    expect(diff.json.changes).toContainEqual({
      path: 'env.LOG_LEVEL',
      kind: 'changed',
      before: '"info"',
      after: '"debug"',
    });
    expect(diff.json.changes).toContainEqual({
      path: 'secretEnv.DB_PASSWORD',
      kind: 'changed',
      before: '(secret)',
      after: '(secret)',
    });
    expect(JSON.stringify(diff.json)).not.toContain('canary');
    expect(JSON.stringify(done)).not.toContain('canary');
  });
});

describe('approval by a lead', () => {
  const name = uniqueName('rel-appr');
  const port = P + 1;

  beforeAll(async () => {
    await createService(spec(name, port, { requiresApproval: true }));
  });

  it('waits for a lead; nobody approves their own request, an operator cannot approve, an approval runs once', async () => {
    const res = await requestRelease(name, { tag: GOOD, note: 'needs a lead' });
    expect(res.status, res.text).toBe(201);
    expect(res.json.status).toBe('pending_approval');
    const id = res.json.id;
    expect(
      (await api.post(`/api/v1/releases/${id}/approve`, { token: users.operator.token, body: {} })).status,
    ).toBe(403);
    expect(
      (await api.post(`/api/v1/releases/${id}/approve`, { token: users.viewer.token, body: {} })).status,
    ).toBe(403);

    const own = await requestRelease(name, { tag: GOOD }, users.lead.token);
    const self = await api.post<ApiError>(`/api/v1/releases/${own.json.id}/approve`, {
      token: users.lead.token,
      body: {},
    });
    expect(self.status).toBe(403);
    expect(self.json.error.message).toMatch(/own request/);
    const reject = await api.post<ApiError>(`/api/v1/releases/${own.json.id}/reject`, {
      token: lead2.token,
      body: {},
    });
    expect(reject.status).toBe(400);
    const rejected = await api.post<TRelease>(`/api/v1/releases/${own.json.id}/reject`, {
      token: lead2.token,
      body: { reason: 'duplicate' },
    });
    expect(rejected.json.status).toBe('rejected');

    const approved = await api.post<TRelease>(`/api/v1/releases/${id}/approve`, {
      token: users.lead.token,
      body: {},
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.approvedBy).toBe(users.lead.username);
    const done = await settled(id);
    expect(done.status, done.message).toBe('succeeded');
    const again = await api.post<ApiError>(`/api/v1/releases/${id}/approve`, {
      token: lead2.token,
      body: {},
    });
    expect(again.status).toBe(409);
  });

  it('an approval is void once the spec was edited: running is refused with 409', async () => {
    const res = await requestRelease(name, { tag: OLDER });
    const edited = spec(name, port, { requiresApproval: true, env: { LOG_LEVEL: 'warn' } });
    expect(
      (await api.put(`/api/v1/services/${name}`, { token: users.operator.token, body: edited })).status,
    ).toBe(200);
    const approve = await api.post<ApiError>(`/api/v1/releases/${res.json.id}/approve`, {
      token: users.lead.token,
      body: {},
    });
    expect(approve.status).toBe(409);
    expect(approve.json.error.message).toMatch(/spec was edited/);
    const after = await api.get<TRelease>(`/api/v1/releases/${res.json.id}`, { token: users.viewer.token });
    expect(after.json.status).toBe('cancelled');
    expect(await version(port)).toBe(GOOD);
  });

  it('an approval is void once the tag moved to another digest', async () => {
    const repo = uniqueName('wharf-test/rel');
    const ref = `${fleetRegistry().domain}/${repo}`;
    const moving = uniqueName('svc-moving');
    await tagImage(docker, `${APP}:${GOOD}`, `${ref}:moving`);
    await pushImage(docker, `${ref}:moving`);
    try {
      await createService(spec(moving, P + 2, { image: ref, requiresApproval: true }));
      const res = await requestRelease(moving, { tag: 'moving' });
      expect(res.status, res.text).toBe(201);
      await tagImage(docker, `${APP}:${OLDER}`, `${ref}:moving`);
      await pushImage(docker, `${ref}:moving`);
      const approve = await api.post<ApiError>(`/api/v1/releases/${res.json.id}/approve`, {
        token: users.lead.token,
        body: {},
      });
      expect(approve.status).toBe(409);
      expect(approve.json.error.message).toMatch(/tag now points/);
      expect(await containersOf(moving)).toHaveLength(0);
    } finally {
      await untag(docker, [`${ref}:moving`]);
      await deleteFromRegistry(repo, ['moving']);
    }
  });
});

describe('bad input and failed preflights change nothing', () => {
  const name = uniqueName('rel-bad');

  beforeAll(async () => {
    await createService(spec(name, P + 3));
  });

  it('answers an unknown tag with 404 and a malformed digest or both tag and digest with 400', async () => {
    const unknown = await requestRelease(name, { tag: 'no-such-tag' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/no tag/);
    expect((await requestRelease(name, { digest: 'sha256:xyz' })).status).toBe(400);
    expect((await requestRelease(name, { tag: GOOD, digest: `sha256:${'a'.repeat(64)}` })).status).toBe(400);
    expect((await requestRelease(name, {})).status).toBe(400);
    const db = await getDb();
    const rows = await db.selectFrom('releases').select('id').where('service_name', '=', name).execute();
    expect(rows).toHaveLength(0);
  });

  it('a port held by another container fails the preflight before anything changes', async () => {
    const taken = fleet.hosts['fleet-a'].portBase + 80; // the seeded shop-web's port
    const blocked = uniqueName('rel-port');
    await createService(spec(blocked, P + 4));
    const db = await getDb();
    // Write the conflicting port straight into the spec, as a spec saved before the container appeared would be.
    const row = await db
      .selectFrom('services')
      .selectAll()
      .where('name', '=', blocked)
      .executeTakeFirstOrThrow();
    const saved = JSON.parse(row.spec);
    saved.ports = [{ host: taken, container: 8080, proto: 'tcp', hostIp: '' }];
    await db
      .updateTable('services')
      .set({ spec: JSON.stringify(saved) })
      .where('id', '=', row.id)
      .execute();
    const res = await requestRelease(blocked, { tag: GOOD });
    const done = await settled(res.json.id);
    expect(done.status).toBe('failed');
    expect(done.message).toMatch(
      new RegExp(`preflight failed .*port ${taken}/tcp.*shop-web.*nothing was changed`),
    );
    expect(await containersOf(blocked)).toHaveLength(0);
  });

  it('a dependency that is down fails the preflight', async () => {
    const dep = uniqueName('rel-dep');
    await createService(spec(dep, P + 5));
    const needs = uniqueName('rel-needs');
    await createService(spec(needs, P + 6, { dependsOn: [dep] }));
    const done = await settled((await requestRelease(needs, { tag: GOOD })).json.id);
    expect(done.status).toBe('failed');
    expect(done.message).toMatch(new RegExp(`dependency ${dep} has no container`));
    expect(await containersOf(needs)).toHaveLength(0);
  });

  it('two concurrent releases of one service: exactly one runs, the other gets 409 naming it', async () => {
    const [a, b] = await Promise.all([
      requestRelease(name, { tag: GOOD }),
      requestRelease(name, { tag: GOOD }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    const lost = a.status === 409 ? a : b;
    const won = a.status === 201 ? a : b;
    expect(lost.json.error.message).toMatch(/is running: started by/);
    expect((await settled(won.json.id)).status).toBe('succeeded');
    expect(await running(name)).toHaveLength(1);
  });
});

describe('freeze windows', () => {
  it('holds back normal releases; a hotfix runs once a lead approves it', async () => {
    const name = uniqueName('rel-frz');
    await createService(spec(name, P + 7));
    const now = Date.now();
    const freeze = await api.post<{ id: string }>('/api/v1/freezes', {
      token: users.lead.token,
      body: {
        service: name,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        reason: 'test freeze',
      },
    });
    expect(freeze.status, freeze.text).toBe(201);
    const normal = await requestRelease(name, { tag: GOOD });
    expect(normal.status).toBe(409);
    expect(normal.json.error.message).toMatch(/frozen until/);
    const hotfix = await requestRelease(name, { tag: GOOD, hotfix: true, note: 'hotfix' });
    expect(hotfix.status, hotfix.text).toBe(201);
    expect(hotfix.json.status).toBe('pending_approval');
    await api.post(`/api/v1/releases/${hotfix.json.id}/approve`, { token: users.lead.token, body: {} });
    expect((await settled(hotfix.json.id)).status).toBe('succeeded');
    expect((await api.delete(`/api/v1/freezes/${freeze.json.id}`, { token: users.lead.token })).status).toBe(
      200,
    );
  });
});

describe('crash safety', () => {
  it('a release left running by a dead Wharf is reconciled: verified and finished, or rolled back', async () => {
    const name = uniqueName('rel-crash');
    const port = P + 8;
    await createService(spec(name, port));
    const first = await settled((await requestRelease(name, { tag: GOOD })).json.id);
    expect(first.status).toBe('succeeded');
    // A second release runs; then the process that ran it "dies" during verify: its lock row is left
    // behind with a lease that ran out and its verify step open, as after a SIGKILL.
    const second = await settled((await requestRelease(name, { tag: FAILING })).json.id);
    expect(second.status).toBe('rolled_back');
    const db = await getDb();
    const failingId = (
      await api.post<TRelease>(`/api/v1/services/${name}/releases`, {
        token: users.operator.token,
        body: { tag: OLDER },
      })
    ).json.id;
    await settled(failingId);
    // Make the state a killed runner leaves: the release running, its lock expired.
    await db
      .updateTable('releases')
      .set({ status: 'running', finished_at: null })
      .where('id', '=', failingId)
      .execute();
    const serviceId = (
      await db.selectFrom('services').select('id').where('name', '=', name).executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('release_locks')
      .values({
        service_id: serviceId,
        release_id: failingId,
        holder: 'dead',
        instance: 'dead',
        acquired_at: new Date(0).toISOString(),
        expires_at: new Date(1000).toISOString(),
      })
      .execute();
    await tickOnce();
    const after = await api.get<TRelease>(`/api/v1/releases/${failingId}`, { token: users.viewer.token });
    expect(after.json.status).toBe('succeeded');
    expect(after.json.message).toMatch(/reconcile/);
    expect(await running(name)).toHaveLength(1);
    const locks = await db
      .selectFrom('release_locks')
      .select('release_id')
      .where('service_id', '=', serviceId)
      .execute();
    expect(locks).toEqual([]);
  });
});

describe('a multi-host release', () => {
  it('runs one host at a time, and a failure on a later host rolls the earlier hosts back too', async () => {
    const hostC = uniqueName('rel-c');
    const h = fleet.hosts['fleet-c'];
    expect(
      (await api.post('/api/v1/hosts', { token: users.admin.token, body: { name: hostC, url: h.url } }))
        .status,
    ).toBe(201);
    const dockerC = engine('fleet-c');
    const name = uniqueName('rel-multi');
    const port = P + 9;
    try {
      await createService(spec(name, port));
      const first = await settled((await requestRelease(name, { tag: OLDER })).json.id);
      expect(first.status, first.message).toBe('succeeded');
      // The engines of the test fleet share one network namespace: on the second host the port is taken
      // by the first host's container, outside anything that host's engine knows, so its start fails.
      const both = spec(name, port, { hosts: [HOST, hostC] });
      expect(
        (await api.put(`/api/v1/services/${name}`, { token: users.operator.token, body: both })).status,
      ).toBe(200);
      const done = await settled((await requestRelease(name, { tag: GOOD })).json.id);
      expect(done.status, done.message).toBe('rolled_back');
      const order = done.steps
        .filter((s) => s.step !== 'preflight' && s.step !== 'pull')
        .map((s) => `${s.host}:${s.step}:${s.status}`);
      expect(order.slice(0, 2)).toEqual([`${HOST}:swap:ok`, `${HOST}:verify:ok`]);
      expect(order).toContain(`${hostC}:swap:failed`);
      expect(order).toContain(`${HOST}:rollback:ok`);
      expect(await version(port)).toBe(OLDER);
      const live = await running(name);
      expect(live.map((c) => c.Labels['wharf.release'])).toEqual([first.id]);
      const onC = await dockerC.listContainers({ all: true, filters: { label: [`wharf.service=${name}`] } });
      expect(onC).toEqual([]);
    } finally {
      for (const c of await dockerC.listContainers({
        all: true,
        filters: { label: [`wharf.service=${name}`] },
      }))
        await dockerC.getContainer(c.Id).remove({ force: true });
      await api.delete(`/api/v1/services/${name}`, { token: users.admin.token });
      await deleteHostRows([hostC]);
    }
  });
});

describe('the queue, cancelling and expiry', () => {
  const name = uniqueName('rel-queue');
  let serviceId = '';

  beforeAll(async () => {
    serviceId = (await createService(spec(name, P + 10, { requiresApproval: true }))).id;
  });

  async function holdLock(releaseId: string) {
    const db = await getDb();
    await db
      .insertInto('release_locks')
      .values({
        service_id: serviceId,
        release_id: releaseId,
        holder: 'another-instance',
        instance: 'another-instance',
        acquired_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 60_000).toISOString(),
      })
      .execute();
  }

  it('an approved release waits while another holds the service, and runs once the lock is free', async () => {
    const res = await requestRelease(name, { tag: GOOD });
    await holdLock('someone-else');
    const approved = await api.post<TRelease>(`/api/v1/releases/${res.json.id}/approve`, {
      token: users.lead.token,
      body: {},
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.status).toBe('queued');
    expect(approved.json.message).toMatch(/waits/);
    const db = await getDb();
    await db.deleteFrom('release_locks').where('service_id', '=', serviceId).execute();
    await tickOnce();
    expect((await settled(res.json.id)).status).toBe('succeeded');
  });

  it('an approval not used in time expires', async () => {
    const res = await requestRelease(name, { tag: OLDER });
    await holdLock('someone-else');
    await api.post(`/api/v1/releases/${res.json.id}/approve`, { token: users.lead.token, body: {} });
    const db = await getDb();
    await db
      .updateTable('releases')
      .set({ approval_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', res.json.id)
      .execute();
    await db.deleteFrom('release_locks').where('service_id', '=', serviceId).execute();
    await tickOnce();
    const after = await api.get<TRelease>(`/api/v1/releases/${res.json.id}`, { token: users.viewer.token });
    expect(after.json.status).toBe('cancelled');
    expect(after.json.message).toMatch(/approval expired/);
    expect(await version(P + 10)).toBe(GOOD);
  });

  it('a pending release is cancelled by an operator, not by a viewer, and cannot be approved after', async () => {
    const res = await requestRelease(name, { tag: OLDER });
    expect(
      (await api.post(`/api/v1/releases/${res.json.id}/cancel`, { token: users.viewer.token, body: {} }))
        .status,
    ).toBe(403);
    const cancelled = await api.post<TRelease>(`/api/v1/releases/${res.json.id}/cancel`, {
      token: users.operator.token,
      body: { reason: 'wrong tag' },
    });
    expect(cancelled.json.status).toBe('cancelled');
    expect(cancelled.json.cancelledBy).toBe(users.operator.username);
    const late = await api.post<ApiError>(`/api/v1/releases/${res.json.id}/approve`, {
      token: users.lead.token,
      body: {},
    });
    expect(late.status).toBe(409);
  });
});

describe('data volumes', () => {
  it('backs up the volumes marked for it before the swap, linked to the release, and offers them for a rollback', async () => {
    const name = uniqueName('rel-vol');
    const volume = uniqueName('rel-data');
    const withVolume = spec(name, P + 11, { volumes: [{ name: volume, target: '/data', backup: true }] });
    try {
      await createService(withVolume);
      const first = await settled((await requestRelease(name, { tag: OLDER })).json.id);
      expect(first.status, first.message).toBe('succeeded');
      expect(first.steps.find((s) => s.step === 'backup')?.message).toMatch(/did not exist yet/);
      const second = await settled((await requestRelease(name, { tag: GOOD })).json.id);
      expect(second.status, second.message).toBe('succeeded');
      const backupStep = second.steps.find((s) => s.step === 'backup');
      expect(backupStep?.status).toBe('ok');
      const db = await getDb();
      const backups = await db.selectFrom('backups').selectAll().where('volume', '=', volume).execute();
      expect(backups.map((b) => [b.reason, b.release_id])).toEqual([['pre-release', second.id]]);
      const check = await api.get<TRollbackability>(`/api/v1/releases/${first.id}/rollback-check`, {
        token: users.viewer.token,
      });
      expect(check.json.backups).toEqual([
        expect.objectContaining({ id: backups[0]?.id, volume, takenBeforeRelease: second.number }),
      ]);
    } finally {
      for (const c of await containersOf(name)) await docker.getContainer(c.Id).remove({ force: true });
      await docker
        .getVolume(volume)
        .remove()
        .catch(() => {});
    }
  });
});

describe('an adopted container', () => {
  it('is replaced by the first release and kept for a rollback', async () => {
    const adopted = uniqueName('rel-adopt');
    const port = P + 12;
    await docker
      .createContainer({
        name: adopted,
        Image: `${APP}:${OLDER}`,
        ExposedPorts: { '8080/tcp': {} },
        HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
      })
      .then((c) => c.start());
    const name = uniqueName('rel-adopted');
    try {
      const prefill = await api.get<{ spec: TServiceSpecInput }>(
        `/api/v1/hosts/${HOST}/containers/${adopted}/service-spec`,
        { token: users.operator.token },
      );
      expect(prefill.status, prefill.text).toBe(200);
      expect(prefill.json.spec.containerName).toBe(adopted);
      const body = {
        ...prefill.json.spec,
        name,
        stopTimeoutSeconds: 1,
        requiresApproval: false,
        healthcheck: { type: 'http', path: '/health', port: 8080, deadlineSeconds: 8 },
      } as TServiceSpecInput;
      const created = await api.post<TService>('/api/v1/services', {
        token: users.operator.token,
        query: { adoptHost: HOST, adoptContainer: adopted },
        body,
      });
      expect(created.status, created.text).toBe(201);
      services.push(name);
      const done = await settled((await requestRelease(name, { tag: GOOD })).json.id);
      expect(done.status, done.message).toBe('succeeded');
      expect(await version(port)).toBe(GOOD);
      const live = await docker.getContainer(adopted).inspect();
      expect(live.Config.Labels['wharf.release']).toBe(done.id);
      const kept = await docker.getContainer(`${adopted}.replaced-by-r1`).inspect();
      expect(kept.State.Running).toBe(false);
      expect(kept.HostConfig.RestartPolicy?.Name).toBe('no');
    } finally {
      for (const ref of [adopted, `${adopted}.replaced-by-r1`])
        await docker
          .getContainer(ref)
          .remove({ force: true })
          .catch(() => {});
    }
  });
});

describe('a registry that is down', () => {
  it('answers the release request with its error within the deadline, and nothing is written', async () => {
    const fake = await new FakeRegistry().start();
    const regName = uniqueName('rel-down');
    try {
      const reg = await api.post('/api/v1/registries', {
        token: users.admin.token,
        body: { name: regName, url: fake.url, username: 'someone', password: 'secret-pw', timeoutMs: 1000 },
      });
      expect(reg.status, reg.text).toBe(201);
      const name = uniqueName('rel-regdown');
      await createService(
        spec(name, P + 13, {
          image: `${new URL(fake.url).host}/acme/shop`,
          ports: [],
          healthcheck: { type: 'docker' },
        }),
      );
      fake.mode = 'status-500';
      const broken = await requestRelease(name, { tag: GOOD });
      expect(broken.status).toBe(502);
      expect(broken.json.error.message).toMatch(new RegExp(`registry ${regName}.*500`));
      fake.mode = 'stall';
      const stalled = await requestRelease(name, { tag: GOOD });
      expect(stalled.status).toBe(504);
      expect(stalled.ms).toBeLessThan(3000);
      const db = await getDb();
      expect(await db.selectFrom('releases').select('id').where('service_name', '=', name).execute()).toEqual(
        [],
      );
    } finally {
      await fake.stop();
      await deleteRegistryRows([regName]);
    }
  });
});
