import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiError,
  callApi,
  HTTP_METHODS,
  type HttpMethod,
  loadRoute,
  type RouteFile,
  routeFiles,
} from './support/api';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import {
  bodyKey,
  MUTATING,
  NEXT_AUTH_ROUTE,
  type SampleContext,
  samplePath,
  VALID_BODIES,
} from './support/route-samples';

type Endpoint = { route: RouteFile; method: HttpMethod; path: string };
let admin: TestUser;
const bodyEndpoints: Endpoint[] = [];
const ctx: SampleContext = {
  host: 'no-such-host',
  missing: 'nosuch0',
  proxyUrl: 'unix:///nonexistent/wharf-bad-input.sock',
  tls: null,
  unique: () => uniqueName('bad-input'),
};

/** A value of another JSON type than the one given. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not-a-number';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not-a-list';
  if (value && typeof value === 'object') return ['not', 'an', 'object'];
  return { unexpected: true };
}

function expectBadInput(res: { status: number; json: unknown; text: string }, label: string) {
  expect(res.status, `${label}: ${res.text}`).toBe(400);
  const error = (res.json as ApiError).error;
  expect(error.code, label).toBe('BAD_INPUT');
  expect(error.message.length, label).toBeGreaterThan(5);
}

beforeAll(async () => {
  admin = await makeUser('admin', 'bad-input');
  // An endpoint takes a JSON body when a non-JSON one is refused with 415 before anything else runs.
  for (const route of routeFiles()) {
    if (route.file === NEXT_AUTH_ROUTE) continue;
    const mod = await loadRoute(route);
    for (const method of HTTP_METHODS) {
      if (!MUTATING.has(method) || !mod[method]?.wharf) continue;
      const path = samplePath(route, ctx, false);
      const probe = await callApi(method, path, {
        token: admin.token,
        headers: { 'content-type': 'text/plain' },
        rawBody: 'x',
      });
      if (probe.status === 415) bodyEndpoints.push({ route, method, path });
    }
  }
});

describe('bad input on every endpoint that takes a body', () => {
  it('finds the endpoints, each with a valid sample body to break', () => {
    const keys = bodyEndpoints.map((e) => bodyKey(e.method, e.route));
    expect(keys).toEqual(
      expect.arrayContaining(['POST /api/v1/hosts', 'POST /api/v1/users', 'POST /api/v1/tokens']),
    );
    const missing = keys.filter((k) => !VALID_BODIES[k]);
    expect(missing, 'add a valid sample body to tests/integration/support/route-samples.ts').toEqual([]);
  });

  it('accepts the valid sample bodies (so the refusals below are about the defect)', async () => {
    for (const e of bodyEndpoints) {
      const sample = VALID_BODIES[bodyKey(e.method, e.route)];
      if (!sample) continue;
      const res = await callApi(e.method, e.path, { token: admin.token, body: sample(ctx) });
      expect(res.status, `${e.method} ${e.path}: ${res.text}`).not.toBe(400);
      expect(res.status, `${e.method} ${e.path}: ${res.text}`).not.toBe(500);
    }
  });

  it('answers invalid JSON with 400', async () => {
    for (const e of bodyEndpoints) {
      for (const rawBody of ['{"name": ', '{name: "x"}', "{'a': 1}", '\u0000', '{"a":1}}']) {
        const res = await callApi(e.method, e.path, {
          token: admin.token,
          headers: { 'content-type': 'application/json' },
          rawBody,
        });
        expectBadInput(res, `${e.method} ${e.path} ${JSON.stringify(rawBody)}`);
      }
    }
  });

  it('answers JSON that is not an object with 400', async () => {
    for (const e of bodyEndpoints) {
      for (const body of [[], [1, 2], 'text', 42, true, null]) {
        const res = await callApi(e.method, e.path, {
          token: admin.token,
          headers: { 'content-type': 'application/json' },
          rawBody: JSON.stringify(body),
        });
        expectBadInput(res, `${e.method} ${e.path} ${JSON.stringify(body)}`);
      }
    }
  });

  it('answers each field of the wrong type with 400', async () => {
    for (const e of bodyEndpoints) {
      const sample = VALID_BODIES[bodyKey(e.method, e.route)];
      if (!sample) continue;
      const valid = sample(ctx);
      for (const [field, value] of Object.entries(valid)) {
        const res = await callApi(e.method, e.path, {
          token: admin.token,
          body: { ...valid, [field]: wrongType(value) },
        });
        expectBadInput(res, `${e.method} ${e.path} ${field}`);
        expect((res.json as ApiError).error.message).toContain(field);
      }
    }
  });

  it('answers unknown fields with 400 and names them', async () => {
    for (const e of bodyEndpoints) {
      const sample = VALID_BODIES[bodyKey(e.method, e.route)];
      if (!sample) continue;
      for (const extra of [{ isAdmin: true }, { __proto__x: 1 }, { role_override: 'admin' }]) {
        const res = await callApi(e.method, e.path, {
          token: admin.token,
          body: { ...sample(ctx), ...extra },
        });
        expectBadInput(res, `${e.method} ${e.path} ${Object.keys(extra)[0]}`);
        expect((res.json as ApiError).error.message).toContain(Object.keys(extra)[0]);
      }
    }
  });

  it('answers a body over 1 MB with 400', async () => {
    for (const e of bodyEndpoints) {
      const res = await callApi(e.method, e.path, {
        token: admin.token,
        body: { name: 'x'.repeat(1_100_000) },
      });
      expectBadInput(res, `${e.method} ${e.path} large`);
    }
  });
});
