import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, isAppError } from '@/lib/errors';
import type { TBackup, TBackupReason } from '@/lib/types/volumes';
import { adaptiveGzip } from '@/lib/volumes/adaptive-gzip';
import { backupsToPrune, protectionOf } from '@/lib/volumes/rules';
import { TarCounter } from '@/lib/volumes/tar-count';
import { getDb, nowIso } from '../db';
import type { BackupRow } from '../db/schema';
import { type HostConnection, withDeadline } from '../docker/client';
import { inspectEngineVolume } from '../docker/volumes';
import { getEnv } from '../env';
import { newId } from '../ids';
import { backupPath, dropBackups, indexBackup, toBackup } from './backup-index';
import { HELPER_MOUNT, helperImage, TRANSFER_DEADLINE_MS, transferIdleMs, withHelper } from './helper';
import { protectionRecords } from './protection';
import { countingTap, hashingTap, idleGuard } from './streams';

export type BackupRequest = {
  reason: TBackupReason;
  /** The release a pre-release backup belongs to. */
  releaseId?: string | null;
  note?: string | null;
  actor: string;
};

async function syncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Streams the volume's content out of a read-only helper container through the Docker archive API,
 * gzips it (storing stretches that do not compress) to a `.partial` file and indexes it only once the archive is whole, checksummed and on disk.
 * Anything less (a host that goes away, a cut archive, a full disk) leaves no file and no index entry.
 */
export async function takeBackup(
  conn: HostConnection,
  volume: string,
  request: BackupRequest,
): Promise<TBackup> {
  const started = performance.now();
  await inspectEngineVolume(conn, volume);
  const image = await helperImage(conn, volume);
  const id = newId();
  const createdAt = nowIso();
  const file = path.join(conn.name, volume, `${createdAt.replace(/[:.]/g, '-')}-${id}.tar.gz`);
  const full = backupPath(file);
  const partial = `${full}.partial`;
  await fs.promises.mkdir(path.dirname(full), { recursive: true, mode: 0o700 });

  const counter = new TarCounter();
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  const gzip = adaptiveGzip(1);
  let row: BackupRow;
  try {
    await withHelper(conn, { volume, readOnly: true, image }, async (container) => {
      const archive = await withDeadline(conn, 'read the volume archive', (abortSignal) =>
        container.getArchive({ path: HELPER_MOUNT, abortSignal }),
      );
      await withDeadline(
        { name: conn.name, timeoutMs: TRANSFER_DEADLINE_MS },
        'back up the volume',
        (signal) =>
          pipeline(
            archive,
            idleGuard(transferIdleMs(conn), `${conn.name}: the archive of ${volume} stalled`),
            countingTap(counter),
            gzip.stream,
            hashingTap(hash, size),
            fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
            { signal },
          ),
      );
    });
    const fileCount = counter.finish();
    await syncFile(partial);
    await fs.promises.rename(partial, full);
    row = {
      id,
      host_id: conn.id,
      host_name: conn.name,
      volume,
      file,
      size: size.bytes,
      sha256: hash.digest('hex'),
      file_count: fileCount,
      reason: request.reason,
      release_id: request.releaseId ?? null,
      note: request.note ?? null,
      created_by: request.actor,
      created_at: createdAt,
      ms: Math.round(performance.now() - started),
    };
    try {
      await indexBackup(row);
    } catch (error) {
      await fs.promises.rm(full, { force: true });
      throw error;
    }
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      isAppError(error) && error.code !== 'INTERNAL' ? error.code : 'HOST_UNREACHABLE',
      `${conn.name}: the backup of ${volume} failed and nothing was kept: ${message}`,
    );
  }
  // The backup is kept whatever happens to the clean-up of older ones.
  await applyRetention(conn, volume).catch((error) =>
    console.error(`[wharf] ${conn.name}: retention of the backups of ${volume} failed`, error),
  );
  return toBackup(row);
}

/** Keeps the newest WHARF_BACKUP_KEEP backups of a volume, and always one of a protected volume. */
export async function applyRetention(conn: HostConnection, volume: string): Promise<void> {
  const db = await getDb();
  const rows = await db
    .selectFrom('backups')
    .select(['id', 'file', 'volume', 'created_at'])
    .where('host_id', '=', conn.id)
    .where('volume', '=', volume)
    .execute();
  const [info, records] = await Promise.all([
    inspectEngineVolume(conn, volume).catch(() => null),
    protectionRecords(conn.id),
  ]);
  const isProtected = protectionOf(info?.Labels ?? {}, records.get(volume) ?? null).protected;
  const going = new Set(
    backupsToPrune(
      rows.map((r) => ({ id: r.id, volume: r.volume, createdAt: r.created_at })),
      getEnv().WHARF_BACKUP_KEEP,
      () => isProtected,
    ).map((b) => b.id),
  );
  await dropBackups(rows.filter((r) => going.has(r.id)));
}
