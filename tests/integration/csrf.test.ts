import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/server/db';
import { type ApiError, api, BASE_URL } from './support/api';
import { deleteHostRows, hostRow } from './support/db';
import { loadFleet } from './support/fleet';
import { makeUser, type TestUser, uniqueName } from './support/principals';

let admin: TestUser;
const HOST = uniqueName('csrf-host');

async function tokenCount(userId: string): Promise<number> {
  const db = await getDb();
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function deniedCount(actor: string): Promise<number> {
  const db = await getDb();
  const rows = await db
    .selectFrom('audit_log')
    .select('id')
    .where('actor', '=', actor)
    .where('result', '=', 'denied')
    .execute();
  return rows.length;
}

beforeAll(async () => {
  admin = await makeUser('admin', 'csrf-admin');
  const res = await api.post('/api/v1/hosts', {
    token: admin.token,
    body: { name: HOST, url: loadFleet().hosts['fleet-c'].url },
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await deleteHostRows([HOST]);
});

describe('a mutation sent with a session cookie from another site', () => {
  const refused: { name: string; headers: Record<string, string>; status: number; code: string }[] = [
    {
      name: 'Origin of another site',
      headers: { origin: 'https://evil.example' },
      status: 403,
      code: 'FORBIDDEN',
    },
    {
      name: 'Origin of another port',
      headers: { origin: 'http://localhost:3001' },
      status: 403,
      code: 'FORBIDDEN',
    },
    { name: 'Origin: null', headers: { origin: 'null' }, status: 403, code: 'FORBIDDEN' },
    {
      name: 'Sec-Fetch-Site: cross-site',
      headers: { 'sec-fetch-site': 'cross-site' },
      status: 403,
      code: 'FORBIDDEN',
    },
    {
      name: 'Sec-Fetch-Site: same-site',
      headers: { 'sec-fetch-site': 'same-site' },
      status: 403,
      code: 'FORBIDDEN',
    },
  ];

  for (const t of refused) {
    it(`is refused: ${t.name}`, async () => {
      const before = await tokenCount(admin.id);
      const denied = await deniedCount(admin.username);
      const res = await api.post<ApiError>('/api/v1/tokens', {
        cookie: admin.cookie,
        headers: t.headers,
        body: { name: uniqueName('csrf'), role: 'viewer' },
      });
      expect(res.status, res.text).toBe(t.status);
      expect(res.json.error.code).toBe(t.code);
      expect(await tokenCount(admin.id)).toBe(before);
      expect(await deniedCount(admin.username)).toBe(denied + 1);

      const del = await api.delete(`/api/v1/hosts/${HOST}`, { cookie: admin.cookie, headers: t.headers });
      expect(del.status).toBe(t.status);
      expect(await hostRow(HOST)).toBeDefined();
    });
  }

  it('is refused when the body is not JSON (a form or text/plain post)', async () => {
    const before = await tokenCount(admin.id);
    const body = JSON.stringify({ name: uniqueName('csrf'), role: 'viewer' });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await api.post<ApiError>('/api/v1/tokens', {
        cookie: admin.cookie,
        headers: { origin: BASE_URL, 'content-type': type },
        rawBody: body,
      });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const none = await api.post('/api/v1/tokens', { cookie: admin.cookie, rawBody: body });
    expect(none.status).toBe(415);
    expect(await tokenCount(admin.id)).toBe(before);
  });

  it('works from Wharf itself: a matching Origin, or same-origin fetch metadata', async () => {
    const before = await tokenCount(admin.id);
    const same = await api.post('/api/v1/tokens', {
      cookie: admin.cookie,
      headers: { origin: BASE_URL },
      body: { name: uniqueName('csrf-ok'), role: 'viewer' },
    });
    expect(same.status, same.text).toBe(201);
    const fetchMeta = await api.post('/api/v1/tokens', {
      cookie: admin.cookie,
      headers: { origin: BASE_URL, 'sec-fetch-site': 'same-origin' },
      body: { name: uniqueName('csrf-ok'), role: 'viewer' },
    });
    expect(fetchMeta.status, fetchMeta.text).toBe(201);
    expect(await tokenCount(admin.id)).toBe(before + 2);
    const del = await api.delete(`/api/v1/hosts/${HOST}`, {
      cookie: admin.cookie,
      headers: { origin: BASE_URL },
    });
    expect(del.status, del.text).toBe(200);
    expect(await hostRow(HOST)).toBeUndefined();
  });

  it('does not apply to API tokens, which a browser never sends by itself', async () => {
    const res = await api.post('/api/v1/tokens', {
      token: admin.token,
      headers: { origin: 'https://ci.example' },
      body: { name: uniqueName('csrf-token'), role: 'viewer' },
    });
    expect(res.status, res.text).toBe(201);
  });
});
