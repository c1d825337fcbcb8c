import { randomBytes } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import type { Role } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/server/auth/principal';
import { createToken, revokeToken } from '@/lib/server/auth/tokens';
import { deriveSecret } from '@/lib/server/crypto';
import { createUser, updateUser } from '@/lib/server/users/users';
import type { TUser } from '@/lib/types/access';

export const TEST_PASSWORD = 'correct-horse-battery';

export type TestUser = TUser & {
  principal: Principal;
  /** An API token with the user's own role. */
  token: string;
  tokenId: string;
  /** A signed next-auth session cookie for this user, as the sign-in page would set it. */
  cookie: string;
};

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The session cookie the browser holds after signing in, minted with the server's own secret. */
export async function sessionCookie(user: { id: string; username: string }): Promise<string> {
  const jwt = await encode({
    token: { sub: user.id, name: user.username },
    secret: deriveSecret('wharf-session-v1'),
    maxAge: 60 * 60,
  });
  return `next-auth.session-token=${jwt}`;
}

/** A real user in the test database, with an API token and a session cookie. */
export async function makeUser(role: Role, prefix: string = role): Promise<TestUser> {
  const user = await createUser({ username: uniqueName(prefix), password: TEST_PASSWORD, role });
  const principal: Principal = { userId: user.id, username: user.username, role, via: 'session' };
  const created = await createToken(principal, { name: `${user.username}-token`, role });
  return { ...user, principal, token: created.token, tokenId: created.id, cookie: await sessionCookie(user) };
}

/** One user of each role. */
export async function makeRoleUsers(prefix = 'u'): Promise<Record<Role, TestUser>> {
  return {
    viewer: await makeUser('viewer', `${prefix}-viewer`),
    operator: await makeUser('operator', `${prefix}-operator`),
    lead: await makeUser('lead', `${prefix}-lead`),
    admin: await makeUser('admin', `${prefix}-admin`),
  };
}

export type PrincipalCase = {
  name: string;
  /** The role the server must apply, or null when it must not let the caller in at all. */
  role: Role | null;
  headers: () => Record<string, string>;
};

/**
 * Every kind of caller the permission table must hold for: anonymous, a token and a session of each
 * role, a disabled user's token, a token whose owner was demoted after it was made, a revoked token and
 * a made-up token.
 */
export async function principalCases(prefix = 'rbac'): Promise<PrincipalCase[]> {
  const users = await makeRoleUsers(prefix);
  const actor = users.admin.id;
  const disabled = await makeUser('operator', `${prefix}-disabled`);
  await updateUser(actor, disabled.id, { disabled: true });
  const demoted = await makeUser('admin', `${prefix}-demoted`);
  await updateUser(actor, demoted.id, { role: 'viewer' });
  const revoked = await makeUser('admin', `${prefix}-revoked`);
  await revokeToken(revoked.principal, revoked.tokenId);
  const bearer = (token: string) => () => ({ authorization: `Bearer ${token}` });
  const cookie = (c: string) => () => ({ cookie: c });
  return [
    { name: 'anonymous', role: null, headers: () => ({}) },
    { name: 'viewer token', role: 'viewer', headers: bearer(users.viewer.token) },
    { name: 'operator token', role: 'operator', headers: bearer(users.operator.token) },
    { name: 'lead token', role: 'lead', headers: bearer(users.lead.token) },
    { name: 'admin token', role: 'admin', headers: bearer(users.admin.token) },
    { name: 'viewer session', role: 'viewer', headers: cookie(users.viewer.cookie) },
    { name: 'operator session', role: 'operator', headers: cookie(users.operator.cookie) },
    { name: 'lead session', role: 'lead', headers: cookie(users.lead.cookie) },
    { name: 'admin session', role: 'admin', headers: cookie(users.admin.cookie) },
    { name: 'disabled user token', role: null, headers: bearer(disabled.token) },
    { name: 'disabled user session', role: null, headers: cookie(disabled.cookie) },
    { name: 'demoted owner admin token', role: 'viewer', headers: bearer(demoted.token) },
    { name: 'demoted admin session', role: 'viewer', headers: cookie(demoted.cookie) },
    { name: 'revoked token', role: null, headers: bearer(revoked.token) },
    { name: 'unknown token', role: null, headers: bearer(`wharf_${'x'.repeat(43)}`) },
  ];
}
