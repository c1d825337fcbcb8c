import 'server-only';
import { AppError } from '@/lib/errors';
import type { TVolumeProtection } from '@/lib/types/volumes';
import { type ProtectionRecord, protectionOf } from '@/lib/volumes/rules';
import { getDb, nowIso } from '../db';
import type { HostConnection } from '../docker/client';
import { inspectEngineVolume } from '../docker/volumes';

/** Wharf's protection records of a host (protections and lifts), by volume name. */
export async function protectionRecords(hostId: string): Promise<Map<string, ProtectionRecord>> {
  const db = await getDb();
  const rows = await db.selectFrom('volume_protections').selectAll().where('host_id', '=', hostId).execute();
  return new Map(
    rows.map((r) => [
      r.volume,
      { reason: r.reason, by: r.created_by, at: r.created_at, lifted: r.lifted === 1 },
    ]),
  );
}

/** A volume's protection now: its label as the engine reports it, and Wharf's record. */
export async function currentProtection(conn: HostConnection, volume: string): Promise<TVolumeProtection> {
  const [info, records] = await Promise.all([inspectEngineVolume(conn, volume), protectionRecords(conn.id)]);
  return protectionOf(info.Labels ?? {}, records.get(volume) ?? null);
}

async function saveRecord(conn: HostConnection, volume: string, reason: string, by: string, lifted: boolean) {
  const db = await getDb();
  const at = nowIso();
  await db
    .insertInto('volume_protections')
    .values({ host_id: conn.id, volume, reason, lifted: lifted ? 1 : 0, created_by: by, created_at: at })
    .onConflict((oc) =>
      oc
        .columns(['host_id', 'volume'])
        .doUpdateSet({ reason, lifted: lifted ? 1 : 0, created_by: by, created_at: at }),
    )
    .execute();
}

/** Protects a volume with a reason; protecting it again replaces the reason. */
export async function protectVolume(
  conn: HostConnection,
  volume: string,
  reason: string,
  by: string,
): Promise<TVolumeProtection> {
  await inspectEngineVolume(conn, volume);
  await saveRecord(conn, volume, reason, by, false);
  return currentProtection(conn, volume);
}

/**
 * Lifts a volume's protection, whether Wharf's record or the volume's label (which Wharf cannot change on
 * the engine): the lift is recorded with its reason, and protecting the volume again replaces it.
 */
export async function unprotectVolume(
  conn: HostConnection,
  volume: string,
  reason: string,
  by: string,
): Promise<TVolumeProtection> {
  const now = await currentProtection(conn, volume);
  if (!now.protected) throw new AppError('CONFLICT', `${conn.name}: ${volume} is not protected`);
  await saveRecord(conn, volume, reason, by, true);
  return currentProtection(conn, volume);
}
