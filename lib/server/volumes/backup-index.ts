import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import type { TBackup, TBackupReason } from '@/lib/types/volumes';
import { getDb } from '../db';
import type { BackupRow } from '../db/schema';
import { backupDir } from '../env';

export function toBackup(row: BackupRow): TBackup {
  return {
    id: row.id,
    host: { id: row.host_id, name: row.host_name },
    volume: row.volume,
    size: Number(row.size),
    sha256: row.sha256,
    fileCount: row.file_count,
    reason: row.reason as TBackupReason,
    releaseId: row.release_id,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
    ms: row.ms,
  };
}

/** The absolute path of a backup's file; the stored name never leaves the backup directory. */
export function backupPath(file: string): string {
  const root = backupDir();
  const full = path.resolve(root, file);
  if (!full.startsWith(root + path.sep))
    throw new AppError('INTERNAL', `backup file ${file} is outside ${root}`);
  return full;
}

export async function backupRow(id: string): Promise<BackupRow> {
  const db = await getDb();
  const row = await db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no backup with id ${id}`);
  return row;
}

/** A volume's backups, newest first. */
export async function listBackups(hostId: string, volume: string): Promise<TBackup[]> {
  const db = await getDb();
  const rows = await db
    .selectFrom('backups')
    .selectAll()
    .where('host_id', '=', hostId)
    .where('volume', '=', volume)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toBackup);
}

/** Per volume of a host: its newest backup and how many there are, in one query. */
export async function backupSummary(
  hostId: string,
): Promise<Map<string, { last: { id: string; at: string; size: number }; count: number }>> {
  const db = await getDb();
  const rows = await db
    .selectFrom('backups')
    .select(['id', 'volume', 'created_at', 'size'])
    .where('host_id', '=', hostId)
    .orderBy('created_at', 'asc')
    .execute();
  const out = new Map<string, { last: { id: string; at: string; size: number }; count: number }>();
  for (const r of rows) {
    const count = (out.get(r.volume)?.count ?? 0) + 1;
    out.set(r.volume, { last: { id: r.id, at: r.created_at, size: Number(r.size) }, count });
  }
  return out;
}

export async function indexBackup(row: BackupRow): Promise<void> {
  const db = await getDb();
  await db.insertInto('backups').values(row).execute();
}

/** Removes backups from the index and their files from the directory. */
export async function dropBackups(rows: Pick<BackupRow, 'id' | 'file'>[]): Promise<void> {
  if (rows.length === 0) return;
  const db = await getDb();
  await db
    .deleteFrom('backups')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  for (const r of rows) fs.rmSync(backupPath(r.file), { force: true });
}
