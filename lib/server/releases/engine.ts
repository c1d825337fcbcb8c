import 'server-only';
import { isAppError } from '@/lib/errors';
import type { TServiceSpec } from '@/lib/schemas/services';
import { writeAudit } from '../audit/audit';
import { nowIso } from '../db';
import type { ReleaseRow } from '../db/schema';
import type { HostConnection } from '../docker/client';
import { createEngineVolume, inspectEngineVolume } from '../docker/volumes';
import { connectionFor } from '../hosts/store';
import { pullToHost } from '../images/pull';
import { authForReference } from '../registry/store';
import { takeBackup } from '../volumes/backup';
import {
  CONFIG_LABEL,
  connectNetworks,
  createContainer,
  createOptions,
  inspectOrNull,
  keptName,
  lastLogLines,
  liveName,
  newName,
  RELEASE_LABEL,
  removeContainer,
  renameContainer,
  serviceContainers,
  setRestartPolicy,
  startContainer,
  stopContainer,
} from './host-ops';
import { heartbeatMs, releaseLock, renewLock } from './lock';
import { preflightHost } from './preflight';
import {
  endStep,
  keepLog,
  moveRelease,
  noteStep,
  releaseRow,
  releaseSpec,
  type StepHandle,
  startStep,
} from './store';
import { verifyContainer } from './verify';

/** What a swap did on one host: enough to undo it, also after a crash (it is in the swap step's detail). */
export type HostSwap = {
  host: string;
  /** The container that ran before, now stopped and kept; null on a first deploy. */
  oldId: string | null;
  oldRestartPolicy: TServiceSpec['restartPolicy'] | null;
  /** The container of this release; on the fast rollback path, a kept container started again. */
  newId: string | null;
  fast: boolean;
};

type Run = { row: ReleaseRow; spec: TServiceSpec; actor: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The spec a container was made for, by its release label; a default Docker check for one Wharf did not make. */
async function specOfContainer(
  labels: Record<string, string> | undefined,
  fallback: TServiceSpec,
): Promise<TServiceSpec> {
  const id = labels?.[RELEASE_LABEL];
  if (id) {
    const row = await releaseRow(id).catch(() => null);
    if (row) return releaseSpec(row);
  }
  return { ...fallback, healthcheck: { type: 'docker', startPeriodSeconds: 0, deadlineSeconds: 60 } };
}

async function keepLines(
  run: Run,
  conn: HostConnection,
  id: string,
  kind: 'replaced' | 'failed',
): Promise<void> {
  const info = await inspectOrNull(conn, id);
  if (!info) return;
  const lines = await lastLogLines(conn, id, info.Config.Tty === true);
  await keepLog({
    releaseId: run.row.id,
    host: conn.name,
    container: info.Name.replace(/^\//, ''),
    kind,
    lines,
  });
}

async function backupVolumes(run: Run, conn: HostConnection): Promise<void> {
  const wanted = run.spec.volumes.filter((v) => v.backup);
  if (wanted.length === 0) return;
  const step = await startStep(
    run.row.id,
    conn.name,
    'backup',
    `backing up ${wanted.map((v) => v.name).join(', ')}`,
  );
  const backups: { volume: string; id: string | null }[] = [];
  try {
    for (const v of wanted) {
      const exists = await inspectEngineVolume(conn, v.name).then(
        () => true,
        (error) => {
          if (isAppError(error) && error.code === 'NOT_FOUND') return false;
          throw error;
        },
      );
      if (!exists) {
        backups.push({ volume: v.name, id: null });
        continue;
      }
      const backup = await takeBackup(conn, v.name, {
        reason: 'pre-release',
        releaseId: run.row.id,
        actor: run.actor,
      });
      backups.push({ volume: v.name, id: backup.id });
      await noteStep(step, { backups });
    }
  } catch (error) {
    await endStep(step, 'failed', `backup failed: ${errorText(error)}`, { backups });
    throw error;
  }
  const skipped = backups.filter((b) => !b.id).map((b) => b.volume);
  await endStep(
    step,
    'ok',
    `backed up ${backups.filter((b) => b.id).length} volume(s)${skipped.length ? `; ${skipped.join(', ')} did not exist yet` : ''}`,
    { backups },
  );
}

async function pullImage(run: Run, conn: HostConnection, present: boolean): Promise<void> {
  const step = await startStep(
    run.row.id,
    conn.name,
    'pull',
    present ? 'the image is on the host' : `pulling ${run.row.image}`,
  );
  if (present) return endStep(step, 'skipped', 'the image is on the host already');
  const layers = new Map<string, string>();
  let lastNote = 0;
  const outcome = await pullToHost(conn, run.row.image, {
    auth: await authForReference(run.row.image),
    signal: new AbortController().signal,
    emit: (event) => {
      if (event.type !== 'progress' || !event.id) return;
      layers.set(event.id, event.status);
      if (Date.now() - lastNote < 1000) return;
      lastNote = Date.now();
      const done = [...layers.values()].filter((s) => /complete|already exists/i.test(s)).length;
      void noteStep(
        step,
        { layers: layers.size, done },
        `pulling: ${done} of ${layers.size} layers done`,
      ).catch(() => {});
    },
  });
  if (!outcome.ok) {
    await endStep(step, 'failed', `pull failed: ${outcome.message}`);
    throw new Error(`pull failed on ${conn.name}: ${outcome.message}`);
  }
  await endStep(step, 'ok', `pulled ${run.row.digest.slice(0, 19)}…`, { layers: layers.size });
}

/** Volumes with a driver or options the engine would not make by itself on create. */
async function createVolumes(conn: HostConnection, spec: TServiceSpec): Promise<void> {
  for (const v of spec.volumes) {
    if (!v.driver && !v.driverOpts) continue;
    const missing = await inspectEngineVolume(conn, v.name).then(
      () => false,
      (error) => {
        if (isAppError(error) && error.code === 'NOT_FOUND') return true;
        throw error;
      },
    );
    if (missing) await createEngineVolume(conn, { name: v.name, driver: v.driver, options: v.driverOpts });
  }
}

/**
 * Creates the new container, stops the old one and keeps it (renamed, never restarted by the engine)
 * for a rollback, and starts the new one under the live name. Each fact needed to undo this is in the
 * step's detail before the change it describes is made.
 */
async function swap(run: Run, conn: HostConnection, step: StepHandle): Promise<HostSwap> {
  const { spec, row } = run;
  const live = liveName(spec);
  const old = await inspectOrNull(conn, live);
  let fastId: string | null = null;
  if (row.kind === 'rollback' && row.rollback_to_id) {
    // The target's own container, or one a later rollback to it started: same image, same config.
    const kept = (await serviceContainers(conn, spec)).find(
      (c) =>
        c.Id !== old?.Id &&
        (c.Labels?.[RELEASE_LABEL] === row.rollback_to_id ||
          (c.Labels?.[CONFIG_LABEL] === row.config_hash && c.Image === row.image)),
    );
    fastId = kept?.Id ?? null;
  }
  const result: HostSwap = {
    host: conn.name,
    oldId: old?.Id ?? null,
    oldRestartPolicy:
      (old?.HostConfig.RestartPolicy?.Name as TServiceSpec['restartPolicy'] | undefined) ?? null,
    newId: fastId,
    fast: fastId !== null,
  };
  await noteStep(
    step,
    { ...result },
    fastId ? 'starting the kept container of the target release' : 'creating the new container',
  );
  if (!fastId) {
    await createVolumes(conn, spec);
    const temp = newName(spec, row.number);
    const leftover = await inspectOrNull(conn, temp);
    if (leftover) await removeContainer(conn, leftover.Id);
    result.newId = await createContainer(
      conn,
      createOptions(
        spec,
        { id: row.id, number: row.number, image: row.image, configHash: row.config_hash },
        temp,
      ),
    );
    await noteStep(step, { newId: result.newId });
    await connectNetworks(conn, result.newId, spec.networks ?? []);
  }
  const newId = result.newId as string;
  if (old) {
    await noteStep(step, {}, `stopping ${live}`);
    await stopContainer(conn, old.Id, run.spec.stopTimeoutSeconds);
    await setRestartPolicy(conn, old.Id, 'no');
    const kept = keptName(spec, row.number);
    const stale = await inspectOrNull(conn, kept);
    if (stale && stale.Id !== old.Id) await removeContainer(conn, stale.Id);
    await renameContainer(conn, old.Id, kept);
    await keepLines(run, conn, old.Id, 'replaced').catch(() => {});
  }
  await renameContainer(conn, newId, live);
  if (fastId) await setRestartPolicy(conn, newId, spec.restartPolicy);
  await noteStep(step, {}, `starting ${live}`);
  await startContainer(conn, newId);
  return result;
}

/**
 * Puts a host back as it was before the swap: the release's container stopped, its last lines kept and
 * removed; the old container renamed back, its restart policy restored, started and verified.
 */
export async function undoSwap(
  run: Run,
  conn: HostConnection,
  swapped: HostSwap,
): Promise<{ ok: boolean; message: string }> {
  const step = await startStep(run.row.id, conn.name, 'rollback', 'restoring the previous container', {
    ...swapped,
  });
  const live = liveName(run.spec);
  try {
    if (swapped.newId) {
      const info = await inspectOrNull(conn, swapped.newId);
      if (info) {
        await stopContainer(conn, swapped.newId, run.spec.stopTimeoutSeconds);
        await keepLines(run, conn, swapped.newId, 'failed').catch(() => {});
        await removeContainer(conn, swapped.newId);
      }
    }
    // A first deploy has nothing to go back to; other orphans of this release go too.
    for (const c of await serviceContainers(conn, run.spec))
      if (c.Labels?.[RELEASE_LABEL] === run.row.id && !swapped.fast) await removeContainer(conn, c.Id);
    if (!swapped.oldId) {
      await endStep(step, 'ok', 'removed the new container; there was no previous one');
      return { ok: true, message: 'removed' };
    }
    const old = await inspectOrNull(conn, swapped.oldId);
    if (!old) throw new Error('the previous container is gone');
    if (old.Name.replace(/^\//, '') !== live) await renameContainer(conn, swapped.oldId, live);
    await setRestartPolicy(conn, swapped.oldId, swapped.oldRestartPolicy ?? run.spec.restartPolicy);
    await startContainer(conn, swapped.oldId);
    const oldSpec = await specOfContainer(old.Config.Labels, run.spec);
    const verdict = await verifyContainer(conn, swapped.oldId, oldSpec);
    await endStep(step, verdict.ok ? 'ok' : 'failed', `previous container: ${verdict.message}`);
    return verdict;
  } catch (error) {
    const message = `could not restore ${conn.name}: ${errorText(error)}`;
    await endStep(step, 'failed', message, { pending: true });
    return { ok: false, message };
  }
}

/** After every host is verified: keep exactly the previous container, remove older ones and leftovers. */
async function finishHost(run: Run, conn: HostConnection, swapped: HostSwap): Promise<void> {
  const step = await startStep(run.row.id, conn.name, 'finish', 'removing older containers');
  const keep = new Set([swapped.newId, swapped.oldId].filter(Boolean));
  const removed: string[] = [];
  try {
    for (const c of await serviceContainers(conn, run.spec)) {
      if (keep.has(c.Id)) continue;
      await removeContainer(conn, c.Id);
      removed.push((c.Names?.[0] ?? c.Id).replace(/^\//, ''));
    }
    await endStep(step, 'ok', removed.length ? `removed ${removed.join(', ')}` : 'nothing older to remove', {
      removed,
    });
  } catch (error) {
    // The release stands; a leftover stopped container is tidied by the next release.
    await endStep(step, 'failed', `could not remove older containers: ${errorText(error)}`, { removed });
  }
}

/** Rolls every swapped host back, newest first; true when each came back. */
async function undoAll(run: Run, swaps: { conn: HostConnection; swapped: HostSwap }[]): Promise<boolean> {
  let all = true;
  for (const { conn, swapped } of [...swaps].reverse()) {
    const verdict = await undoSwap(run, conn, swapped);
    all &&= verdict.ok;
  }
  return all;
}

export async function endRelease(
  run: Run,
  status: 'succeeded' | 'failed' | 'rolled_back' | 'interrupted',
  message: string,
  /** A host was left without its service: said loudly in the server log, not only in the audit. */
  unrestored = false,
): Promise<void> {
  await moveRelease(run.row.id, status, { finished_at: nowIso(), message });
  await writeAudit({
    actor: run.actor,
    via: 'system',
    action: status === 'failed' ? 'releases.failed' : `releases.${status}`,
    target: `${run.row.service_name}#${run.row.number}`,
    result: status === 'succeeded' || status === 'rolled_back' ? 'ok' : 'error',
    status: 0,
    detail: { releaseId: run.row.id, digest: run.row.digest, message },
  });
  if (unrestored)
    console.error(`[wharf] ALERT release ${run.row.service_name}#${run.row.number} failed: ${message}`);
}

const globalForEngine = globalThis as unknown as { wharfRunningReleases?: Set<string> };
globalForEngine.wharfRunningReleases ??= new Set();
const runningHere = globalForEngine.wharfRunningReleases;

/** Whether this process is running the release now (its lease may look dead while the process is busy). */
export function isRunningHere(releaseId: string): boolean {
  return runningHere.has(releaseId);
}

/**
 * Runs a release that is `running` and whose lock this process holds: preflight every host, then per
 * host back up, pull, swap and verify, one host at a time. A failure rolls back that host and every
 * host before it. The lock is renewed while it runs and released at the end.
 */
export async function runRelease(releaseId: string, actor: string): Promise<void> {
  runningHere.add(releaseId);
  const row = await releaseRow(releaseId).catch((error) => {
    runningHere.delete(releaseId);
    throw error;
  });
  const run: Run = { row, spec: releaseSpec(row), actor };
  let lost = false;
  const heartbeat = setInterval(() => {
    renewLock(row.service_id, row.id)
      .then((held) => {
        if (!held) lost = true;
      })
      .catch(() => {});
  }, heartbeatMs());
  const swaps: { conn: HostConnection; swapped: HostSwap }[] = [];
  try {
    const conns: HostConnection[] = [];
    const present = new Map<string, boolean>();
    for (const host of run.spec.hosts) {
      const step = await startStep(row.id, host, 'preflight', 'checking the host');
      let problems: string[];
      try {
        const conn = await connectionFor(host);
        conns.push(conn);
        const pre = await preflightHost(conn, run.spec, row);
        present.set(conn.id, pre.imagePresent);
        problems = pre.problems;
        await endStep(
          step,
          pre.ok ? 'ok' : 'failed',
          pre.ok ? pre.notes.join('; ') || 'ready' : pre.problems.join('; '),
          {
            notes: pre.notes,
            problems: pre.problems,
          },
        );
      } catch (error) {
        problems = [errorText(error)];
        await endStep(step, 'failed', problems[0] as string);
      }
      if (problems.length)
        return await endRelease(
          run,
          'failed',
          `preflight failed on ${host}: ${problems.join('; ')}; nothing was changed`,
        );
    }
    for (const conn of conns) {
      let step: StepHandle | null = null;
      try {
        if (lost) throw new Error('the release lock was lost');
        await backupVolumes(run, conn);
        await pullImage(run, conn, present.get(conn.id) === true);
        step = await startStep(row.id, conn.name, 'swap', 'swapping the container');
        const swapped = await swap(run, conn, step);
        swaps.push({ conn, swapped });
        await endStep(step, 'ok', swapped.fast ? 'started the kept container' : 'started the new container');
        const verify = await startStep(row.id, conn.name, 'verify', 'waiting until healthy');
        const verdict = await verifyContainer(conn, swapped.newId as string, run.spec, {
          onProgress: () => {},
        });
        await endStep(verify, verdict.ok ? 'ok' : 'failed', verdict.message);
        if (!verdict.ok)
          throw new Error(
            verdict.message.startsWith(conn.name) ? verdict.message : `${conn.name}: ${verdict.message}`,
          );
      } catch (error) {
        if (step && !swaps.some((s) => s.conn === conn)) {
          // The swap itself failed part way: undo what its detail says it did.
          await endStep(step, 'failed', errorText(error));
          swaps.push({ conn, swapped: step.detail as unknown as HostSwap });
        }
        const restored = await undoAll(run, swaps);
        return await endRelease(
          run,
          restored ? 'rolled_back' : 'failed',
          restored
            ? `${errorText(error)}; rolled back, the previous version runs again`
            : `${errorText(error)}; the rollback did not restore every host: see the rollback steps`,
          !restored,
        );
      }
    }
    for (const { conn, swapped } of swaps) await finishHost(run, conn, swapped);
    await endRelease(
      run,
      'succeeded',
      `deployed ${row.tag ?? row.digest.slice(0, 19)} to ${run.spec.hosts.join(', ')}`,
    );
  } catch (error) {
    // A failure of Wharf's own bookkeeping: leave the release running; reconcile finishes it.
    console.error(`[wharf] release ${row.id} stopped unexpectedly`, error);
  } finally {
    clearInterval(heartbeat);
    runningHere.delete(releaseId);
    await releaseLock(row.service_id, row.id).catch(() => {});
  }
}
