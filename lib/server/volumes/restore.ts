import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline as pipe } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '@/lib/errors';
import type { TRestoreResult } from '@/lib/types/volumes';
import { TarCounter } from '@/lib/volumes/tar-count';
import { type HostConnection, withDeadline } from '../docker/client';
import { createEngineVolume, inspectEngineVolume, removeEngineVolume } from '../docker/volumes';
import { takeBackup } from './backup';
import { backupPath, backupRow } from './backup-index';
import {
  HELPER_MOUNT,
  helperImage,
  runInHelper,
  TRANSFER_DEADLINE_MS,
  transferIdleMs,
  withHelper,
} from './helper';
import { currentProtection } from './protection';
import { countingTap, idleGuard } from './streams';
import { currentUsers, describeUsers } from './users';

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Empties a volume before a restore. One that no container refers to is removed and made again with the
 * same driver, options and labels, which needs no program; otherwise `find` runs in a helper, as a
 * program, through busybox or inside a shell, whichever the host's images have.
 */
async function emptyVolume(conn: HostConnection, volume: string): Promise<void> {
  const [info, users] = await Promise.all([inspectEngineVolume(conn, volume), currentUsers(conn, volume)]);
  const options = info.Options ?? {};
  // A local volume bound to a host directory keeps its files when it is removed.
  if (users.length === 0 && !options.device) {
    await removeEngineVolume(conn, volume);
    await createEngineVolume(conn, { name: volume, driver: info.Driver, labels: info.Labels ?? {}, options });
    return;
  }
  // `-exec rm -rf {} +` rather than `-delete`, which busybox builds may lack.
  const find = ['find', HELPER_MOUNT, '-mindepth', '1', '-maxdepth', '1', '-exec', 'rm', '-rf', '{}', '+'];
  await runInHelper(
    conn,
    volume,
    [
      find,
      ['busybox', ...find],
      ['sh', '-c', 'find "$0" -mindepth 1 -maxdepth 1 -exec rm -rf {} +', HELPER_MOUNT],
    ],
    `empty ${volume} before the restore`,
  );
}

/** Entries in the volume now, from its archive through a read-only helper. */
async function countEntries(conn: HostConnection, volume: string, image: string): Promise<number> {
  return withHelper(conn, { volume, readOnly: true, image }, async (container) => {
    const counter = new TarCounter();
    const archive = await withDeadline(conn, 'read the volume archive', (abortSignal) =>
      container.getArchive({ path: HELPER_MOUNT, abortSignal }),
    );
    await withDeadline({ name: conn.name, timeoutMs: TRANSFER_DEADLINE_MS }, 'list the volume', (signal) =>
      pipeline(
        archive,
        idleGuard(transferIdleMs(conn), `${conn.name}: listing ${volume} stalled`),
        async (source) => {
          for await (const chunk of source) counter.push(chunk as Buffer);
        },
        { signal },
      ),
    );
    return counter.finish();
  });
}

/**
 * Restores a backup into a volume: the backup's own or another, on its host or another, created when it
 * does not exist. The file's checksum is checked first; a volume that a running container uses is
 * refused; the volume's current content is backed up (always for a protected volume) and emptied; the
 * archive is extracted through a helper container, and the volume is listed afterwards to check that it
 * holds exactly as many entries as the archive.
 */
export async function restoreBackup(
  backupId: string,
  conn: HostConnection,
  volume: string,
  options: { backupFirst: boolean; actor: string },
): Promise<TRestoreResult> {
  const started = performance.now();
  const row = await backupRow(backupId);
  const file = backupPath(row.file);
  if (!fs.existsSync(file))
    throw new AppError('NOT_FOUND', `the file of backup ${backupId} is missing from the backup directory`);
  if ((await sha256Of(file)) !== row.sha256) {
    throw new AppError(
      'CONFLICT',
      `backup ${backupId} is damaged: its file no longer matches the SHA-256 taken when it was made`,
    );
  }

  const users = await currentUsers(conn, volume);
  const running = users.filter(
    (u) => u.state === 'running' || u.state === 'restarting' || u.state === 'paused',
  );
  if (running.length > 0) {
    throw new AppError(
      'CONFLICT',
      `${conn.name}: ${volume} is used by running containers: ${describeUsers(running)}; stop them first or restore into a new volume`,
      { containers: running.map(({ id, name, state }) => ({ id, name, state })) },
    );
  }

  const exists = await inspectEngineVolume(conn, volume).then(
    () => true,
    (error) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
      throw error;
    },
  );
  let previousBackupId: string | null = null;
  if (exists) {
    const protection = await currentProtection(conn, volume);
    if (protection.protected && !options.backupFirst) {
      throw new AppError(
        'CONFLICT',
        `${conn.name}: ${volume} is protected, so its current content is backed up before a restore replaces it; leave backupFirst on`,
      );
    }
    if (options.backupFirst) {
      const previous = await takeBackup(conn, volume, {
        reason: 'pre-restore',
        note: `before restoring backup ${backupId}`,
        actor: options.actor,
      });
      previousBackupId = previous.id;
    }
    await emptyVolume(conn, volume);
  } else {
    await createEngineVolume(conn, { name: volume, labels: {} });
  }

  const image = await helperImage(conn, volume);
  const counter = new TarCounter();
  await withHelper(conn, { volume, readOnly: false, image }, async (container) => {
    // Read, unzip, count and hand to the engine as one pipeline: a failure anywhere ends the upload.
    let failure: Error | null = null;
    const tar = pipe(
      fs.createReadStream(file),
      zlib.createGunzip(),
      countingTap(counter),
      idleGuard(transferIdleMs(conn), `${conn.name}: the restore into ${volume} stalled`),
      (error) => {
        failure = error ?? null;
      },
    );
    await withDeadline(
      { name: conn.name, timeoutMs: TRANSFER_DEADLINE_MS },
      'restore the volume',
      (abortSignal) => container.putArchive(tar, { path: '/', abortSignal }),
    );
    if (failure) throw failure;
  });
  const inArchive = counter.finish();
  if (inArchive !== row.file_count) {
    throw new AppError(
      'CONFLICT',
      `backup ${backupId} holds ${inArchive} entries but was made with ${row.file_count}`,
    );
  }
  const restored = await countEntries(conn, volume, image);
  if (restored !== row.file_count) {
    throw new AppError(
      'HOST_UNREACHABLE',
      `${conn.name}: the restore of ${volume} is not complete: the volume holds ${restored} entries, the backup ${row.file_count}`,
    );
  }
  return {
    backup: backupId,
    host: { id: conn.id, name: conn.name },
    volume,
    created: !exists,
    previousBackupId,
    fileCount: restored,
    verified: true,
    ms: Math.round(performance.now() - started),
  };
}
