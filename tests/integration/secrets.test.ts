import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';
import { sql } from 'kysely';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decryptSecret, sha256Hex } from '@/lib/server/crypto';
import { databaseDialect, getDb } from '@/lib/server/db';
import { dataDir } from '@/lib/server/env';
import type { TRelease, TService } from '@/lib/types/releases';
import { TERMINAL_STATUSES } from '@/lib/types/releases';
import { api, BASE_URL, loadRoute, type RouteFile, routeFiles } from './support/api';
import { deleteHostRows, deleteRegistryRows } from './support/db';
import { engine, loadFleet } from './support/fleet';
import { keyCanary } from './support/key-canary';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import { fleetRegistry } from './support/registry';
import { NEXT_AUTH_ROUTE } from './support/route-samples';

/*
 * Canaries: a host's TLS client key, a registry password, a service's secret env values and an API
 * token. After they have been saved and used (a real release puts the secret into a container's env and
 * a release's config), no API answer, audit entry or server output may hold them, and the database
 * holds them only encrypted (the token only as its hash).
 */

// Everything the server prints while this file runs, to grep for the canaries at the end.
const printed: string[] = [];
const restoreOutput: (() => void)[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (write as (...args: unknown[]) => boolean).apply(this, [chunk, ...rest]);
  } as typeof stream.write;
  restoreOutput.push(() => {
    stream.write = write;
  });
}
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  const original = console[method].bind(console);
  const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '));
    original(...args);
  });
  restoreOutput.push(() => spy.mockRestore());
}

const fleet = loadFleet();
const a = fleet.hosts['fleet-a'];
const docker = engine('fleet-a');
const registry = fleetRegistry();
const HOST = uniqueName('sec-host');
const REGISTRY = uniqueName('sec-reg');
const SERVICE = uniqueName('sec-svc');
const APP = '127.0.0.1:5055/wharf-demo/app';

if (!a.tls) throw new Error('fleet-a is reached over mutual TLS');
const tls = a.tls;
const SECRET_1 = `canary-${randomBytes(12).toString('hex')}`;
const SECRET_2 = `canary-${randomBytes(12).toString('hex')}`;
const canaries: Record<string, string> = {
  'TLS client key': keyCanary(tls),
  'registry password': registry.password,
  'secret env value (release 1)': SECRET_1,
  'secret env value (release 2)': SECRET_2,
};

let admin: TestUser;
let operator: TestUser;
let viewer: TestUser;
/** An admin API token made through the API; the admin's calls below carry it. */
let token: { id: string; token: string };
let port: number;
const releases: TRelease[] = [];
let imageId = '';

/** Every canary a text holds. */
function leaked(text: string, except: readonly string[] = []): string[] {
  return Object.entries(canaries)
    .filter(([name, value]) => !except.includes(name) && text.includes(value))
    .map(([name]) => name);
}

async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const candidate = 19_000 + Math.floor(Math.random() * 100);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(candidate, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
  throw new Error('no free port in 19000-19099');
}

function spec(secret: string) {
  return {
    name: SERVICE,
    hosts: [HOST],
    image: APP,
    env: { LOG_LEVEL: 'info' },
    secretEnv: { CANARY_SECRET: secret },
    ports: [{ host: port, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
    healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 0, deadlineSeconds: 20 },
    requiresApproval: false,
    stopTimeoutSeconds: 1,
  };
}

async function release(note: string): Promise<TRelease> {
  const res = await api.post<TRelease>(`/api/v1/services/${SERVICE}/releases`, {
    token: token.token,
    body: { tag: '8b41d07', note },
  });
  expect(res.status, res.text).toBe(201);
  // In beforeAll, where expect.poll is not available.
  const done = await vi.waitFor(
    async () => {
      const last = (await api.get<TRelease>(`/api/v1/releases/${res.json.id}`, { token: token.token })).json;
      if (!(TERMINAL_STATUSES as readonly string[]).includes(last.status))
        throw new Error(`still ${last.status}`);
      return last;
    },
    { timeout: 90_000, interval: 300 },
  );
  expect(done.status, done.message).toBe('succeeded');
  return done;
}

async function serviceContainers() {
  return docker.listContainers({ all: true, filters: { label: [`wharf.service=${SERVICE}`] } });
}

beforeAll(async () => {
  admin = await makeUser('admin', 'sec-admin');
  operator = await makeUser('operator', 'sec-operator');
  viewer = await makeUser('viewer', 'sec-viewer');
  const made = await api.post<{ id: string; token: string }>('/api/v1/tokens', {
    token: admin.token,
    body: { name: uniqueName('sec-canary'), role: 'admin' },
  });
  expect(made.status, made.text).toBe(201);
  token = made.json;
  canaries['API token'] = token.token;

  const host = await api.post('/api/v1/hosts', {
    token: token.token,
    body: { name: HOST, url: a.url, tls },
  });
  expect(host.status, host.text).toBe(201);
  const reg = await api.post('/api/v1/registries', {
    token: token.token,
    body: { name: REGISTRY, url: registry.url, username: registry.username, password: registry.password },
  });
  expect(reg.status, reg.text).toBe(201);

  port = await freePort();
  const created = await api.post<TService>('/api/v1/services', { token: token.token, body: spec(SECRET_1) });
  expect(created.status, created.text).toBe(201);
  releases.push(await release('first'));
  // A second release with another secret value: a diff between two releases and kept logs of the
  // replaced container, each with a secret on both sides.
  const updated = await api.put(`/api/v1/services/${SERVICE}`, { token: token.token, body: spec(SECRET_2) });
  expect(updated.status, updated.text).toBe(200);
  releases.push(await release('second'));
  const live = (await serviceContainers()).find((c) => c.Names.includes(`/${SERVICE}`));
  expect(live?.State).toBe('running');
  imageId = live?.ImageID ?? '';
  const env = (await docker.getContainer(SERVICE).inspect()).Config.Env ?? [];
  expect(env, 'the secret reached the container').toContain(`CANARY_SECRET=${SECRET_2}`);
}, 240_000);

afterAll(async () => {
  try {
    // A release left running by a failed setup would create its container after the clean-up.
    if (admin)
      await vi
        .waitFor(
          async () => {
            const list = await api.get<TRelease[]>(`/api/v1/services/${SERVICE}/releases`, {
              token: admin.token,
            });
            const open =
              list.status === 200 && list.json.some((r) => ['queued', 'running'].includes(r.status));
            if (open) throw new Error('a release still runs');
          },
          { timeout: 90_000, interval: 500 },
        )
        .catch(() => {});
    for (const c of await serviceContainers())
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => {});
    if (token) await api.delete(`/api/v1/services/${SERVICE}`, { token: token.token }).catch(() => {});
    await deleteHostRows([HOST]);
    await deleteRegistryRows([REGISTRY]);
    if (token) await api.delete(`/api/v1/tokens/${token.id}`, { token: admin.token }).catch(() => {});
  } finally {
    for (const restore of restoreOutput) restore();
  }
}, 120_000);

type Caller = { name: string; role: 'admin' | 'operator' | 'viewer'; headers: () => Record<string, string> };
type Variant = { params: Record<string, string | string[]>; query?: Record<string, string>; sse?: boolean };
type Answer = { status: number; text: string; headers: string };

const callers = (): Caller[] => [
  {
    name: 'admin (the canary token)',
    role: 'admin',
    headers: () => ({ authorization: `Bearer ${token.token}` }),
  },
  { name: 'admin session', role: 'admin', headers: () => ({ cookie: admin.cookie }) },
  {
    name: 'operator token',
    role: 'operator',
    headers: () => ({ authorization: `Bearer ${operator.token}` }),
  },
  { name: 'viewer token', role: 'viewer', headers: () => ({ authorization: `Bearer ${viewer.token}` }) },
  { name: 'viewer session', role: 'viewer', headers: () => ({ cookie: viewer.cookie }) },
];

/**
 * The routes where an admin sees a running container's env in clear, by design: `containers.secrets`
 * (admins only) unmasks secret-looking env values on the container's page and in the spec prefilled
 * from a container. Only the secret env values may appear there, and only for an admin.
 */
const ADMIN_SEES_CONTAINER_ENV = new Set([
  '/api/v1/hosts/[host]/containers/[id]',
  '/api/v1/hosts/[host]/containers/[id]/service-spec',
]);
const CONTAINER_ENV_CANARIES = ['secret env value (release 1)', 'secret env value (release 2)'];

/** The real things this file made, for each route's path parameters, and extra query variants. */
function variants(route: RouteFile): Variant[] {
  const t = route.template;
  const release1 = releases[0]?.id ?? '';
  const release2 = releases[1]?.id ?? '';
  const base: Record<string, string | string[]> = {};
  for (const seg of route.segments) {
    if (seg.kind === 'static') continue;
    if (seg.name === 'host') base.host = HOST;
    else if (seg.name === 'reg') base.reg = REGISTRY;
    else if (seg.name === 'rest') base.rest = ['no-such-endpoint'];
    else if (seg.name === 'path') base.path = ['wharf-demo', 'app', 'tags'];
    else if (seg.name === 'name') base.name = t.startsWith('/api/v1/services/') ? SERVICE : 'no-such-volume';
    else if (seg.name === 'id') {
      if (t.startsWith('/api/v1/hosts/[host]/containers/')) base.id = SERVICE;
      else if (t.startsWith('/api/v1/hosts/[host]/images/')) base.id = imageId;
      else if (t.startsWith('/api/v1/releases/')) base.id = release2;
      else base.id = 'nosuch0';
    } else throw new Error(`${route.file}: no value for the path parameter ${seg.name}`);
  }
  const list: Variant[] = [{ params: base }];
  if (t.startsWith('/api/v1/releases/[id]')) list.push({ params: { ...base, id: release1 } });
  if (t.endsWith('/logs/search')) list[0] = { params: base, query: { q: 'GET', since: '1h' } };
  if (t.endsWith('/ports/check')) list[0] = { params: base, query: { port: String(port) } };
  if (t.endsWith('/logs') && t.includes('[')) {
    list.push({ params: base, query: { follow: 'true', tail: '200' }, sse: true });
    list.push({ params: base, query: { tail: 'all' } });
  }
  if (t === '/api/v1/releases') list.push({ params: base, query: { service: SERVICE } });
  if (t === '/api/v1/registries/[reg]/repositories/[...path]') {
    list.push({ params: { ...base, path: ['wharf-demo', 'app', 'manifests', '8b41d07'] } });
    list.push({ params: base, query: { details: 'false' } });
  }
  return list;
}

function urlOf(route: RouteFile, params: Variant['params']): string {
  return route.segments
    .map((seg) => {
      if (seg.kind === 'static') return seg.value;
      const value = params[seg.name] ?? '';
      return Array.isArray(value) ? value.map(encodeURIComponent).join('/') : encodeURIComponent(value);
    })
    .join('/')
    .replace(/^/, '/');
}

/** Reads a stream for a moment (a live log or the event stream never ends by itself), then lets go. */
async function readFor(body: ReadableStream<Uint8Array> | null, ms: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (text.length < 256_000) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), left);
      }),
    ]);
    clearTimeout(timer);
    if (!next || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text;
}

async function call(route: RouteFile, variant: Variant, caller: Caller): Promise<Answer> {
  const mod = await loadRoute(route);
  const handler = mod.GET;
  if (!handler) throw new Error(`${route.file} has no GET`);
  const url = new URL(urlOf(route, variant.params), BASE_URL);
  for (const [k, v] of Object.entries(variant.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(caller.headers());
  if (variant.sse) headers.set('accept', 'text/event-stream');
  const controller = new AbortController();
  const req = new NextRequest(url, { method: 'GET', headers, signal: controller.signal });
  const res = await handler(req, { params: Promise.resolve(variant.params) });
  const streamed = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const text = streamed
    ? await readFor(res.body, 1500)
    : Buffer.from(await res.arrayBuffer()).toString('utf8');
  controller.abort();
  return { status: res.status, text, headers: JSON.stringify([...res.headers.entries()]) };
}

describe('canaries never leave the server', () => {
  it('the canaries are in place: the secret runs in the container, the token works', async () => {
    const me = await api.get<{ username: string }>('/api/v1/me', { token: token.token });
    expect(me.status).toBe(200);
    for (const value of Object.values(canaries)) expect(value.length).toBeGreaterThanOrEqual(20);
  });

  it('no GET route answers a canary, to an admin (token and session), an operator or a viewer', async () => {
    const failures: string[] = [];
    const seen = new Map<string, number>();
    let calls = 0;
    for (const route of routeFiles()) {
      // next-auth's own handler needs Next's request scope and serves only sign-in pages and the
      // session of the caller; the session cookie is checked in session-cookie.test.ts.
      if (route.file === NEXT_AUTH_ROUTE) continue;
      if (!(await loadRoute(route)).GET) continue;
      for (const variant of variants(route)) {
        for (const caller of callers()) {
          const answer = await call(route, variant, caller);
          calls++;
          const label = `${caller.name} GET ${urlOf(route, variant.params)}${
            variant.query ? `?${new URLSearchParams(variant.query)}` : ''
          }${variant.sse ? ' (event stream)' : ''}`;
          seen.set(`${caller.name} ${route.template}${variant.sse ? ' sse' : ''}`, answer.status);
          if (answer.status >= 500) failures.push(`${label}: ${answer.status} ${answer.text.slice(0, 300)}`);
          const exempt =
            caller.role === 'admin' && ADMIN_SEES_CONTAINER_ENV.has(route.template)
              ? CONTAINER_ENV_CANARIES
              : [];
          const inBody = leaked(answer.text, exempt);
          const inHeaders = leaked(answer.headers);
          if (inBody.length) failures.push(`${label}: the body holds the ${inBody.join(', ')}`);
          if (inHeaders.length) failures.push(`${label}: the headers hold the ${inHeaders.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(200);
    // The routes that hold the canaries' neighbourhood were really read, not refused.
    const admin200 = [
      '/api/v1/hosts/[host]',
      '/api/v1/hosts',
      '/api/v1/hosts/[host]/containers',
      '/api/v1/hosts/[host]/containers/[id]',
      '/api/v1/hosts/[host]/containers/[id]/logs',
      '/api/v1/hosts/[host]/containers/[id]/service-spec',
      '/api/v1/hosts/[host]/images/[id]',
      '/api/v1/registries',
      '/api/v1/registries/[reg]',
      '/api/v1/registries/[reg]/repositories/[...path]',
      '/api/v1/services',
      '/api/v1/services/[name]',
      '/api/v1/services/[name]/spec.yaml',
      '/api/v1/services/[name]/releases',
      '/api/v1/services/[name]/logs',
      '/api/v1/releases',
      '/api/v1/releases/[id]',
      '/api/v1/releases/[id]/diff',
      '/api/v1/releases/[id]/logs',
      '/api/v1/tokens',
      '/api/v1/audit',
      '/api/v1/me',
    ];
    for (const t of admin200) expect(seen.get(`admin (the canary token) ${t}`), t).toBe(200);
    for (const t of ['/api/v1/events', '/api/v1/hosts/[host]/containers/[id]/logs']) {
      expect(seen.get(`admin session ${t}${t.endsWith('logs') ? ' sse' : ''}`), t).toBe(200);
    }
    expect(seen.get('viewer token /api/v1/services/[name]/spec.yaml')).toBe(200);
    expect(seen.get('viewer token /api/v1/releases/[id]/diff')).toBe(200);
  }, 300_000);

  it('shows a running container’s secret env to an admin only, masked for everyone else', async () => {
    const route = routeFiles().find((r) => r.template === '/api/v1/hosts/[host]/containers/[id]');
    if (!route) throw new Error('no container route');
    for (const caller of callers()) {
      const answer = await call(route, { params: { host: HOST, id: SERVICE } }, caller);
      expect(answer.status, `${caller.name}: ${answer.text}`).toBe(200);
      const env = (JSON.parse(answer.text) as { env: { name: string; value: string; masked: boolean }[] })
        .env;
      const secret = env.find((e) => e.name === 'CANARY_SECRET');
      if (caller.role === 'admin')
        expect(secret, caller.name).toEqual({ name: 'CANARY_SECRET', value: SECRET_2, masked: false });
      else {
        expect(secret?.masked, caller.name).toBe(true);
        expect(answer.text, caller.name).not.toContain(SECRET_2);
      }
    }
    // The service itself never answers the value, not even to an admin.
    const svc = await api.get(`/api/v1/services/${SERVICE}`, { token: token.token });
    expect(svc.status).toBe(200);
    expect(leaked(svc.text)).toEqual([]);
  });

  it('no audit entry holds a canary, in any column', async () => {
    const db = await getDb();
    const rows = await db.selectFrom('audit_log').selectAll().execute();
    expect(rows.some((r) => r.target === `service:${SERVICE}`)).toBe(true);
    const failures = rows.flatMap((row) => {
      const found = leaked(JSON.stringify(row));
      return found.length ? [`audit ${row.id} ${row.action}: ${found.join(', ')}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('the server printed no canary', () => {
    const failures = printed.flatMap((text) => {
      const found = leaked(text);
      return found.length ? [`${found.join(', ')} in: ${text.slice(0, 300)}`] : [];
    });
    expect(failures).toEqual([]);
  });

  it('the database holds the canaries only encrypted or hashed', async () => {
    const db = await getDb();
    const tables =
      databaseDialect() === 'sqlite'
        ? (
            await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)
          ).rows.map((r) => r.name)
        : (
            await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
          ).rows.map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['hosts', 'registries', 'services', 'releases', 'api_tokens']),
    );
    const failures: string[] = [];
    for (const table of tables) {
      const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows;
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          const text =
            typeof value === 'string'
              ? value
              : Buffer.isBuffer(value)
                ? value.toString('utf8')
                : String(value);
          const found = leaked(text);
          if (found.length) failures.push(`${table}.${column}: ${found.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);

    // Encrypted, not merely absent: each stored form opens to the value with the server's key.
    const host = await db.selectFrom('hosts').selectAll().where('name', '=', HOST).executeTakeFirstOrThrow();
    expect(host.tls_key_enc).toMatch(/^v1\./);
    expect(decryptSecret(host.tls_key_enc ?? '').trim()).toBe(tls.key.trim());
    const reg = await db
      .selectFrom('registries')
      .selectAll()
      .where('name', '=', REGISTRY)
      .executeTakeFirstOrThrow();
    expect(decryptSecret(reg.password_enc ?? '')).toBe(registry.password);
    const svc = await db
      .selectFrom('services')
      .selectAll()
      .where('name', '=', SERVICE)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(decryptSecret(svc.secret_env_enc ?? ''))).toEqual({ CANARY_SECRET: SECRET_2 });
    const rel = await db
      .selectFrom('releases')
      .select(['id', 'secret_env_enc'])
      .where('service_name', '=', SERVICE)
      .orderBy('number')
      .execute();
    expect(rel.map((r) => JSON.parse(decryptSecret(r.secret_env_enc ?? '')))).toEqual([
      { CANARY_SECRET: SECRET_1 },
      { CANARY_SECRET: SECRET_2 },
    ]);
    // The token only as its SHA-256 hash, and a short prefix to recognise it by.
    const stored = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token.token);
    expect(stored.token_hash).toBe(sha256Hex(token.token));
    expect(token.token.startsWith(stored.prefix)).toBe(true);
    expect(stored.prefix.length).toBeLessThanOrEqual(12);

    // SQLite keeps deleted rows in freed pages and recent writes in the write-ahead log: the files
    // themselves must not hold a canary either.
    if (databaseDialect() === 'sqlite') {
      const files = fs.readdirSync(dataDir()).filter((f) => f.startsWith('wharf.db'));
      expect(files).toContain('wharf.db');
      const inFiles: string[] = [];
      for (const file of files) {
        const bytes = fs.readFileSync(path.join(dataDir(), file));
        for (const [name, value] of Object.entries(canaries))
          if (bytes.includes(Buffer.from(value))) inFiles.push(`${file}: ${name}`);
      }
      expect(inFiles).toEqual([]);
    }
  });
});
