import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/server/crypto';
import { getDb } from '@/lib/server/db';
import { type ApiError, api } from './support/api';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

type Created = { id: string; token: string; name: string; role: string; expiresAt: string | null };
type Listed = {
  id: string;
  name: string;
  role: string;
  prefix: string;
  owner: string;
  revokedAt: string | null;
};
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

const create = (user: TestUser, body: Record<string, unknown>) =>
  api.post<Created & ApiError>('/api/v1/tokens', {
    token: user.token,
    body: { name: uniqueName('tok'), ...body },
  });

beforeAll(async () => {
  users = await makeRoleUsers('tokens');
});

describe('API tokens', () => {
  it('refuses a token with a role above its maker’s own', async () => {
    for (const [maker, role] of [
      [users.viewer, 'operator'],
      [users.operator, 'lead'],
      [users.lead, 'admin'],
    ] as const) {
      const res = await create(maker, { role });
      expect(res.status, `${maker.role} -> ${role}`).toBe(403);
      expect(res.json.error.code).toBe('FORBIDDEN');
    }
    for (const [maker, role] of [
      [users.viewer, 'viewer'],
      [users.operator, 'operator'],
      [users.admin, 'lead'],
    ] as const) {
      expect((await create(maker, { role })).status).toBe(201);
    }
  });

  it('shows the token once and stores only its SHA-256 hash', async () => {
    const res = await create(users.operator, { role: 'viewer', expiresInDays: 7 });
    expect(res.status).toBe(201);
    const { id, token } = res.json;
    expect(token).toMatch(/^wharf_[A-Za-z0-9_-]{40,}$/);
    expect(Date.parse(res.json.expiresAt ?? '')).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const list = await api.get<Listed[]>('/api/v1/tokens', { token: users.operator.token });
    expect(list.status).toBe(200);
    expect(list.json.find((t) => t.id === id)).toMatchObject({
      role: 'viewer',
      owner: users.operator.username,
      revokedAt: null,
    });
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain(token.slice(12));
    expect(list.text).not.toContain(sha256Hex(token));

    const db = await getDb();
    const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token));
    for (const value of Object.values(row)) {
      if (typeof value === 'string') expect(value.includes(token.slice(8))).toBe(false);
    }
    expect(row.prefix.length).toBeLessThanOrEqual(12);
  });

  it('lets a user see only their own tokens, and an admin see all', async () => {
    const mine = await api.get<Listed[]>('/api/v1/tokens', { token: users.viewer.token });
    expect(mine.json.every((t) => t.owner === users.viewer.username)).toBe(true);
    const all = await api.get<Listed[]>('/api/v1/tokens', { token: users.admin.token });
    const owners = new Set(all.json.map((t) => t.owner));
    expect(owners.has(users.viewer.username) && owners.has(users.operator.username)).toBe(true);
  });

  it('works as a bearer token until revoked, then answers 401', async () => {
    const res = await create(users.lead, { role: 'operator' });
    const { id, token } = res.json;
    const me = await api.get<{ role: string; via: string }>('/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ role: 'operator', via: 'token' });

    // Someone else's token is not theirs to revoke.
    expect((await api.delete(`/api/v1/tokens/${id}`, { token: users.viewer.token })).status).toBe(404);
    expect((await api.get('/api/v1/me', { token })).status).toBe(200);

    const revoke = await api.delete<{ id: string; revokedAt: string }>(`/api/v1/tokens/${id}`, {
      token: users.lead.token,
    });
    expect(revoke.status).toBe(200);
    expect(revoke.json.id).toBe(id);
    const after = await api.get<ApiError>('/api/v1/me', { token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('UNAUTHENTICATED');
    const list = await api.get<Listed[]>('/api/v1/tokens', { token: users.lead.token });
    expect(list.json.find((t) => t.id === id)?.revokedAt).toBeTruthy();
  });

  it('lets an admin revoke anyone’s token', async () => {
    const { id, token } = (await create(users.viewer, { role: 'viewer' })).json;
    expect((await api.delete(`/api/v1/tokens/${id}`, { token: users.admin.token })).status).toBe(200);
    expect((await api.get('/api/v1/me', { token })).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { id, token } = (await create(users.viewer, { role: 'viewer', expiresInDays: 1 })).json;
    expect((await api.get('/api/v1/me', { token })).status).toBe(200);
    const db = await getDb();
    await db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    expect((await api.get('/api/v1/me', { token })).status).toBe(401);
  });

  it('refuses a malformed Authorization header with 401', async () => {
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      `Token ${users.admin.token}`,
    ]) {
      const res = await api.get<ApiError>('/api/v1/me', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });
});
