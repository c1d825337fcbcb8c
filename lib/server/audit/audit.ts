import 'server-only';
import type { TAuditQuery } from '@/lib/schemas/audit';
import type { TAuditItem } from '@/lib/types/access';
import { getDb, nowIso } from '../db';
import type { AuditRow } from '../db/schema';
import { newId } from '../ids';

export type AuditEntry = {
  actor: string;
  actorId?: string | null;
  via: AuditRow['via'];
  action: string;
  target?: string | null;
  result: AuditRow['result'];
  status: number;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
};

/** Appends one entry. The audit log has no update or delete. */
export async function writeAudit(entry: AuditEntry): Promise<void> {
  const db = await getDb();
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      actor: entry.actor.slice(0, 100),
      actor_id: entry.actorId ?? null,
      via: entry.via,
      action: entry.action.slice(0, 100),
      target: entry.target?.slice(0, 300) ?? null,
      result: entry.result,
      status: entry.status,
      detail: entry.detail ? JSON.stringify(entry.detail).slice(0, 8000) : null,
      ip: entry.ip?.slice(0, 64) ?? null,
    })
    .execute();
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Newest first, `limit` at a time; `nextCursor` continues where the page ended. */
export async function queryAudit(
  query: TAuditQuery,
): Promise<{ items: TAuditItem[]; nextCursor: string | null }> {
  const db = await getDb();
  const limit = query.limit ?? 100;
  let q = db.selectFrom('audit_log').selectAll();
  if (query.actor) q = q.where('actor', '=', query.actor);
  if (query.action) q = q.where('action', 'like', likePattern(query.action));
  if (query.target) q = q.where('target', 'like', likePattern(query.target));
  if (query.result) q = q.where('result', '=', query.result);
  if (query.since) q = q.where('at', '>=', new Date(query.since).toISOString());
  if (query.until) q = q.where('at', '<=', new Date(query.until).toISOString());
  if (query.cursor) q = q.where('id', '<', query.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      ...r,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
