import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission } from '@/lib/auth/permissions';
import { getDb } from '@/lib/server/db';
import {
  api,
  callApi,
  HTTP_METHODS,
  type HttpMethod,
  loadRoute,
  type RouteFile,
  routeFiles,
} from './support/api';
import { deleteHostRows } from './support/db';
import { loadFleet, portOf } from './support/fleet';
import {
  makeUser,
  type PrincipalCase,
  principalCases,
  type TestUser,
  uniqueName,
} from './support/principals';
import { CountingProxy } from './support/proxy';
import { fleetRegistry } from './support/registry';
import {
  bodyKey,
  MUTATING,
  NEXT_AUTH_ROUTE,
  type SampleContext,
  samplePath,
  VALID_BODIES,
} from './support/route-samples';

type Endpoint = { route: RouteFile; method: HttpMethod; permission: string };

const fleet = loadFleet();
const a = fleet.hosts['fleet-a'];
const HOST = uniqueName('rbac-proxied');
const REGISTRY = uniqueName('rbac-registry');
const SERVICE = uniqueName('rbac-svc');
/** In front of the engine of HOST. */
let proxy: CountingProxy;
/** In front of the fleet registry, registered as REGISTRY and serving SERVICE's image. */
let registryProxy: CountingProxy;
let admin: TestUser;
let principals: PrincipalCase[];
let endpoints: Endpoint[];
let ctx: SampleContext;

/** What went through both proxies: a refused call must leave it as it was. */
const traffic = () => ({ engine: proxy.snapshot(), registry: registryProxy.snapshot() });

async function deniedCount(): Promise<number> {
  const db = await getDb();
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('result', '=', 'denied')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function expected(endpoint: Endpoint, principal: PrincipalCase): 'allowed' | 401 | 403 {
  if (endpoint.permission === 'public') return 'allowed';
  if (principal.role === null) return 401;
  return can(principal.role, endpoint.permission as Permission) ? 'allowed' : 403;
}

/** A refused caller sends the request that would act if the check were missing; an allowed one, a harmless one. */
function request(endpoint: Endpoint, refused: boolean) {
  const mutating = MUTATING.has(endpoint.method);
  const path = samplePath(endpoint.route, ctx, refused || !mutating);
  const sample = VALID_BODIES[bodyKey(endpoint.method, endpoint.route)];
  const body = mutating ? (refused && sample ? sample(ctx) : {}) : undefined;
  return { path, body };
}

beforeAll(async () => {
  admin = await makeUser('admin', 'rbac-setup');
  proxy = await new CountingProxy({ host: '127.0.0.1', port: portOf(a.url) }).start();
  const res = await api.post('/api/v1/hosts', {
    token: admin.token,
    body: { name: HOST, url: proxy.url, tls: a.tls },
  });
  expect(res.status, res.text).toBe(201);
  principals = await principalCases('rbac');

  // A registry, a service whose image it serves and a release waiting for approval: a refused call on
  // them that went ahead anyway would ask the registry for the tag, so the registry proxy would see it.
  const r = fleetRegistry();
  registryProxy = await new CountingProxy({ host: '127.0.0.1', port: portOf(r.url) }).start();
  const registryUrl = `http://127.0.0.1:${registryProxy.port}`;
  const registered = await api.post('/api/v1/registries', {
    token: admin.token,
    body: { name: REGISTRY, url: registryUrl, username: r.username, password: r.password },
  });
  expect(registered.status, registered.text).toBe(201);
  const service = await api.post('/api/v1/services', {
    token: admin.token,
    body: {
      name: SERVICE,
      hosts: [HOST],
      image: `127.0.0.1:${registryProxy.port}/wharf-demo/app`,
      requiresApproval: true,
    },
  });
  expect(service.status, service.text).toBe(201);
  const pending = await api.post<{ id: string; status: string }>(`/api/v1/services/${SERVICE}/releases`, {
    token: admin.token,
    // Not the samples' tag: the refused request's tag is in no cache, so it would have to ask the registry.
    body: { tag: '3f9c2a1' },
  });
  expect(pending.status, pending.text).toBe(201);
  expect(pending.json.status).toBe('pending_approval');

  ctx = {
    host: HOST,
    missing: 'nosuch0',
    proxyUrl: proxy.url,
    tls: a.tls,
    unique: () => uniqueName('rbac'),
    registry: REGISTRY,
    service: SERVICE,
    release: pending.json.id,
  };
  endpoints = [];
  for (const route of routeFiles()) {
    if (route.file === NEXT_AUTH_ROUTE) continue;
    const mod = await loadRoute(route);
    for (const method of HTTP_METHODS) {
      const permission = mod[method]?.wharf?.permission;
      if (permission) endpoints.push({ route, method, permission });
    }
  }
});

afterAll(async () => {
  await api.delete(`/api/v1/services/${SERVICE}`, { token: admin.token });
  await api.delete(`/api/v1/registries/${REGISTRY}`, { token: admin.token });
  const db = await getDb();
  await deleteHostRows([HOST]);
  await db.deleteFrom('hosts').where('url', '=', proxy.url).execute();
  await proxy?.stop();
  await registryProxy?.stop();
});

describe('permission table on every route', () => {
  it('covers the routes', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(15);
    expect(endpoints.some((e) => e.method === 'POST' && e.route.template === '/api/v1/hosts')).toBe(true);
  });

  it('refuses every mutation a viewer may not make with 403, an audit entry, and no Docker call', async () => {
    const viewers = principals.filter(
      (p) => p.name === 'viewer token' || p.name === 'viewer session' || p.name === 'anonymous',
    );
    let checked = 0;
    for (const endpoint of endpoints.filter((e) => MUTATING.has(e.method))) {
      for (const principal of viewers) {
        const want = expected(endpoint, principal);
        if (want === 'allowed') continue;
        const { path, body } = request(endpoint, true);
        const before = traffic();
        const denied = await deniedCount();
        const res = await callApi(endpoint.method, path, { headers: principal.headers(), body });
        const label = `${principal.name} ${endpoint.method} ${path}`;
        expect(res.status, `${label}: ${res.text}`).toBe(want);
        expect(traffic(), `${label} reached the engine or the registry`).toEqual(before);
        expect(await deniedCount(), `${label} left no audit entry`).toBe(denied + 1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('refuses an anonymous caller on every route whatever internal headers it carries', async () => {
    // Headers a framework or a proxy in front might trust: each handler checks the session itself.
    const internal: Record<string, string> = {
      'x-middleware-subrequest':
        'proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware',
      'x-middleware-invoke': '1',
      'x-invoke-path': '/api/v1/me',
      'x-nextjs-data': '1',
      'x-forwarded-user': 'admin',
      'x-remote-user': 'admin',
      'x-wharf-user': 'admin',
    };
    const failures: string[] = [];
    for (const endpoint of endpoints.filter((e) => e.permission !== 'public')) {
      const { path, body } = request(endpoint, true);
      const before = traffic();
      const res = await callApi(endpoint.method, path, { headers: internal, body });
      if (res.status !== 401) failures.push(`${endpoint.method} ${path}: ${res.status} ${res.text}`);
      if (JSON.stringify(traffic()) !== JSON.stringify(before))
        failures.push(`${endpoint.method} ${path} reached the engine or the registry`);
    }
    expect(failures).toEqual([]);
  });

  it('answers every route as the table says for every kind of caller, a refusal audited and going nowhere', async () => {
    const failures: string[] = [];
    const cases = endpoints.flatMap((endpoint) =>
      principals.map((principal) => ({ endpoint, principal, want: expected(endpoint, principal) })),
    );
    // Refusals first: an allowed call may leave engine traffic behind it (a stream closing, a cache
    // refill) that would be taken for a refused call's.
    for (const { endpoint, principal, want } of cases.filter((c) => c.want !== 'allowed')) {
      const { path, body } = request(endpoint, true);
      const denied = await deniedCount();
      const before = traffic();
      const res = await callApi(endpoint.method, path, { headers: principal.headers(), body });
      const label = `${principal.name} ${endpoint.method} ${endpoint.route.template} (${endpoint.permission})`;
      if (res.status !== want) failures.push(`${label}: want ${want}, got ${res.status} ${res.text}`);
      if (JSON.stringify(traffic()) !== JSON.stringify(before))
        failures.push(`${label}: refused, yet it reached the engine or the registry`);
      const audited = (await deniedCount()) - denied;
      if ((want === 403 || MUTATING.has(endpoint.method)) && audited !== 1)
        failures.push(`${label}: ${audited} denied audit entries, want 1`);
    }
    for (const { endpoint, principal } of cases.filter((c) => c.want === 'allowed')) {
      const { path, body } = request(endpoint, false);
      const res = await callApi(endpoint.method, path, { headers: principal.headers(), body });
      const label = `${principal.name} ${endpoint.method} ${endpoint.route.template} (${endpoint.permission})`;
      if (res.status === 401 || res.status === 403 || res.status >= 500)
        failures.push(`${label}: got ${res.status} ${res.text}`);
    }
    expect(failures).toEqual([]);
  });
});
