import 'server-only';
import type { TServiceSummary } from '@/lib/types/releases';
import { getDb } from '../db';
import type { ServiceRecord } from '../services/store';
import { toService } from '../services/store';
import { activeFreeze } from './freeze';
import { toBrief } from './store';

/** Each service with its current release (the last that succeeded), the one in progress, and its freeze. */
export async function summarizeServices(records: ServiceRecord[]): Promise<TServiceSummary[]> {
  if (records.length === 0) return [];
  const db = await getDb();
  const ids = records.map((r) => r.id);
  const succeeded = await db
    .selectFrom('releases')
    .selectAll()
    .where('service_id', 'in', ids)
    .where('status', '=', 'succeeded')
    .orderBy('number', 'desc')
    .execute();
  const open = await db
    .selectFrom('releases')
    .selectAll()
    .where('service_id', 'in', ids)
    .where('status', 'in', ['pending_approval', 'queued', 'running'])
    .orderBy('number', 'desc')
    .execute();
  return Promise.all(
    records.map(async (record) => {
      const current = succeeded.find((r) => r.service_id === record.id);
      const mine = open.filter((r) => r.service_id === record.id);
      const active = mine.find((r) => r.status !== 'pending_approval') ?? mine[0];
      return {
        ...toService(record),
        current: current ? toBrief(current) : null,
        active: active ? toBrief(active) : null,
        pendingApprovals: mine.filter((r) => r.status === 'pending_approval').length,
        frozen: await activeFreeze(record.name),
      };
    }),
  );
}
