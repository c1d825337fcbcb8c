import { createRequire } from 'node:module';
import path from 'node:path';
import type { AuthOptions } from 'next-auth';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authOptions } from '@/lib/server/auth/next-auth';
import { getDb } from '@/lib/server/db';
import {
  type ApiError,
  api,
  BASE_URL,
  callApi,
  HTTP_METHODS,
  loadRoute,
  ROOT,
  routeFiles,
} from './support/api';
import { makeUser, TEST_PASSWORD, type TestUser, uniqueName } from './support/principals';
import { MUTATING, NEXT_AUTH_ROUTE, type SampleContext, samplePath } from './support/route-samples';

/*
 * The session cookie as a browser gets it: a real sign-in through next-auth's credentials flow with
 * Wharf's own options (next-auth's core handler, the one the route at /api/auth/[...nextauth] runs, called
 * without Next's request scope), then what the cookie carries and what it may do from another site.
 */

type InternalRequest = {
  action: string;
  providerId?: string;
  method: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  query: Record<string, string>;
  body?: Record<string, string>;
};
type InternalResponse<B> = {
  status?: number;
  body?: B;
  redirect?: string;
  cookies?: { name: string; value: string; options: Record<string, unknown> }[];
};

// next-auth's core handler and its response builder are not in the package's exports map: load them
// by path, as the route's own handler does inside the package.
const load = createRequire(import.meta.url);
const { AuthHandler } = load(path.join(ROOT, 'node_modules/next-auth/core/index.js')) as {
  AuthHandler: <B>(params: { req: InternalRequest; options: AuthOptions }) => Promise<InternalResponse<B>>;
};
const { toResponse } = load(path.join(ROOT, 'node_modules/next-auth/next/utils.js')) as {
  toResponse: (res: InternalResponse<unknown>) => Response;
};

type SetCookie = { name: string; value: string; attrs: Map<string, string> };

function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...parts] = header.split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  const attrs = new Map<string, string>();
  for (const part of parts) {
    const at = part.indexOf('=');
    attrs.set((at === -1 ? part : part.slice(0, at)).toLowerCase(), at === -1 ? '' : part.slice(at + 1));
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs };
}

/** Signs in with the credentials form as the sign-in page posts it; answers the cookies set. */
async function signIn(
  username: string,
  password: string,
  opts: { csrf?: boolean } = {},
): Promise<SetCookie[]> {
  const headers = { host: new URL(BASE_URL).host, 'content-type': 'application/x-www-form-urlencoded' };
  const options = authOptions();
  const csrf = await AuthHandler<{ csrfToken: string }>({
    req: { action: 'csrf', method: 'GET', headers, cookies: {}, query: {} },
    options,
  });
  const csrfCookie = csrf.cookies?.find((c) => c.name.endsWith('next-auth.csrf-token'));
  if (!csrfCookie || !csrf.body?.csrfToken) throw new Error('next-auth gave no CSRF token');
  const answer = await AuthHandler({
    req: {
      action: 'callback',
      providerId: 'credentials',
      method: 'POST',
      headers,
      cookies: opts.csrf === false ? {} : { [csrfCookie.name]: csrfCookie.value },
      query: {},
      body: {
        ...(opts.csrf === false ? {} : { csrfToken: csrf.body.csrfToken }),
        username,
        password,
        callbackUrl: BASE_URL,
      },
    },
    options,
  });
  return toResponse(answer).headers.getSetCookie().map(parseSetCookie);
}

const isSession = (c: SetCookie) => c.name.endsWith('next-auth.session-token') && c.value !== '';

let admin: TestUser;
const savedUrl = process.env.NEXTAUTH_URL;

beforeAll(async () => {
  admin = await makeUser('admin', 'cookie-admin');
});

afterEach(() => {
  if (savedUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = savedUrl;
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax and for the whole site after a sign-in over plain HTTP', async () => {
    process.env.NEXTAUTH_URL = BASE_URL;
    const cookies = await signIn(admin.username, TEST_PASSWORD);
    const session = cookies.find(isSession);
    if (!session) throw new Error(`no session cookie among ${cookies.map((c) => c.name).join(', ')}`);
    expect(session.name).toBe('next-auth.session-token');
    expect(session.attrs.has('httponly')).toBe(true);
    expect(session.attrs.get('samesite')?.toLowerCase()).toBe('lax');
    expect(session.attrs.get('path')).toBe('/');
    expect(session.attrs.has('domain')).toBe(false);
    // A session ends: the cookie has an expiry, no later than the session's maximum age.
    const expires = Date.parse(session.attrs.get('expires') ?? '');
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThanOrEqual(Date.now() + 12 * 60 * 60 * 1000 + 60_000);
    // The cookie signs the caller in.
    const me = await api.get<{ username: string }>('/api/v1/me', {
      cookie: `${session.name}=${session.value}`,
    });
    expect(me.status, me.text).toBe(200);
    expect(me.json.username).toBe(admin.username);
  });

  it('is also Secure, with the __Secure- prefix, when Wharf is served over HTTPS', async () => {
    process.env.NEXTAUTH_URL = 'https://wharf.example.com';
    const cookies = await signIn(admin.username, TEST_PASSWORD);
    const session = cookies.find(isSession);
    if (!session) throw new Error(`no session cookie among ${cookies.map((c) => c.name).join(', ')}`);
    expect(session.name).toBe('__Secure-next-auth.session-token');
    expect(session.attrs.has('secure')).toBe(true);
    expect(session.attrs.has('httponly')).toBe(true);
    expect(session.attrs.get('samesite')?.toLowerCase()).toBe('lax');
    // Every cookie next-auth sets over HTTPS is Secure, the CSRF cookie included.
    for (const c of cookies) expect(c.attrs.has('secure'), c.name).toBe(true);
    const me = await api.get<{ username: string }>('/api/v1/me', {
      cookie: `${session.name}=${session.value}`,
    });
    expect(me.status, me.text).toBe(200);
  });

  it('is not set for a wrong password, nor for a sign-in form posted without the CSRF token', async () => {
    process.env.NEXTAUTH_URL = BASE_URL;
    expect((await signIn(admin.username, 'not-the-password-at-all')).filter(isSession)).toEqual([]);
    // A form on another site cannot sign the browser in as the attacker (login CSRF).
    expect((await signIn(admin.username, TEST_PASSWORD, { csrf: false })).filter(isSession)).toEqual([]);
  });
});

describe('a cross-site form post with a real session cookie', () => {
  const ctx: SampleContext = {
    host: 'no-such-host',
    missing: 'nosuch0',
    proxyUrl: 'unix:///nonexistent/wharf-cookie.sock',
    tls: null,
    unique: () => uniqueName('cookie'),
  };

  async function counts() {
    const db = await getDb();
    const n = async (table: 'api_tokens' | 'users' | 'hosts') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { tokens: await n('api_tokens'), users: await n('users'), hosts: await n('hosts') };
  }

  it('is refused on every endpoint a form can reach, JSON sent as text/plain or not', async () => {
    process.env.NEXTAUTH_URL = BASE_URL;
    const session = (await signIn(admin.username, TEST_PASSWORD)).find(isSession);
    if (!session) throw new Error('no session cookie');
    const cookie = `${session.name}=${session.value}`;
    const before = await counts();
    const failures: string[] = [];
    let checked = 0;
    for (const route of routeFiles()) {
      if (route.file === NEXT_AUTH_ROUTE) continue;
      const mod = await loadRoute(route);
      for (const method of HTTP_METHODS) {
        // A form posts; fetch from another site can use any method, and is refused the same way.
        if (!MUTATING.has(method) || !mod[method]?.wharf || mod[method]?.wharf?.permission === 'public')
          continue;
        const path = samplePath(route, ctx, false);
        const body = JSON.stringify({
          name: uniqueName('csrf'),
          role: 'admin',
          url: 'unix:///var/run/docker.sock',
        });
        const crossSite: Record<string, string>[] = [
          { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
          { origin: 'null' },
          { 'sec-fetch-site': 'cross-site' },
        ];
        for (const headers of crossSite) {
          const res = await callApi<ApiError>(method, path, {
            cookie,
            headers: { ...headers, 'content-type': 'text/plain' },
            rawBody: body,
          });
          if (res.status !== 403 || res.json?.error?.code !== 'FORBIDDEN')
            failures.push(
              `${method} ${path} ${JSON.stringify(headers)}: ${res.status} ${res.text.slice(0, 200)}`,
            );
          checked++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(60);
    // A same-site form (no cross-site headers) still cannot send JSON as text/plain.
    const plain = await callApi<ApiError>('POST', '/api/v1/tokens', {
      cookie,
      headers: { origin: BASE_URL, 'content-type': 'text/plain' },
      rawBody: JSON.stringify({ name: uniqueName('csrf'), role: 'admin' }),
    });
    expect(plain.status, plain.text).toBe(415);
    expect(await counts()).toEqual(before);
  });
});
