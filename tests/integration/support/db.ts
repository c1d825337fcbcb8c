import { getDb } from '@/lib/server/db';

async function rowCount(table: 'hosts' | 'registries'): Promise<number> {
  const db = await getDb();
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const hostCount = () => rowCount('hosts');
export const registryCount = () => rowCount('registries');

export async function hostRow(name: string) {
  const db = await getDb();
  return db.selectFrom('hosts').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Forgets hosts a test registered; the engines are not touched. */
export async function deleteHostRows(names: Iterable<string>): Promise<void> {
  const list = [...names];
  if (list.length === 0) return;
  const db = await getDb();
  await db.deleteFrom('hosts').where('name', 'in', list).execute();
}

/** Forgets registries a test added; the registries themselves are not touched. */
export async function deleteRegistryRows(names: Iterable<string>): Promise<void> {
  const list = [...names];
  if (list.length === 0) return;
  const db = await getDb();
  await db.deleteFrom('registries').where('name', 'in', list).execute();
}

export async function auditRows(filter: {
  actor?: string;
  result?: 'ok' | 'denied' | 'error';
  action?: string;
}) {
  const db = await getDb();
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.result) q = q.where('result', '=', filter.result);
  if (filter.action) q = q.where('action', '=', filter.action);
  return q.orderBy('id', 'desc').execute();
}
