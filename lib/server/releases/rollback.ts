import 'server-only';
import { AppError } from '@/lib/errors';
import type { TRelease, TRollbackability } from '@/lib/types/releases';
import type { Principal } from '../auth/principal';
import { getDb } from '../db';
import type { ReleaseRow } from '../db/schema';
import { connectionFor } from '../hosts/store';
import type { ServiceRecord } from '../services/store';
import { RELEASE_LABEL, serviceContainers } from './host-ops';
import { assertLockFree } from './lock';
import { digestInRegistry, imageOnHost } from './preflight';
import { insertRelease, startOrCancel } from './request';
import { getRelease, releaseRow, releaseSpec } from './store';

async function succeededReleases(serviceId: string): Promise<ReleaseRow[]> {
  const db = await getDb();
  return db
    .selectFrom('releases')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('status', '=', 'succeeded')
    .orderBy('number', 'desc')
    .execute();
}

/** The release a rollback goes to: the one named, or the last that succeeded before the current one. */
export async function rollbackTarget(record: ServiceRecord, toRelease?: number): Promise<ReleaseRow> {
  const good = await succeededReleases(record.id);
  if (toRelease !== undefined) {
    const db = await getDb();
    const row = await db
      .selectFrom('releases')
      .selectAll()
      .where('service_id', '=', record.id)
      .where('number', '=', toRelease)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `${record.name} has no release ${toRelease}`);
    if (row.status !== 'succeeded')
      throw new AppError(
        'BAD_INPUT',
        `release ${toRelease} ${row.status.replace('_', ' ')}; roll back only to a release that succeeded`,
      );
    if (good[0]?.id === row.id)
      throw new AppError('BAD_INPUT', `release ${toRelease} is the current release`);
    return row;
  }
  const target = good[1];
  if (!target)
    throw new AppError('BAD_INPUT', `${record.name} has no earlier release that succeeded to roll back to`);
  return target;
}

/**
 * One-click rollback: a new release of kind `rollback` with the target's exact digest and config. A
 * lead asks for it, so it needs no second approval, and it runs at once (the audit entry says who).
 */
export async function rollbackService(
  record: ServiceRecord,
  body: { toRelease?: number; note: string },
  principal: Principal,
): Promise<TRelease> {
  const target = await rollbackTarget(record, body.toRelease);
  await assertLockFree(record.id);
  const row = await insertRelease(
    record,
    {
      kind: 'rollback',
      status: 'queued',
      tag: target.tag,
      digest: target.digest,
      image: target.image,
      git_revision: target.git_revision,
      config: target.config,
      secret_env_enc: target.secret_env_enc,
      config_hash: target.config_hash,
      note: body.note || `roll back to release ${target.number}`,
      hotfix: 0,
      rollback_to_id: target.id,
    },
    principal,
  );
  await startOrCancel(row, principal.username);
  return getRelease(row.id);
}

/** Whether a past release can be rolled back to now, host by host, and the data backups that go with it. */
export async function rollbackability(id: string): Promise<TRollbackability> {
  const row = await releaseRow(id);
  const spec = releaseSpec(row);
  const hosts: TRollbackability['hosts'] = [];
  let inRegistry: boolean | null | undefined;
  for (const host of spec.hosts) {
    try {
      const conn = await connectionFor(host);
      const kept = (await serviceContainers(conn, spec)).some((c) => c.Labels?.[RELEASE_LABEL] === row.id);
      if (await imageOnHost(conn, row.image)) {
        hosts.push({ host, image: 'on-host', keptContainer: kept });
        continue;
      }
      inRegistry ??= await digestInRegistry(spec, row.digest).catch(() => false);
      hosts.push({ host, image: inRegistry ? 'in-registry' : 'missing', keptContainer: kept });
    } catch {
      hosts.push({ host, image: 'missing', keptContainer: false });
    }
  }
  const missing = hosts.filter((h) => h.image === 'missing').map((h) => h.host);
  const db = await getDb();
  const next = await db
    .selectFrom('releases')
    .select(['id', 'number'])
    .where('service_id', '=', row.service_id)
    .where('number', '>', row.number)
    .where('started_at', 'is not', null)
    .orderBy('number')
    .executeTakeFirst();
  const around = [row.id, ...(next ? [next.id] : [])];
  const backups = await db
    .selectFrom('backups')
    .select(['id', 'host_name', 'volume', 'created_at', 'release_id'])
    .where('release_id', 'in', around)
    .orderBy('created_at', 'desc')
    .execute();
  return {
    releaseId: row.id,
    possible: row.status === 'succeeded' && missing.length === 0,
    hosts,
    message:
      row.status !== 'succeeded'
        ? `release ${row.number} did not succeed; roll back only to one that did`
        : missing.length
          ? `the image is neither on ${missing.join(', ')} nor in a registry Wharf can pull from`
          : 'the image can be had on every host',
    backups: backups.map((b) => ({
      id: b.id,
      host: b.host_name,
      volume: b.volume,
      createdAt: b.created_at,
      takenBeforeRelease: b.release_id === row.id ? row.number : (next?.number ?? row.number),
    })),
  };
}
