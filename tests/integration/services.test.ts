import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TServiceSpec, TServiceSpecInput } from '@/lib/schemas/services';
import { getDb } from '@/lib/server/db';
import { connectionFor } from '@/lib/server/hosts/store';
import { portFreeFor } from '@/lib/server/ports/map';
import { findServiceRecord } from '@/lib/server/services/store';
import type { THostPorts, TPortReservation } from '@/lib/types/ports';
import { SECRET_MASK, type TService, type TServiceSummary } from '@/lib/types/releases';
import { type ApiError, api } from './support/api';
import { auditRows, deleteHostRows } from './support/db';
import { engine, loadFleet } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

const fleet = loadFleet();
const HOST = uniqueName('svc-a');
const docker: Docker = engine('fleet-a');
const APP = '127.0.0.1:5055/wharf-demo/app';
const BASE_IMAGE = '127.0.0.1:5055/wharf-demo/base:1.36';
/** A block of host ports no other test uses: 30000-30989, in steps of 10. */
const P = 30_000 + Math.floor(Math.random() * 99) * 10;
/** Where the seeded containers publish on fleet-a. */
const SHOP_WEB_PORT = 18_180;
const SHOP_CANARY_PORT = 18_181;

type Adopted = {
  spec: TServiceSpecInput;
  warnings: string[];
  running: { image: string; tag: string | null };
};

let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
const services = new Set<string>();
const containers: string[] = [];
const reservations: string[] = [];

function spec(over: Partial<TServiceSpecInput> = {}): TServiceSpecInput {
  return { name: uniqueName('svc'), hosts: [HOST], image: APP, ...over };
}

async function create(
  body: TServiceSpecInput,
  who: TestUser = users.operator,
  query?: Record<string, string>,
) {
  const res = await api.post<TService & ApiError>('/api/v1/services', { token: who.token, body, query });
  if (res.status === 201) services.add(res.json.name);
  return res;
}

const put = (name: string, body: TServiceSpecInput | TServiceSpec, who: TestUser = users.operator) =>
  api.put<TService & ApiError>(`/api/v1/services/${name}`, { token: who.token, body });

async function importYaml(text: string, who: TestUser = users.operator) {
  const res = await api.post<{ created?: TService; updated?: TService } & ApiError>(
    '/api/v1/services/import',
    {
      token: who.token,
      headers: { 'content-type': 'text/yaml' },
      rawBody: text,
    },
  );
  if (res.json?.created) services.add(res.json.created.name);
  return res;
}

async function runContainer(opts: {
  image?: string;
  env?: string[];
  publish?: number;
  service?: string;
  cmd?: string[];
}): Promise<string> {
  const name = uniqueName('svc-ctr');
  const c = await docker.createContainer({
    name,
    Image: opts.image ?? BASE_IMAGE,
    Cmd: opts.cmd ?? (opts.image ? undefined : ['sleep', '3600']),
    Env: opts.env,
    Labels: opts.service ? { 'wharf.service': opts.service } : {},
    ExposedPorts: opts.publish ? { '8080/tcp': {} } : undefined,
    HostConfig: opts.publish
      ? { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(opts.publish) }] } }
      : undefined,
  });
  containers.push(name);
  await c.start();
  return name;
}

beforeAll(async () => {
  users = await makeRoleUsers('svc');
  const a = fleet.hosts['fleet-a'];
  const res = await api.post('/api/v1/hosts', {
    token: users.admin.token,
    body: { name: HOST, url: a.url, tls: a.tls },
  });
  expect(res.status, res.text).toBe(201);
});

afterAll(async () => {
  for (const name of services) await api.delete(`/api/v1/services/${name}`, { token: users.admin.token });
  for (const name of containers)
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  for (const id of reservations)
    await api.delete(`/api/v1/hosts/${HOST}/port-reservations/${id}`, { token: users.admin.token });
  await deleteHostRows([HOST]);
});

describe('service CRUD', () => {
  it('refuses a viewer, lets an operator create, read, edit and delete', async () => {
    const body = spec({
      env: { LOG_LEVEL: 'info' },
      ports: [{ host: P, container: 8080, hostIp: '127.0.0.1' }],
    });
    const viewer = await create(body, users.viewer);
    expect(viewer.status).toBe(403);

    const res = await create(body);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      name: body.name,
      createdBy: users.operator.username,
      spec: { image: APP, env: { LOG_LEVEL: 'info' }, requiresApproval: true, network: 'bridge' },
    });
    expect(res.json.configHash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const again = await create(body);
    expect(again.status).toBe(409);

    const list = await api.get<TServiceSummary[]>('/api/v1/services', { token: users.viewer.token });
    expect(list.status).toBe(200);
    expect(list.json.find((s) => s.name === body.name)).toMatchObject({ active: null, pendingApprovals: 0 });
    const one = await api.get<TServiceSummary>(`/api/v1/services/${body.name}`, {
      token: users.viewer.token,
    });
    expect(one.json).toMatchObject({ name: body.name, current: null });

    const edited = await put(body.name, { ...res.json.spec, env: { LOG_LEVEL: 'debug' } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json.spec.env).toEqual({ LOG_LEVEL: 'debug' });
    expect(edited.json.configHash).not.toBe(res.json.configHash);
    expect(edited.json.updatedBy).toBe(users.operator.username);

    const renamed = await put(body.name, { ...res.json.spec, name: uniqueName('other') });
    expect(renamed.status).toBe(400);
    expect(renamed.json.error.message).toMatch(/keeps its name/);
    const invalid = await put(body.name, { ...res.json.spec, image: `${APP}:latest` });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.message).toMatch(/^invalid body: image: /);
    const viewerPut = await put(body.name, res.json.spec, users.viewer);
    expect(viewerPut.status).toBe(403);

    expect((await api.delete(`/api/v1/services/${body.name}`, { token: users.viewer.token })).status).toBe(
      403,
    );
    const deleted = await api.delete(`/api/v1/services/${body.name}`, { token: users.operator.token });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json).toEqual({ deleted: true });
    services.delete(body.name);
    expect((await api.get(`/api/v1/services/${body.name}`, { token: users.viewer.token })).status).toBe(404);
    const audit = await auditRows({ actor: users.operator.username, action: 'services.create' });
    expect(audit.some((r) => r.target === `service:${body.name}` && r.result === 'ok')).toBe(true);
  });

  it('refuses a spec on a host Wharf does not know', async () => {
    const res = await create(spec({ hosts: ['no-such-host'] }));
    expect(res.status).toBe(404);
    expect(res.json.error.message).toMatch(/hosts: no host named no-such-host/);
  });
});

describe('what only an admin may ask for', () => {
  const asks: [string, Partial<TServiceSpecInput>][] = [
    ['privileged', { privileged: true }],
    ['pidMode', { pidMode: 'host' }],
    ['capAdd', { capAdd: ['NET_ADMIN'] }],
    ['devices', { devices: ['/dev/fuse'] }],
    ['binds', { binds: [{ source: '/etc', target: '/host-etc' }] }],
    [
      'a volume that is a bind mount',
      {
        volumes: [
          {
            name: uniqueName('vol'),
            target: '/data',
            driverOpts: { type: 'none', o: 'bind', device: '/etc' },
          },
        ],
      },
    ],
  ];

  it('refuses an operator on create and on update, and lets an admin', async () => {
    const plain = await create(spec());
    expect(plain.status, plain.text).toBe(201);
    for (const [what, over] of asks) {
      const denied = await create(spec(over));
      expect(denied.status, `${what}: ${denied.text}`).toBe(403);
      expect(denied.json.error.message).toMatch(/only an admin may ask for/);
      const deniedUpdate = await put(plain.json.name, { ...plain.json.spec, ...over });
      expect(deniedUpdate.status, `${what} update: ${deniedUpdate.text}`).toBe(403);

      const allowed = await create(spec(over), users.admin);
      expect(allowed.status, `${what} by an admin: ${allowed.text}`).toBe(201);
      // An operator cannot save a spec that holds it either, even unchanged.
      const keep = await put(allowed.json.name, allowed.json.spec);
      expect(keep.status, `${what} kept by an operator`).toBe(403);
      const adminUpdate = await put(plain.json.name, { ...plain.json.spec, ...over }, users.admin);
      expect(adminUpdate.status, `${what} admin update: ${adminUpdate.text}`).toBe(200);
      expect((await put(plain.json.name, plain.json.spec, users.admin)).status).toBe(200);
    }
  });
});

describe('secrets', () => {
  const canary = `canary-${randomBytes(8).toString('hex')}`;
  let service: TService;

  beforeAll(async () => {
    const res = await create(spec({ env: { LOG_LEVEL: 'info' }, secretEnv: { DB_PASSWORD: canary } }));
    expect(res.status, res.text).toBe(201);
    service = res.json;
  });

  it('never answers the value: create, get, list and the YAML export', async () => {
    expect(service.spec.secretEnv).toEqual({ DB_PASSWORD: SECRET_MASK });
    for (const [path, who] of [
      [`/api/v1/services/${service.name}`, users.viewer],
      [`/api/v1/services/${service.name}`, users.admin],
      ['/api/v1/services', users.admin],
      [`/api/v1/services/${service.name}/spec.yaml`, users.admin],
    ] as const) {
      const res = await api.get(path, { token: who.token });
      expect(res.status, path).toBe(200);
      expect(res.text, path).toContain('DB_PASSWORD');
      expect(res.text, path).not.toContain(canary);
    }
    const audit = await auditRows({ actor: users.operator.username, action: 'services.create' });
    expect(JSON.stringify(audit)).not.toContain(canary);
  });

  it('stores the value only encrypted', async () => {
    const db = await getDb();
    const row = await db
      .selectFrom('services')
      .selectAll()
      .where('name', '=', service.name)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(canary);
    expect(row.secret_env_enc).toBeTruthy();
    expect((await findServiceRecord(service.name)).spec.secretEnv).toEqual({ DB_PASSWORD: canary });
  });

  it('keeps the saved value when the mask is sent back, and refuses the mask for a new secret', async () => {
    const res = await put(service.name, { ...service.spec, env: { LOG_LEVEL: 'warn' } });
    expect(res.status, res.text).toBe(200);
    expect((await findServiceRecord(service.name)).spec.secretEnv).toEqual({ DB_PASSWORD: canary });
    const unknown = await put(service.name, {
      ...service.spec,
      secretEnv: { DB_PASSWORD: SECRET_MASK, API_TOKEN: SECRET_MASK },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/secretEnv\.API_TOKEN/);
    const changed = await put(service.name, { ...service.spec, secretEnv: { DB_PASSWORD: 'rotated' } });
    expect(changed.status).toBe(200);
    expect(changed.json.configHash).not.toBe(res.json.configHash);
    expect((await findServiceRecord(service.name)).spec.secretEnv).toEqual({ DB_PASSWORD: 'rotated' });
  });
});

describe('YAML export and import', () => {
  it('round-trips a service through its YAML export, keeping secrets and the config hash', async () => {
    const made = await create(
      spec({
        env: { LOG_LEVEL: 'info' },
        secretEnv: { DB_PASSWORD: 'round-trip-secret' },
        ports: [{ host: P + 6, container: 8080, hostIp: '127.0.0.1' }],
        volumes: [{ name: uniqueName('data'), target: '/data', backup: true }],
        healthcheck: { type: 'http', path: '/health', port: 8080 },
        labels: { team: 'payments' },
      }),
    );
    expect(made.status, made.text).toBe(201);
    const yaml = await api.get(`/api/v1/services/${made.json.name}/spec.yaml`, { token: users.viewer.token });
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/^text\/yaml/);
    expect(yaml.text.split('\n')[0]).toMatch(/^# .*masked.*keeps the saved secrets/);
    expect(yaml.text).toContain(`DB_PASSWORD: ${SECRET_MASK}`);

    const back = await importYaml(yaml.text);
    expect(back.status, back.text).toBe(200);
    expect(back.json.updated?.configHash).toBe(made.json.configHash);
    expect((await findServiceRecord(made.json.name)).spec.secretEnv).toEqual({
      DB_PASSWORD: 'round-trip-secret',
    });

    const asJson = await api.post<{ updated: TService }>('/api/v1/services/import', {
      token: users.operator.token,
      body: { yaml: yaml.text.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug') },
    });
    expect(asJson.status, asJson.text).toBe(200);
    expect(asJson.json.updated.spec.env).toEqual({ LOG_LEVEL: 'debug' });
  });

  it('creates a new service from YAML', async () => {
    const name = uniqueName('svc-yaml');
    const res = await importYaml(
      [
        `name: ${name}`,
        `hosts: [${HOST}]`,
        `image: ${APP}`,
        'env:',
        '  MODE: blue',
        'requiresApproval: false',
      ].join('\n'),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.json.created).toMatchObject({
      name,
      spec: { env: { MODE: 'blue' }, requiresApproval: false },
    });
    expect((await api.get(`/api/v1/services/${name}`, { token: users.viewer.token })).status).toBe(200);
  });

  it('answers bad YAML with its line and column, and schema errors with the field and its line', async () => {
    const syntax = await importYaml(
      ['name: x', `hosts: [${HOST}]`, 'image: "unterminated', 'env: {}'].join('\n'),
    );
    expect(syntax.status).toBe(400);
    expect(syntax.json.error.message).toMatch(/^YAML error at line \d+, column \d+: /);

    const schema = await importYaml(
      [
        `name: ${uniqueName('svc')}`,
        `hosts: [${HOST}]`,
        `image: ${APP}`,
        'ports:',
        '  - host: 0',
        '    container: 80',
      ].join('\n'),
    );
    expect(schema.status).toBe(400);
    expect(schema.json.error.message).toMatch(/^invalid spec: ports\.0\.host \(line 5, column 11\): /);

    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [i, n] of [...'bcdefgh'].entries())
      bomb.push(`${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    const refused = await importYaml(bomb.join('\n'));
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/aliases/);

    const plain = await api.post('/api/v1/services/import', {
      token: users.operator.token,
      headers: { 'content-type': 'text/plain' },
      rawBody: 'name: x',
    });
    expect(plain.status).toBe(415);
    const big = await importYaml(`name: x\nlabels:\n  a: "${'x'.repeat(1_000_001)}"\n`);
    expect(big.status).toBe(400);
    expect((await importYaml('name: x', users.viewer)).status).toBe(403);
  });
});

describe('adopting a container', () => {
  it('prefills a spec from the seeded shop-web, masking secrets for an operator', async () => {
    const path = `/api/v1/hosts/${HOST}/containers/shop-web/service-spec`;
    expect((await api.get(path, { token: users.viewer.token })).status).toBe(403);
    const res = await api.get<Adopted>(path, { token: users.operator.token });
    expect(res.status, res.text).toBe(200);
    expect(res.json.spec).toMatchObject({
      name: 'shop',
      hosts: [HOST],
      image: APP,
      containerName: 'shop-web',
      env: { LOG_LEVEL: 'info' },
      secretEnv: { DB_PASSWORD: SECRET_MASK },
      ports: [{ host: SHOP_WEB_PORT, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
      restartPolicy: 'unless-stopped',
      healthcheck: { type: 'docker' },
      labels: { 'com.example.team': 'payments' },
    });
    expect(res.json.spec.labels).not.toHaveProperty('wharf.service');
    expect(res.json.spec.labels).not.toHaveProperty('org.opencontainers.image.revision');
    expect(res.json.spec.env).not.toHaveProperty('PATH');
    expect(res.json.running.tag).toBe('8b41d07');
    expect(res.text).not.toContain('demo-secret-value');
    expect(res.json.warnings.join('\n')).toMatch(/masked/);

    const admin = await api.get<Adopted>(path, { token: users.admin.token });
    expect(admin.json.spec.secretEnv).toEqual({ DB_PASSWORD: 'demo-secret-value' });
  });

  it('lets an operator adopt a container with its secrets filled on the server', async () => {
    const canary = `canary-${randomBytes(8).toString('hex')}`;
    const name = await runContainer({
      image: `${APP}:8b41d07`,
      env: [`DB_PASSWORD=${canary}`, 'LOG_LEVEL=warn'],
      publish: P + 7,
    });
    const res = await api.get<Adopted>(`/api/v1/hosts/${HOST}/containers/${name}/service-spec`, {
      token: users.operator.token,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain(canary);
    expect(res.json.spec).toMatchObject({
      containerName: name,
      secretEnv: { DB_PASSWORD: SECRET_MASK },
      env: { LOG_LEVEL: 'warn' },
      ports: [{ host: P + 7, container: 8080 }],
    });
    const body = { ...res.json.spec, name: uniqueName('svc-adopt') };
    const adopt = { adoptHost: HOST, adoptContainer: name };

    // Without the container to take it from, the mask is not a value.
    expect((await create(body)).status).toBe(400);
    // A secret taken from the container may not land in plain env, where anyone could read it.
    const leak = await create(
      { ...body, env: { DB_PASSWORD: SECRET_MASK }, secretEnv: {} },
      users.operator,
      adopt,
    );
    expect(leak.status).toBe(400);
    expect(leak.json.error.message).toMatch(/belongs in secretEnv/);

    const created = await create(body, users.operator, adopt);
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(canary);
    expect((await findServiceRecord(body.name)).spec.secretEnv).toEqual({ DB_PASSWORD: canary });
    // Its own port does not count against it: the adopted container is the service running.
    expect(
      await portFreeFor(await connectionFor(HOST), {
        port: P + 7,
        proto: 'tcp',
        hostIp: '127.0.0.1',
        service: body.name,
      }),
    ).toEqual({ free: true });
  });
});

describe('service specs on the port map', () => {
  async function ports(): Promise<THostPorts> {
    const res = await api.get<THostPorts>(`/api/v1/hosts/${HOST}/ports`, { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    return res.json;
  }

  it('shows a spec claim, and refuses a second spec on the same port naming the first', async () => {
    const first = await create(spec({ ports: [{ host: P + 1, container: 8080 }] }));
    expect(first.status, first.text).toBe(201);
    const map = await ports();
    expect(map.claims.filter((c) => c.holder.kind === 'spec' && c.holder.name === first.json.name)).toEqual([
      expect.objectContaining({
        port: P + 1,
        proto: 'tcp',
        state: 'claimed',
        containerPort: 8080,
        scope: 'all',
      }),
    ]);
    const second = await create(spec({ ports: [{ host: P + 1, container: 80, hostIp: '127.0.0.1' }] }));
    expect(second.status).toBe(409);
    expect(second.json.error.message).toContain(`the spec of service ${first.json.name}`);
    // Editing the first keeps its own port.
    expect((await put(first.json.name, { ...first.json.spec, env: { A: '1' } })).status).toBe(200);
    // Moving another service onto it by an update is refused too.
    const other = await create(spec({ ports: [{ host: P + 8, container: 80 }] }));
    expect(other.status, other.text).toBe(201);
    const moved = await put(other.json.name, { ...other.json.spec, ports: [{ host: P + 1, container: 80 }] });
    expect(moved.status).toBe(409);
  });

  it("refuses a spec on shop-canary's port unless it is the shop service", async () => {
    const res = await create(
      spec({ ports: [{ host: SHOP_CANARY_PORT, container: 8080, hostIp: '127.0.0.1' }] }),
    );
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/container shop-canary \(running, service shop\)/);
    const conn = await connectionFor(HOST);
    const want = { port: SHOP_CANARY_PORT, proto: 'tcp' as const, hostIp: '127.0.0.1' };
    expect(await portFreeFor(conn, { ...want, service: 'shop' })).toEqual({ free: true });
    expect(await portFreeFor(conn, { ...want, service: 'billing' })).toMatchObject({ free: false });
  });

  it("accepts a spec on its own service's container's port, and refuses one reserved for nobody", async () => {
    const name = uniqueName('svc-own');
    await runContainer({ service: name, publish: P + 2 });
    await expect
      .poll(
        async () => (await ports()).claims.some((c) => c.port === P + 2 && c.holder.kind === 'container'),
        {
          timeout: 15_000,
          interval: 250,
        },
      )
      .toBe(true);
    const own = await create(spec({ name, ports: [{ host: P + 2, container: 8080, hostIp: '127.0.0.1' }] }));
    expect(own.status, own.text).toBe(201);
    const taken = await create(spec({ ports: [{ host: P + 2, container: 8080, hostIp: '127.0.0.1' }] }));
    expect(taken.status).toBe(409);

    const reserved = await api.post<TPortReservation>(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.operator.token,
      body: { port: P + 3, note: 'for someone else' },
    });
    expect(reserved.status, reserved.text).toBe(201);
    reservations.push(reserved.json.id);
    const onReserved = await create(spec({ ports: [{ host: P + 3, container: 8080 }] }));
    expect(onReserved.status).toBe(409);
    expect(onReserved.json.error.message).toMatch(/a reservation by/);
  });

  it('lists a container that takes a spec port afterwards as a conflict on the map', async () => {
    const saved = await create(spec({ ports: [{ host: P + 4, container: 8080 }] }));
    expect(saved.status, saved.text).toBe(201);
    const stray = await runContainer({ publish: P + 4 });
    await expect
      .poll(
        async () =>
          (await ports()).conflicts.some(
            (c) =>
              c.kind === 'spec-taken' &&
              c.port === P + 4 &&
              c.claims.some((x) => x.holder.kind === 'container' && x.holder.name === stray),
          ),
        { timeout: 15_000, interval: 250 },
      )
      .toBe(true);
  });
});
