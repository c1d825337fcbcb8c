import 'server-only';
import { AppError } from '@/lib/errors';
import { diffConfigs } from '@/lib/releases/config';
import { canMove, sourcesOf } from '@/lib/releases/state';
import type { TServiceSpec } from '@/lib/schemas/services';
import type { TLogLine } from '@/lib/types/logs';
import type {
  TConfigDiff,
  TKeptLog,
  TRelease,
  TReleaseBrief,
  TReleaseKind,
  TReleaseStatus,
  TReleaseStep,
  TStepName,
  TStepStatus,
} from '@/lib/types/releases';
import { getDb, nowIso } from '../db';
import type { ReleaseRow, ReleaseStepRow } from '../db/schema';
import { newId } from '../ids';
import { fingerprintSpec, maskSpec, openSpec } from '../services/store';

export function toBrief(row: ReleaseRow): TReleaseBrief {
  return {
    id: row.id,
    service: row.service_name,
    number: row.number,
    kind: row.kind as TReleaseKind,
    status: row.status as TReleaseStatus,
    tag: row.tag,
    digest: row.digest,
    gitRevision: row.git_revision,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    approvedBy: row.approved_by,
    finishedAt: row.finished_at,
  };
}

function toStep(row: ReleaseStepRow): TReleaseStep {
  return {
    id: row.id,
    host: row.host,
    step: row.step as TStepName,
    status: row.status as TStepStatus,
    message: row.message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The spec a release deploys, secrets included: for the engine only. */
export function releaseSpec(row: ReleaseRow): TServiceSpec {
  return openSpec(row.config, row.secret_env_enc);
}

export function toRelease(row: ReleaseRow, steps: ReleaseStepRow[], rollbackTo: ReleaseRow | null): TRelease {
  const started = row.started_at ? Date.parse(row.started_at) : null;
  const finished = row.finished_at ? Date.parse(row.finished_at) : null;
  return {
    ...toBrief(row),
    image: row.image,
    note: row.note,
    hotfix: row.hotfix === 1,
    configHash: row.config_hash,
    approvedAt: row.approved_at,
    approvalExpiresAt: row.approval_expires_at,
    rejectedBy: row.rejected_by,
    rejectReason: row.reject_reason,
    cancelledBy: row.cancelled_by,
    startedAt: row.started_at,
    durationMs: started !== null && finished !== null ? finished - started : null,
    message: row.message,
    rollbackTo: rollbackTo ? { id: rollbackTo.id, number: rollbackTo.number } : null,
    steps: steps.map(toStep),
    config: maskSpec(releaseSpec(row)),
  };
}

export async function releaseRow(id: string): Promise<ReleaseRow> {
  const db = await getDb();
  const row = await db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no release ${id}`);
  return row;
}

/** Releases with their steps, in the order given. */
export async function withSteps(rows: ReleaseRow[]): Promise<TRelease[]> {
  if (rows.length === 0) return [];
  const db = await getDb();
  const ids = rows.map((r) => r.id);
  const steps = await db
    .selectFrom('release_steps')
    .selectAll()
    .where('release_id', 'in', ids)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  const targetIds = [...new Set(rows.map((r) => r.rollback_to_id).filter((x): x is string => x !== null))];
  const targets = targetIds.length
    ? await db.selectFrom('releases').selectAll().where('id', 'in', targetIds).execute()
    : [];
  return rows.map((row) =>
    toRelease(
      row,
      steps.filter((s) => s.release_id === row.id),
      targets.find((t) => t.id === row.rollback_to_id) ?? null,
    ),
  );
}

export async function getRelease(id: string): Promise<TRelease> {
  const [release] = await withSteps([await releaseRow(id)]);
  return release as TRelease;
}

export async function listReleases(filter: {
  serviceId?: string;
  statuses?: TReleaseStatus[];
  limit: number;
}): Promise<TRelease[]> {
  const db = await getDb();
  let query = db.selectFrom('releases').selectAll();
  if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
  if (filter.statuses?.length) query = query.where('status', 'in', filter.statuses);
  const rows = await query
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return withSteps(rows);
}

/**
 * Moves a release to `to` only from a status that may lead there, and only if it is still in one of
 * them: a compare-and-set, so two instances never both take one step. Written before the side effect.
 */
export async function moveRelease(
  id: string,
  to: TReleaseStatus,
  patch: Partial<Omit<ReleaseRow, 'id' | 'status'>> = {},
  from: TReleaseStatus[] = sourcesOf(to),
): Promise<ReleaseRow> {
  const db = await getDb();
  const allowed = from.filter((f) => canMove(f, to));
  const result = await db
    .updateTable('releases')
    .set({ ...patch, status: to, updated_at: nowIso() })
    .where('id', '=', id)
    .where('status', 'in', allowed)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const now = await releaseRow(id);
    throw new AppError(
      'CONFLICT',
      `release ${now.number} of ${now.service_name} is ${now.status.replace('_', ' ')}; it cannot become ${to.replace('_', ' ')}`,
    );
  }
  return releaseRow(id);
}

export type StepHandle = { id: string; detail: Record<string, unknown> };

export async function startStep(
  releaseId: string,
  host: string | null,
  step: TStepName,
  message: string,
  detail: Record<string, unknown> = {},
): Promise<StepHandle> {
  const db = await getDb();
  const id = newId();
  await db
    .insertInto('release_steps')
    .values({
      id,
      release_id: releaseId,
      host,
      step,
      status: 'running',
      message,
      detail: JSON.stringify(detail),
      started_at: nowIso(),
      finished_at: null,
    })
    .execute();
  return { id, detail };
}

/** Records progress of a running step (pull progress, the container ids a swap made). */
export async function noteStep(
  step: StepHandle,
  detail: Record<string, unknown>,
  message?: string,
): Promise<void> {
  Object.assign(step.detail, detail);
  const db = await getDb();
  await db
    .updateTable('release_steps')
    .set({ detail: JSON.stringify(step.detail), ...(message === undefined ? {} : { message }) })
    .where('id', '=', step.id)
    .execute();
}

export async function endStep(
  step: StepHandle,
  status: Exclude<TStepStatus, 'running'>,
  message: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  Object.assign(step.detail, detail);
  const db = await getDb();
  await db
    .updateTable('release_steps')
    .set({ status, message, detail: JSON.stringify(step.detail), finished_at: nowIso() })
    .where('id', '=', step.id)
    .execute();
}

export async function stepsOf(releaseId: string): Promise<ReleaseStepRow[]> {
  const db = await getDb();
  return db
    .selectFrom('release_steps')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
}

export async function keepLog(entry: Omit<TKeptLog, 'id' | 'capturedAt'>): Promise<void> {
  const db = await getDb();
  await db
    .insertInto('release_logs')
    .values({
      id: newId(),
      release_id: entry.releaseId,
      host: entry.host,
      container: entry.container,
      kind: entry.kind,
      lines: JSON.stringify(entry.lines),
      captured_at: nowIso(),
    })
    .execute();
}

export async function keptLogs(releaseId: string): Promise<TKeptLog[]> {
  const db = await getDb();
  const rows = await db
    .selectFrom('release_logs')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('captured_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    releaseId: r.release_id,
    host: r.host,
    container: r.container,
    kind: r.kind as TKeptLog['kind'],
    lines: JSON.parse(r.lines) as TLogLine[],
    capturedAt: r.captured_at,
  }));
}

/** The config of a release against the last release of the service that succeeded before it; secrets masked. */
export async function releaseDiff(id: string): Promise<TConfigDiff> {
  const row = await releaseRow(id);
  const db = await getDb();
  const before = await db
    .selectFrom('releases')
    .selectAll()
    .where('service_id', '=', row.service_id)
    .where('number', '<', row.number)
    .where('status', '=', 'succeeded')
    .orderBy('number', 'desc')
    .executeTakeFirst();
  return {
    from: before ? { id: before.id, number: before.number } : null,
    to: { id: row.id, number: row.number },
    changes: diffConfigs(
      before ? fingerprintSpec(releaseSpec(before)) : null,
      fingerprintSpec(releaseSpec(row)),
    ),
  };
}
