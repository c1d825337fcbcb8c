import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiError, api } from './support/api';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

type Item = {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  result: string;
  status: number;
  via: string;
  ip: string | null;
};
type Page = { items: Item[]; nextCursor: string | null };
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
let t0: string;
let t1: string;
const tokenNames = [uniqueName('audit-a'), uniqueName('audit-b'), uniqueName('audit-c')];

const query = (params: Record<string, string>, user: TestUser = users.lead) =>
  api.get<Page & ApiError>('/api/v1/audit', { token: user.token, query: params });

beforeAll(async () => {
  users = await makeRoleUsers('audit');
  t0 = new Date().toISOString();
  for (const name of tokenNames) {
    const res = await api.post('/api/v1/tokens', {
      token: users.operator.token,
      // What the client wrote before the proxy's entry is not its address (one trusted proxy by default).
      headers: { 'x-forwarded-for': '<b>forged</b>, 198.51.100.1, 203.0.113.7' },
      body: { name, role: 'viewer' },
    });
    expect(res.status).toBe(201);
  }
  // A refused attempt is written too.
  expect((await api.post('/api/v1/users', { token: users.operator.token, body: {} })).status).toBe(403);
  t1 = new Date().toISOString();
});

describe('audit log', () => {
  it('filters by actor, newest first', async () => {
    const res = await query({ actor: users.operator.username });
    expect(res.status).toBe(200);
    const items = res.json.items;
    expect(items.map((i) => i.action)).toEqual([
      'users.create',
      'tokens.create',
      'tokens.create',
      'tokens.create',
    ]);
    expect(items.map((i) => i.target).slice(1)).toEqual([...tokenNames].reverse().map((n) => `token:${n}`));
    expect(items[0]).toMatchObject({ result: 'denied', status: 403, via: 'token' });
    expect(items[1]).toMatchObject({ result: 'ok', status: 201, via: 'token', ip: '203.0.113.7' });
    for (let i = 1; i < items.length; i++) expect(items[i - 1]!.at >= items[i]!.at).toBe(true);
    expect(res.json.nextCursor).toBeNull();
  });

  it('filters by action, target and result', async () => {
    const byAction = await query({ actor: users.operator.username, action: 'tokens.create' });
    expect(byAction.json.items).toHaveLength(3);
    const byTarget = await query({ target: tokenNames[1]! });
    expect(byTarget.json.items).toHaveLength(1);
    expect(byTarget.json.items[0]).toMatchObject({
      actor: users.operator.username,
      target: `token:${tokenNames[1]}`,
    });
    const denied = await query({ actor: users.operator.username, result: 'denied' });
    expect(denied.json.items.map((i) => i.action)).toEqual(['users.create']);
  });

  it('filters by time', async () => {
    const within = await query({ actor: users.operator.username, since: t0, until: t1 });
    expect(within.json.items).toHaveLength(4);
    const before = await query({ actor: users.operator.username, until: t0 });
    expect(before.json.items).toHaveLength(0);
    const later = await query({
      actor: users.operator.username,
      since: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(later.json.items).toHaveLength(0);
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const all = (await query({ actor: users.operator.username })).json.items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { json: Page } = await query({
        actor: users.operator.username,
        limit: '1',
        ...(cursor ? { cursor } : {}),
      });
      expect(res.json.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.json.items.map((i) => i.id));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(all);
    expect(pages).toBe(all.length);
  });

  it('is for leads and admins only', async () => {
    expect((await query({}, users.viewer)).status).toBe(403);
    expect((await query({}, users.operator)).status).toBe(403);
    expect((await query({ limit: '1' }, users.admin)).status).toBe(200);
  });

  it('answers a bad query with 400', async () => {
    const bad: Record<string, string>[] = [
      { limit: 'ten' },
      { limit: '0' },
      { since: 'yesterday' },
      { colour: 'blue' },
      { result: 'maybe' },
    ];
    for (const params of bad) {
      const res = await query(params);
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.json.error.code).toBe('BAD_INPUT');
    }
  });
});
