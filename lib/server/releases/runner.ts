import 'server-only';
import { getDb, nowIso } from '../db';
import { isRunningHere } from './engine';
import { acquireLock, deadLockReleaseIds, lockIsFree, releaseLock } from './lock';
import { reconcileRelease, retryPendingRestores } from './reconcile';
import { startRelease } from './request';
import { moveRelease } from './store';

const TICK_MS = 3000;

const globalForRunner = globalThis as unknown as {
  wharfReleaseRunner?: NodeJS.Timeout;
  wharfReleaseTick?: Promise<void>;
};

/**
 * One round of the release background work, safe to run on every instance at once: reconcile releases
 * whose runner died, expire unused approvals, start queued releases whose service is free, and retry
 * restores of hosts that were away.
 */
export async function tickReleases(): Promise<void> {
  const db = await getDb();
  const open = await db
    .selectFrom('releases')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .orderBy('requested_at')
    .execute();
  const running = open.filter((r) => r.status === 'running');
  const dead = await deadLockReleaseIds(running.map((r) => r.id));
  for (const row of running.filter((r) => dead.has(r.id) && !isRunningHere(r.id))) {
    try {
      await acquireLock(row.service_id, row.id, 'reconcile');
    } catch {
      continue;
    }
    try {
      await reconcileRelease(row);
    } catch (error) {
      console.error(`[wharf] reconcile of release ${row.id} failed; it is tried again`, error);
    } finally {
      await releaseLock(row.service_id, row.id).catch(() => {});
    }
  }
  for (const row of open.filter((r) => r.status === 'queued')) {
    if (row.approval_expires_at && row.approval_expires_at <= nowIso()) {
      await moveRelease(
        row.id,
        'cancelled',
        { finished_at: nowIso(), message: 'the approval expired before the release could run' },
        ['queued'],
      ).catch(() => {});
      continue;
    }
    if (!(await lockIsFree(row.service_id))) continue;
    await startRelease(row.id, row.approved_by ?? row.requested_by).catch(() => {});
  }
  await retryPendingRestores().catch((error) => console.error('[wharf] retrying restores failed', error));
}

/** Runs `tickReleases` now; a round already going is joined, not doubled. */
export function tickOnce(): Promise<void> {
  globalForRunner.wharfReleaseTick ??= tickReleases().finally(() => {
    globalForRunner.wharfReleaseTick = undefined;
  });
  return globalForRunner.wharfReleaseTick;
}

/** Starts the background rounds once per process (on server start). */
export async function startReleaseRunner(): Promise<void> {
  if (globalForRunner.wharfReleaseRunner) return;
  globalForRunner.wharfReleaseRunner = setInterval(() => {
    tickOnce().catch((error) => console.error('[wharf] release round failed', error));
  }, TICK_MS);
  globalForRunner.wharfReleaseRunner.unref();
  void tickOnce().catch((error) => console.error('[wharf] release round failed', error));
}
