import 'server-only';
import { AppError } from '@/lib/errors';
import { getDb, nowIso } from '../db';
import { getEnv } from '../env';
import { newId } from '../ids';

/** How long a lock holds without a heartbeat: an instance that died frees its service after this. */
const leaseMs = () => getEnv().WHARF_RELEASE_LEASE_SECONDS * 1000;
/** How often a runner renews its lease: six times per lease, so a missed beat or two costs nothing. */
export const heartbeatMs = () => Math.round(leaseMs() / 6);

/** This process, named in the locks it holds. */
export const INSTANCE_ID = newId();

const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

/** The 409 a second release of the service gets, naming the one that holds it. */
async function heldBy(serviceId: string): Promise<AppError> {
  const db = await getDb();
  const lock = await db
    .selectFrom('release_locks')
    .selectAll()
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  const release = lock
    ? await db.selectFrom('releases').selectAll().where('id', '=', lock.release_id).executeTakeFirst()
    : undefined;
  if (!lock || !release)
    return new AppError('CONFLICT', 'another release of this service is starting; try again');
  return new AppError(
    'CONFLICT',
    `release ${release.number} of ${release.service_name} is running: started by ${lock.holder} at ${lock.acquired_at}`,
    { releaseId: release.id, number: release.number, startedBy: lock.holder, startedAt: lock.acquired_at },
  );
}

/**
 * Takes the service's release lock for one release, or throws 409 naming the holder. A lease that ran
 * out (its instance died) is taken over. The primary key on the service makes this safe across
 * instances on SQLite and PostgreSQL alike.
 */
export async function acquireLock(serviceId: string, releaseId: string, holder: string): Promise<void> {
  const db = await getDb();
  await db
    .deleteFrom('release_locks')
    .where('service_id', '=', serviceId)
    .where('expires_at', '<', nowIso())
    .execute();
  try {
    await db
      .insertInto('release_locks')
      .values({
        service_id: serviceId,
        release_id: releaseId,
        holder,
        instance: INSTANCE_ID,
        acquired_at: nowIso(),
        expires_at: inFuture(leaseMs()),
      })
      .execute();
  } catch (error) {
    if (/unique|duplicate|primary key/i.test(String(error))) throw await heldBy(serviceId);
    throw error;
  }
}

/** Whether the service's lock is free now (an expired lease counts as free). */
export async function lockIsFree(serviceId: string): Promise<boolean> {
  const db = await getDb();
  const lock = await db
    .selectFrom('release_locks')
    .select('expires_at')
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return !lock || lock.expires_at < nowIso();
}

export async function assertLockFree(serviceId: string): Promise<void> {
  if (!(await lockIsFree(serviceId))) throw await heldBy(serviceId);
}

/** Renews the lease; false when the lock is no longer this release's (it was taken over). */
export async function renewLock(serviceId: string, releaseId: string): Promise<boolean> {
  const db = await getDb();
  const result = await db
    .updateTable('release_locks')
    .set({ expires_at: inFuture(leaseMs()), instance: INSTANCE_ID })
    .where('service_id', '=', serviceId)
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLock(serviceId: string, releaseId: string): Promise<void> {
  const db = await getDb();
  await db
    .deleteFrom('release_locks')
    .where('service_id', '=', serviceId)
    .where('release_id', '=', releaseId)
    .execute();
}

/** Release ids whose lock is missing or ran out: their runner is gone. */
export async function deadLockReleaseIds(releaseIds: string[]): Promise<Set<string>> {
  if (releaseIds.length === 0) return new Set();
  const db = await getDb();
  const live = await db
    .selectFrom('release_locks')
    .select('release_id')
    .where('release_id', 'in', releaseIds)
    .where('expires_at', '>=', nowIso())
    .execute();
  const alive = new Set(live.map((l) => l.release_id));
  return new Set(releaseIds.filter((id) => !alive.has(id)));
}
