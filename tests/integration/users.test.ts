import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { getDb } from '@/lib/server/db';
import { updateUser, verifyCredentials } from '@/lib/server/users/users';
import { type ApiError, api } from './support/api';
import { makeUser, sessionCookie, TEST_PASSWORD, type TestUser, uniqueName } from './support/principals';

type User = { id: string; username: string; role: string; disabled: boolean };
let admin: TestUser;

beforeAll(async () => {
  admin = await makeUser('admin', 'users-admin');
});

describe('user management', () => {
  it('lists users with id, username, role and disabled, and no password hashes', async () => {
    const res = await api.get<User[]>('/api/v1/users', { token: admin.token });
    expect(res.status).toBe(200);
    const me = res.json.find((u) => u.id === admin.id);
    expect(me).toMatchObject({ id: admin.id, username: admin.username, role: 'admin', disabled: false });
    expect(res.text).not.toMatch(/\$2[aby]\$|password|hash/i);
  });

  it('creates a user who can then sign in, and refuses a duplicate name', async () => {
    const username = uniqueName('new-user');
    const res = await api.post<User>('/api/v1/users', {
      token: admin.token,
      body: { username, password: 'first-password-1', role: 'operator' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ username, role: 'operator', disabled: false });
    expect(res.text).not.toMatch(/password|hash|first-password/i);
    expect((await verifyCredentials(username, 'first-password-1'))?.id).toBe(res.json.id);
    const dup = await api.post<ApiError>('/api/v1/users', {
      token: admin.token,
      body: { username, password: 'first-password-1', role: 'viewer' },
    });
    expect(dup.status).toBe(409);
  });

  it('changes a role, and the next request of that user has the new role', async () => {
    const user = await makeUser('operator', 'promote');
    const me = async () => (await api.get<{ role: string }>('/api/v1/me', { cookie: user.cookie })).json.role;
    expect(await me()).toBe('operator');
    const res = await api.patch<User>(`/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { role: 'lead' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.role).toBe('lead');
    expect(await me()).toBe('lead');
    // A token never gives more than it was made with, nor more than its owner has now.
    expect((await api.get<{ role: string }>('/api/v1/me', { token: user.token })).json.role).toBe('operator');
    await api.patch(`/api/v1/users/${user.id}`, { token: admin.token, body: { role: 'viewer' } });
    expect(await me()).toBe('viewer');
    expect((await api.get<{ role: string }>('/api/v1/me', { token: user.token })).json.role).toBe('viewer');
    expect((await api.get('/api/v1/audit', { cookie: user.cookie })).status).toBe(403);
  });

  it('disables a user: their token and session are refused on the next request', async () => {
    const user = await makeUser('lead', 'disable');
    expect((await api.get('/api/v1/me', { token: user.token })).status).toBe(200);
    expect((await api.get('/api/v1/me', { cookie: user.cookie })).status).toBe(200);
    const res = await api.patch<User>(`/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.json.disabled).toBe(true);
    expect((await api.get('/api/v1/me', { token: user.token })).status).toBe(401);
    expect((await api.get('/api/v1/me', { cookie: user.cookie })).status).toBe(401);
    expect((await api.get('/api/v1/me', { cookie: await sessionCookie(user) })).status).toBe(401);
    expect(await verifyCredentials(user.username, TEST_PASSWORD)).toBeNull();
    await api.patch(`/api/v1/users/${user.id}`, { token: admin.token, body: { disabled: false } });
    expect((await api.get('/api/v1/me', { token: user.token })).status).toBe(200);
  });

  it('resets a password', async () => {
    const user = await makeUser('viewer', 'reset');
    const res = await api.patch(`/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { password: 'a-brand-new-password' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.text).not.toContain('a-brand-new-password');
    expect((await verifyCredentials(user.username, 'a-brand-new-password'))?.id).toBe(user.id);
    expect(await verifyCredentials(user.username, TEST_PASSWORD)).toBeNull();
  });

  it('refuses an admin disabling or demoting themselves', async () => {
    for (const body of [{ role: 'lead' }, { disabled: true }]) {
      const res = await api.patch<ApiError>(`/api/v1/users/${admin.id}`, { token: admin.token, body });
      expect(res.status).toBe(409);
    }
    expect((await api.get<{ role: string }>('/api/v1/me', { token: admin.token })).json.role).toBe('admin');
  });

  it('answers 404 for an unknown user and 403 for anyone but an admin', async () => {
    expect(
      (await api.patch(`/api/v1/users/nosuchuser0`, { token: admin.token, body: { role: 'viewer' } })).status,
    ).toBe(404);
    const lead = await makeUser('lead', 'not-admin');
    expect((await api.get('/api/v1/users', { token: lead.token })).status).toBe(403);
    const res = await api.post('/api/v1/users', {
      token: lead.token,
      body: { username: uniqueName('x'), password: 'long-enough-pw', role: 'admin' },
    });
    expect(res.status).toBe(403);
  });
});

describe('the last active admin', () => {
  let others: string[] = [];
  let last: TestUser;

  beforeAll(async () => {
    last = await makeUser('admin', 'last-admin');
    // Leave `last` as the only active admin for these cases; the others come back afterwards.
    const db = await getDb();
    others = (
      await db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .where('id', '!=', last.id)
        .execute()
    ).map((r) => r.id);
    if (others.length) await db.updateTable('users').set({ disabled: 1 }).where('id', 'in', others).execute();
  });

  afterAll(async () => {
    const db = await getDb();
    if (others.length) await db.updateTable('users').set({ disabled: 0 }).where('id', 'in', others).execute();
  });

  it('cannot be demoted or disabled', async () => {
    const operator = await makeUser('operator', 'last-admin-actor');
    for (const input of [{ role: 'viewer' as const }, { disabled: true }]) {
      const attempt = updateUser(operator.id, last.id, input);
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/last active admin/),
      });
    }
    const res = await api.patch<ApiError>(`/api/v1/users/${last.id}`, {
      token: last.token,
      body: { role: 'viewer' },
    });
    expect(res.status).toBe(409);
    expect((await api.get<{ role: string }>('/api/v1/me', { token: last.token })).json.role).toBe('admin');
  });

  it('does not stop the demotion of an admin who is already disabled', async () => {
    const former = await makeUser('admin', 'former-admin');
    const db = await getDb();
    await db.updateTable('users').set({ disabled: 1 }).where('id', '=', former.id).execute();
    const res = await api.patch<User>(`/api/v1/users/${former.id}`, {
      token: last.token,
      body: { role: 'viewer' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ role: 'viewer', disabled: true });
  });
});
