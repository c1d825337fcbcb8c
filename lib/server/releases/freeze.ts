import 'server-only';
import { AppError } from '@/lib/errors';
import type { TFreezeWindow } from '@/lib/types/releases';
import { getDb, nowIso } from '../db';
import type { FreezeWindowsTable } from '../db/schema';
import { newId } from '../ids';

function toFreeze(row: FreezeWindowsTable): TFreezeWindow {
  return {
    id: row.id,
    service: row.service,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Windows that have not ended, soonest first. */
export async function listFreezes(): Promise<TFreezeWindow[]> {
  const db = await getDb();
  const rows = await db
    .selectFrom('freeze_windows')
    .selectAll()
    .where('ends_at', '>', nowIso())
    .orderBy('starts_at')
    .execute();
  return rows.map(toFreeze);
}

/** The freeze that holds a service now (its own or fleet-wide), the one ending last. */
export async function activeFreeze(service: string, at = new Date()): Promise<TFreezeWindow | null> {
  const now = at.toISOString();
  const db = await getDb();
  const rows = await db
    .selectFrom('freeze_windows')
    .selectAll()
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .where((eb) => eb.or([eb('service', 'is', null), eb('service', '=', service)]))
    .orderBy('ends_at', 'desc')
    .execute();
  return rows[0] ? toFreeze(rows[0]) : null;
}

export async function createFreeze(
  input: { service?: string; startsAt: string; endsAt: string; reason: string },
  actor: string,
): Promise<TFreezeWindow> {
  if (Date.parse(input.endsAt) <= Date.now())
    throw new AppError('BAD_INPUT', 'endsAt: the window has already ended');
  const row: FreezeWindowsTable = {
    id: newId(),
    service: input.service ?? null,
    starts_at: new Date(input.startsAt).toISOString(),
    ends_at: new Date(input.endsAt).toISOString(),
    reason: input.reason,
    created_by: actor,
    created_at: nowIso(),
  };
  const db = await getDb();
  await db.insertInto('freeze_windows').values(row).execute();
  return toFreeze(row);
}

export async function deleteFreeze(id: string): Promise<TFreezeWindow> {
  const db = await getDb();
  const row = await db.selectFrom('freeze_windows').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no freeze window ${id}`);
  await db.deleteFrom('freeze_windows').where('id', '=', id).execute();
  return toFreeze(row);
}
