import 'server-only';
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { TVolumeDeleteResult, TVolumePrunePreview, TVolumePruneResult } from '@/lib/types/volumes';
import { checkDelete } from '@/lib/volumes/rules';
import { invalidateHost } from '../docker/cache';
import type { HostConnection } from '../docker/client';
import { removeEngineVolume } from '../docker/volumes';
import { takeBackup } from './backup';
import { hostVolumes } from './inventory';
import { currentProtection } from './protection';
import { currentUsers } from './users';

const ERROR_CODE = { 400: 'BAD_INPUT', 409: 'CONFLICT' } as const;

/**
 * Deletes a volume that is not protected and not used, once its name is typed back, after a backup
 * unless the caller declined it. The engine itself still refuses a volume a container took meanwhile.
 */
export async function deleteVolume(
  conn: HostConnection,
  name: string,
  options: { confirm: string | undefined; backup: boolean; actor: string },
): Promise<TVolumeDeleteResult> {
  const [protection, users] = await Promise.all([currentProtection(conn, name), currentUsers(conn, name)]);
  const check = checkDelete({ name, protection, users, confirm: options.confirm });
  if (!check.ok) {
    throw new AppError(
      ERROR_CODE[check.status],
      `${conn.name}: ${check.message}`,
      check.containers ? { containers: check.containers } : undefined,
    );
  }
  const backup = options.backup
    ? await takeBackup(conn, name, { reason: 'pre-delete', actor: options.actor })
    : null;
  await removeEngineVolume(conn, name);
  return {
    host: { id: conn.id, name: conn.name },
    volume: name,
    deleted: true,
    backupId: backup?.id ?? null,
  };
}

/** The token a prune must send back: it names the host and the exact set of volumes. */
function pruneToken(hostId: string, names: string[]): string {
  return createHash('sha256')
    .update(`${hostId}\n${[...names].sort().join('\n')}`)
    .digest('hex');
}

/** Orphans that are not protected, read now; protected orphans are listed apart and never pruned. */
async function pruneSet(conn: HostConnection) {
  invalidateHost(conn.id, 'volumes');
  invalidateHost(conn.id, 'containers');
  const { volumes } = await hostVolumes(conn);
  const orphans = volumes.filter((v) => v.orphan);
  return {
    going: orphans.filter((v) => !v.protection.protected),
    skippedProtected: orphans.filter((v) => v.protection.protected).map((v) => v.name),
  };
}

export async function previewVolumePrune(conn: HostConnection): Promise<TVolumePrunePreview> {
  const { going, skippedProtected } = await pruneSet(conn);
  return {
    host: { id: conn.id, name: conn.name },
    volumes: going.map((v) => ({
      name: v.name,
      driver: v.driver,
      anonymous: v.anonymous,
      createdAt: v.createdAt,
      ageDays: v.ageDays,
      size: v.size?.bytes ?? null,
    })),
    skippedProtected,
    confirm: pruneToken(
      conn.id,
      going.map((v) => v.name),
    ),
  };
}

/**
 * Removes exactly the volumes of the preview whose token is `confirm`, each after a backup unless
 * declined. If the set changed since (a volume was used, protected, made or removed), nothing is touched.
 */
export async function pruneVolumes(
  conn: HostConnection,
  options: { confirm: string; backup: boolean; actor: string },
): Promise<TVolumePruneResult> {
  const { going } = await pruneSet(conn);
  if (
    pruneToken(
      conn.id,
      going.map((v) => v.name),
    ) !== options.confirm
  ) {
    throw new AppError(
      'CONFLICT',
      `${conn.name}: the set of unused volumes changed since the preview; preview again`,
    );
  }
  const result: TVolumePruneResult = {
    host: { id: conn.id, name: conn.name },
    deleted: [],
    backups: [],
    failed: [],
  };
  for (const v of going) {
    try {
      // Each volume is checked again just before it goes: the preview is a promise about a set, not a lock.
      const outcome = await deleteVolume(conn, v.name, {
        confirm: v.name,
        backup: options.backup,
        actor: options.actor,
      });
      result.deleted.push(v.name);
      if (outcome.backupId) result.backups.push({ volume: v.name, backupId: outcome.backupId });
    } catch (error) {
      result.failed.push({ volume: v.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
