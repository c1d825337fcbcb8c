import 'server-only';
import { getDb, nowIso } from '../db';
import { getEnv } from '../env';
import { newId } from '../ids';

function windowStart(): string {
  return new Date(Date.now() - getEnv().WHARF_SIGNIN_WINDOW_SECONDS * 1000).toISOString();
}

/** True when this user name, or this address, failed too often within the window. */
export async function isSigninLimited(username: string, ip: string): Promise<boolean> {
  const db = await getDb();
  const since = windowStart();
  const max = getEnv().WHARF_SIGNIN_MAX_FAILURES;
  const name = username.toLowerCase();
  const count = async (by: { username?: string; ip?: string }) => {
    let q = db
      .selectFrom('signin_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('at', '>=', since);
    if (by.username !== undefined) q = q.where('username', '=', by.username);
    if (by.ip !== undefined) q = q.where('ip', '=', by.ip);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  // Per user and address; an address trying many names, or a name tried from many addresses,
  // gets a wider budget before it is stopped too.
  return (
    (await count({ username: name, ip })) >= max ||
    (await count({ ip })) >= max * 4 ||
    (await count({ username: name })) >= max * 4
  );
}

export async function recordSigninFailure(username: string, ip: string): Promise<void> {
  const db = await getDb();
  await db
    .insertInto('signin_failures')
    .values({ id: newId(), username: username.toLowerCase().slice(0, 64), ip: ip.slice(0, 64), at: nowIso() })
    .execute();
  await db.deleteFrom('signin_failures').where('at', '<', windowStart()).execute();
}

export async function clearSigninFailures(username: string): Promise<void> {
  const db = await getDb();
  await db.deleteFrom('signin_failures').where('username', '=', username.toLowerCase()).execute();
}
