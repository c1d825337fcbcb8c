import 'server-only';
import { type Role, roleRank } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import type { TCreateUser, TUpdateUser } from '@/lib/schemas/users';
import type { TUser } from '@/lib/types/access';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { randomToken } from '../crypto';
import { getDb, nowIso } from '../db';
import type { UserRow } from '../db/schema';
import { newId } from '../ids';

function toUser(row: UserRow): TUser {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    disabled: row.disabled === 1,
    source: row.source,
    createdAt: row.created_at,
  };
}

export async function listUsers(): Promise<TUser[]> {
  const db = await getDb();
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

export async function findUser(id: string): Promise<UserRow | undefined> {
  const db = await getDb();
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function findUserByName(username: string): Promise<UserRow | undefined> {
  const db = await getDb();
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function createUser(input: TCreateUser, source: 'local' | 'oidc' = 'local'): Promise<TUser> {
  const db = await getDb();
  if (await findUserByName(input.username)) {
    throw new AppError('CONFLICT', `a user named ${input.username} already exists`);
  }
  const now = nowIso();
  const row: UserRow = {
    id: newId(),
    username: input.username,
    password_hash: source === 'local' ? await hashPassword(input.password) : null,
    role: input.role,
    disabled: 0,
    source,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function updateUser(actorId: string, id: string, input: TUpdateUser): Promise<TUser> {
  const db = await getDb();
  const user = await findUser(id);
  if (!user) throw new AppError('NOT_FOUND', `no user with id ${id}`);
  if (id === actorId && (input.disabled || (input.role && roleRank(input.role) < roleRank(user.role)))) {
    throw new AppError('CONFLICT', 'you cannot disable or demote yourself; ask another admin');
  }
  if (
    user.role === 'admin' &&
    user.disabled === 0 &&
    (input.disabled || (input.role && input.role !== 'admin'))
  ) {
    const admins = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    if (Number(admins.n) <= 1)
      throw new AppError('CONFLICT', 'this is the last active admin; make another admin first');
  }
  const patch: Partial<UserRow> = { updated_at: nowIso() };
  if (input.role) patch.role = input.role;
  if (input.disabled !== undefined) patch.disabled = input.disabled ? 1 : 0;
  if (input.password) {
    if (user.source !== 'local') throw new AppError('CONFLICT', 'this user signs in through single sign-on');
    patch.password_hash = await hashPassword(input.password);
  }
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
  return toUser({ ...user, ...patch });
}

/** The user for a name and password, or null; disabled users never sign in. */
export async function verifyCredentials(username: string, password: string): Promise<UserRow | null> {
  const user = await findUserByName(username);
  const ok = await verifyPassword(password, user?.source === 'local' ? user.password_hash : null);
  if (!ok || !user || user.disabled) return null;
  return user;
}

/** A single sign-on user, created on first sign-in with the role their identity provider gives. */
export async function upsertOidcUser(username: string, role: Role): Promise<UserRow> {
  const db = await getDb();
  const existing = await findUserByName(username);
  if (existing) {
    if (existing.source !== 'oidc') throw new AppError('CONFLICT', `${username} is a local user`);
    if (existing.role !== role) {
      await db
        .updateTable('users')
        .set({ role, updated_at: nowIso() })
        .where('id', '=', existing.id)
        .execute();
    }
    return { ...existing, role };
  }
  const created = await createUser({ username, password: 'unused-for-oidc', role }, 'oidc');
  return (await findUser(created.id)) as UserRow;
}

/** Creates the first admin when there is no user at all. */
export async function ensureFirstAdmin(
  username: string,
  password: string | undefined,
): Promise<{ created: boolean; password?: string }> {
  const db = await getDb();
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false };
  const chosen = password ?? randomToken(15);
  try {
    await createUser({ username, password: chosen, role: 'admin' });
  } catch (error) {
    // Another instance starting at the same moment made the first admin.
    if (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) return { created: false };
    throw error;
  }
  return { created: true, password: password ? undefined : chosen };
}
