import 'server-only';
import { lowerRole, roleRank } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { TCreateToken } from '@/lib/schemas/users';
import type { TApiToken, TCreatedToken } from '@/lib/types/access';
import { randomToken, sha256Hex } from '../crypto';
import { getDb, nowIso } from '../db';
import { newId } from '../ids';
import type { Principal } from './principal';

const TOKEN_PREFIX = 'wharf_';

/** Makes a token; the clear text is in this answer only and stored as a SHA-256 hash. */
export async function createToken(principal: Principal, input: TCreateToken): Promise<TCreatedToken> {
  if (roleRank(input.role) > roleRank(principal.role)) {
    throw new AppError('FORBIDDEN', `a token's role cannot be higher than your own (${principal.role})`);
  }
  const db = await getDb();
  const token = TOKEN_PREFIX + randomToken(32);
  const id = newId();
  const expiresAt = input.expiresInDays
    ? new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString()
    : null;
  await db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: principal.userId,
      name: input.name,
      role: input.role,
      token_hash: sha256Hex(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      created_at: nowIso(),
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { id, token, name: input.name, role: input.role, expiresAt };
}

/** An admin sees every token; anyone else sees their own. */
export async function listTokens(principal: Principal): Promise<TApiToken[]> {
  const db = await getDb();
  let q = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.role',
      'api_tokens.prefix',
      'users.username as owner',
      'api_tokens.created_at as createdAt',
      'api_tokens.expires_at as expiresAt',
      'api_tokens.last_used_at as lastUsedAt',
      'api_tokens.revoked_at as revokedAt',
    ]);
  if (principal.role !== 'admin') q = q.where('api_tokens.user_id', '=', principal.userId);
  return q.orderBy('api_tokens.id', 'desc').execute();
}

export async function revokeToken(
  principal: Principal,
  id: string,
): Promise<{ id: string; revokedAt: string }> {
  const db = await getDb();
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.user_id !== principal.userId && principal.role !== 'admin')) {
    throw new AppError('NOT_FOUND', `no token with id ${id}`);
  }
  const revokedAt = row.revoked_at ?? nowIso();
  await db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
  return { id, revokedAt };
}

/** The principal for a bearer token, re-reading its owner so a disabled or demoted owner counts now. */
export async function principalFromToken(raw: string): Promise<Principal | null> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) return null;
  const db = await getDb();
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.role as tokenRole',
      'api_tokens.expires_at as expiresAt',
      'api_tokens.revoked_at as revokedAt',
      'api_tokens.last_used_at as lastUsedAt',
      'users.id as userId',
      'users.username',
      'users.role as userRole',
      'users.disabled',
    ])
    .where('api_tokens.token_hash', '=', sha256Hex(raw))
    .executeTakeFirst();
  if (!row || row.revokedAt || row.disabled) return null;
  const now = new Date();
  if (row.expiresAt && new Date(row.expiresAt) <= now) return null;
  // Written at most once a minute per token, so reads stay reads.
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.tokenId)
      .execute();
  }
  return {
    userId: row.userId,
    username: row.username,
    role: lowerRole(row.tokenRole, row.userRole),
    via: 'token',
    tokenId: row.tokenId,
  };
}
