import 'server-only';
import { AppError, isAppError } from '@/lib/errors';
import { approvalProblem } from '@/lib/releases/state';
import type { TRequestRelease } from '@/lib/schemas/releases';
import type { TRelease } from '@/lib/types/releases';
import type { Principal } from '../auth/principal';
import { getDb, nowIso } from '../db';
import type { ReleaseRow } from '../db/schema';
import { getEnv } from '../env';
import { newId } from '../ids';
import { findServiceRecord, type ServiceRecord, sealSpec } from '../services/store';
import { runRelease } from './engine';
import { activeFreeze } from './freeze';
import { acquireLock, assertLockFree, releaseLock } from './lock';
import { currentDigest, resolveImage } from './resolve';
import { getRelease, moveRelease, releaseRow } from './store';

type NewRelease = Pick<
  ReleaseRow,
  | 'kind'
  | 'tag'
  | 'digest'
  | 'image'
  | 'git_revision'
  | 'config'
  | 'secret_env_enc'
  | 'config_hash'
  | 'note'
  | 'hotfix'
  | 'rollback_to_id'
> & { status: 'pending_approval' | 'queued' };

/** Inserts a release with the service's next number; two requests at once get two numbers. */
export async function insertRelease(
  record: ServiceRecord,
  fields: NewRelease,
  principal: Principal,
): Promise<ReleaseRow> {
  const db = await getDb();
  for (let attempt = 0; ; attempt++) {
    const last = await db
      .selectFrom('releases')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('service_id', '=', record.id)
      .executeTakeFirst();
    const now = nowIso();
    const row: ReleaseRow = {
      id: newId(),
      service_id: record.id,
      service_name: record.name,
      number: Number(last?.n ?? 0) + 1,
      ...fields,
      requested_by: principal.username,
      requested_by_id: principal.userId,
      requested_at: now,
      approved_by: null,
      approved_at: null,
      approval_expires_at: null,
      approval_used: 0,
      rejected_by: null,
      reject_reason: null,
      cancelled_by: null,
      started_at: null,
      finished_at: null,
      message: fields.status === 'pending_approval' ? 'waiting for a lead to approve' : 'queued',
      updated_at: now,
    };
    try {
      await db.insertInto('releases').values(row).execute();
      return row;
    } catch (error) {
      if (attempt < 5 && /unique|duplicate/i.test(String(error))) continue;
      throw error;
    }
  }
}

/**
 * Starts a queued release now: takes the service's lock (409 naming the running release), checks that
 * an approval still holds for this exact digest and config and that no freeze forbids it, moves it to
 * `running` and runs it in the background. A check that can never pass again cancels the release.
 */
export async function startRelease(id: string, actor: string): Promise<void> {
  const row = await releaseRow(id);
  if (row.status !== 'queued')
    throw new AppError(
      'CONFLICT',
      `release ${row.number} of ${row.service_name} is ${row.status.replace('_', ' ')}, not queued`,
    );
  await acquireLock(row.service_id, row.id, actor);
  let handedOver = false;
  try {
    const record = await findServiceRecord(row.service_id);
    if (row.kind === 'deploy') {
      const freeze = await activeFreeze(row.service_name);
      if (freeze && !(row.hotfix === 1 && row.approved_by))
        throw new AppError(
          'CONFLICT',
          `deploys of ${row.service_name} are frozen until ${freeze.endsAt} (${freeze.reason}); only a hotfix approved by a lead runs`,
        );
      if (row.approved_by) {
        const now = row.tag ? await currentDigest(record.spec, row.tag) : row.digest;
        const problem = approvalProblem(
          {
            approvedBy: row.approved_by,
            approvalUsed: row.approval_used === 1,
            approvalExpiresAt: row.approval_expires_at,
            digest: row.digest,
            configHash: row.config_hash,
          },
          { digest: now, configHash: record.configHash, at: Date.now() },
        );
        if (problem) {
          await moveRelease(row.id, 'cancelled', { finished_at: nowIso(), message: `not run: ${problem}` });
          throw new AppError(
            'CONFLICT',
            `release ${row.number} of ${row.service_name} cannot run: ${problem}`,
          );
        }
      }
    }
    // The approval is spent in the same write that starts the release.
    await moveRelease(
      row.id,
      'running',
      { started_at: nowIso(), approval_used: row.approved_by ? 1 : 0, message: 'running' },
      ['queued'],
    );
    handedOver = true;
    void runRelease(row.id, actor);
  } finally {
    if (!handedOver) await releaseLock(row.service_id, row.id).catch(() => {});
  }
}

/** `POST /services/{name}/releases`: resolves the image now and stores the exact digest and config. */
export async function requestRelease(
  record: ServiceRecord,
  body: TRequestRelease,
  principal: Principal,
): Promise<TRelease> {
  const resolved = await resolveImage(record.spec, { tag: body.tag, digest: body.digest });
  const freeze = await activeFreeze(record.name);
  if (freeze && !body.hotfix)
    throw new AppError(
      'CONFLICT',
      `deploys of ${record.name} are frozen until ${freeze.endsAt} (${freeze.reason}); request it as a hotfix for a lead to approve`,
    );
  const needsApproval = record.spec.requiresApproval || freeze !== null;
  if (!needsApproval) await assertLockFree(record.id);
  const sealed = sealSpec(record.spec);
  const row = await insertRelease(
    record,
    {
      kind: 'deploy',
      status: needsApproval ? 'pending_approval' : 'queued',
      tag: resolved.tag,
      digest: resolved.digest,
      image: resolved.image,
      git_revision: resolved.gitRevision,
      config: sealed.json,
      secret_env_enc: sealed.secrets,
      config_hash: record.configHash,
      note: body.note,
      hotfix: body.hotfix ? 1 : 0,
      rollback_to_id: null,
    },
    principal,
  );
  if (!needsApproval) await startOrCancel(row, principal.username);
  return getRelease(row.id);
}

/** Starts a release nobody has to approve; if another one took the service first, this one is cancelled. */
export async function startOrCancel(row: ReleaseRow, actor: string): Promise<void> {
  try {
    await startRelease(row.id, actor);
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') {
      await moveRelease(
        row.id,
        'cancelled',
        { finished_at: nowIso(), message: `not run: ${error.message}` },
        ['queued'],
      ).catch(() => {});
    }
    throw error;
  }
}

export async function approveRelease(id: string, principal: Principal, note: string): Promise<TRelease> {
  const row = await releaseRow(id);
  if (row.status !== 'pending_approval')
    throw new AppError(
      'CONFLICT',
      `release ${row.number} of ${row.service_name} is ${row.status.replace('_', ' ')}, not waiting for approval`,
    );
  if (row.requested_by_id === principal.userId || row.requested_by === principal.username)
    throw new AppError('FORBIDDEN', 'nobody approves their own request: another lead must approve it');
  const now = Date.now();
  await moveRelease(row.id, 'queued', {
    approved_by: principal.username,
    approved_at: new Date(now).toISOString(),
    approval_expires_at: new Date(now + getEnv().WHARF_APPROVAL_TTL_HOURS * 3_600_000).toISOString(),
    message: note ? `approved: ${note}` : 'approved',
  });
  try {
    await startRelease(row.id, principal.username);
  } catch (error) {
    const current = await releaseRow(row.id);
    // Another release holds the service: the approved release waits its turn in the queue.
    if (!(isAppError(error) && error.code === 'CONFLICT' && current.status === 'queued')) throw error;
    await (await getDb())
      .updateTable('releases')
      .set({ message: `approved; waits: ${error.message}` })
      .where('id', '=', row.id)
      .execute();
  }
  return getRelease(row.id);
}

export async function rejectRelease(id: string, principal: Principal, reason: string): Promise<TRelease> {
  await moveRelease(id, 'rejected', {
    rejected_by: principal.username,
    reject_reason: reason,
    finished_at: nowIso(),
    message: `rejected by ${principal.username}: ${reason}`,
  });
  return getRelease(id);
}

export async function cancelRelease(id: string, principal: Principal, reason: string): Promise<TRelease> {
  const row = await releaseRow(id);
  if (row.status === 'running')
    throw new AppError(
      'CONFLICT',
      `release ${row.number} is running; wait for it to end, then roll back if needed`,
    );
  await moveRelease(id, 'cancelled', {
    cancelled_by: principal.username,
    finished_at: nowIso(),
    message: `cancelled by ${principal.username}${reason ? `: ${reason}` : ''}`,
  });
  return getRelease(id);
}
