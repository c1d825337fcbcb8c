import 'server-only';
import { getDb } from '../db';
import type { ReleaseRow } from '../db/schema';
import type { HostConnection } from '../docker/client';
import { connectionFor } from '../hosts/store';
import { endRelease, type HostSwap, undoSwap } from './engine';
import { inspectOrNull, liveName, RELEASE_LABEL, serviceContainers } from './host-ops';
import { acquireLock, releaseLock } from './lock';
import { endStep, noteStep, releaseSpec, startStep, stepsOf } from './store';
import { verifyContainer } from './verify';

/**
 * Ends a release whose runner died (Wharf was killed, or its lease ran out). With no host changed it
 * is `interrupted`. If every host runs this release's container and each passes verification now, it
 * `succeeded`; otherwise every changed host is rolled back. Called with the service's lock held.
 */
export async function reconcileRelease(row: ReleaseRow): Promise<void> {
  const spec = releaseSpec(row);
  const run = { row, spec, actor: 'reconcile' };
  const steps = await stepsOf(row.id);
  // Close steps the dead runner left open.
  for (const s of steps.filter((x) => x.status === 'running'))
    await endStep(
      { id: s.id, detail: JSON.parse(s.detail) },
      'failed',
      'interrupted: Wharf stopped during this step',
    );
  const swapSteps = steps.filter((s) => s.step === 'swap');
  if (swapSteps.length === 0 && row.status === 'running') {
    // Nothing was swapped, but a container may have been created just before the stop.
    for (const host of spec.hosts) {
      const conn = await connectionFor(host).catch(() => null);
      if (!conn) continue;
      const orphans = await serviceContainers(conn, spec).catch(() => []);
      for (const c of orphans)
        if (c.Labels?.[RELEASE_LABEL] === row.id)
          await undoSwap(run, conn, { host, oldId: null, oldRestartPolicy: null, newId: c.Id, fast: false });
    }
    return endRelease(
      run,
      'interrupted',
      'Wharf stopped before any host was changed; request the release again',
    );
  }
  const swaps: { conn: HostConnection; swapped: HostSwap }[] = [];
  for (const s of swapSteps) {
    const conn = await connectionFor(s.host as string);
    const detail = JSON.parse(s.detail) as Partial<HostSwap>;
    let newId = detail.newId ?? null;
    if (!newId) {
      const made = (await serviceContainers(conn, spec).catch(() => [])).find(
        (c) => c.Labels?.[RELEASE_LABEL] === row.id,
      );
      newId = made?.Id ?? null;
    }
    swaps.push({
      conn,
      swapped: {
        host: conn.name,
        oldId: detail.oldId ?? null,
        oldRestartPolicy: detail.oldRestartPolicy ?? null,
        newId,
        fast: detail.fast === true,
      },
    });
  }
  const step = await startStep(row.id, null, 'verify', 'reconciling after a restart of Wharf');
  let allGood = swaps.length === spec.hosts.length;
  for (const { conn, swapped } of swaps) {
    if (!allGood) break;
    const info = swapped.newId ? await inspectOrNull(conn, swapped.newId).catch(() => null) : null;
    if (!info || info.Name.replace(/^\//, '') !== liveName(spec)) {
      allGood = false;
      break;
    }
    if (!info.State.Running) {
      allGood = false;
      break;
    }
    const verifyStep = steps.find((x) => x.step === 'verify' && x.host === conn.name);
    const verdict = await verifyContainer(conn, info.Id, spec, {
      startedAt: verifyStep ? Date.parse(verifyStep.started_at) : undefined,
    });
    await noteStep(step, { [conn.name]: verdict.message });
    allGood = verdict.ok;
  }
  if (allGood) {
    await endStep(step, 'ok', 'every host runs this release and is healthy');
    return endRelease(
      run,
      'succeeded',
      'finished by reconcile after a restart of Wharf: every host verified',
    );
  }
  await endStep(step, 'failed', 'not every host runs this release healthy: rolling back');
  let restored = true;
  for (const { conn, swapped } of [...swaps].reverse())
    restored = (await undoSwap(run, conn, swapped)).ok && restored;
  return endRelease(
    run,
    restored ? 'rolled_back' : 'failed',
    restored
      ? 'reconciled after a restart of Wharf: rolled back, the previous version runs again'
      : 'reconciled after a restart of Wharf: not every host could be restored; see the rollback steps',
    !restored,
  );
}

/**
 * Hosts a rollback could not restore (the engine was down) are tried again once they answer: the
 * service's previous container is put back under its live name and started, leaving one running.
 */
export async function retryPendingRestores(): Promise<void> {
  const db = await getDb();
  const pending = await db
    .selectFrom('release_steps')
    .innerJoin('releases', 'releases.id', 'release_steps.release_id')
    .selectAll('release_steps')
    .where('release_steps.step', '=', 'rollback')
    .where('release_steps.status', '=', 'failed')
    .where('release_steps.detail', 'like', '%"pending":true%')
    .where('releases.status', 'in', ['failed', 'rolled_back', 'succeeded'])
    .execute();
  for (const s of pending) {
    const row = await db
      .selectFrom('releases')
      .selectAll()
      .where('id', '=', s.release_id)
      .executeTakeFirstOrThrow();
    try {
      await acquireLock(row.service_id, row.id, 'reconcile');
    } catch {
      continue;
    }
    try {
      const conn = await connectionFor(s.host as string);
      const spec = releaseSpec(row);
      await inspectOrNull(conn, liveName(spec)); // throws while the host is still away
      const detail = JSON.parse(s.detail) as HostSwap & { pending?: boolean };
      // This try is recorded as a rollback step of its own, pending again if it fails.
      await noteStep({ id: s.id, detail: { ...detail } }, { pending: false });
      await undoSwap({ row, spec, actor: 'reconcile' }, conn, detail);
    } catch {
      // The host is still away; try again on the next round.
    } finally {
      await releaseLock(row.service_id, row.id);
    }
  }
}
