import 'server-only';
import type { DigestSeen } from '@/lib/images/drift';
import { tagKey } from '@/lib/images/drift';
import { getDb } from '@/lib/server/db';

export type DigestObservation = { repository: string; tag: string; digest: string; source: string };

/** How often an unchanged observation refreshes its `last_seen`; new digests are written at once. */
const REFRESH_MS = 10 * 60_000;
const globalForHistory = globalThis as unknown as { wharfTagsSeen?: Map<string, number> };
globalForHistory.wharfTagsSeen ??= new Map();
const written = globalForHistory.wharfTagsSeen;

/** Records the digests seen for tags, so a tag that moves is caught even after every host has moved on. */
export async function recordDigests(observations: DigestObservation[]): Promise<void> {
  const now = Date.now();
  const fresh = observations.filter((o) => {
    const at = written.get(`${tagKey(o.repository, o.tag)}@${o.digest}`);
    return at === undefined || now - at > REFRESH_MS;
  });
  if (fresh.length === 0) return;
  const seen = new Date(now).toISOString();
  const unique = new Map(fresh.map((o) => [`${tagKey(o.repository, o.tag)}@${o.digest}`, o]));
  const db = await getDb();
  await db.transaction().execute(async (trx) => {
    for (const o of unique.values()) {
      await trx
        .insertInto('tag_digests')
        .values({
          repository: o.repository,
          tag: o.tag,
          digest: o.digest,
          source: o.source,
          first_seen: seen,
          last_seen: seen,
        })
        .onConflict((oc) => oc.columns(['repository', 'tag', 'digest']).doUpdateSet({ last_seen: seen }))
        .execute();
    }
  });
  for (const key of unique.keys()) written.set(key, now);
}

/** Every digest seen for the given tags, oldest first, by tag key. */
export async function digestHistory(
  tags: { repository: string; tag: string }[],
): Promise<Map<string, DigestSeen[]>> {
  const out = new Map<string, DigestSeen[]>();
  if (tags.length === 0) return out;
  const repositories = [...new Set(tags.map((t) => t.repository))];
  const wanted = new Set(tags.map((t) => tagKey(t.repository, t.tag)));
  const db = await getDb();
  const rows = [];
  for (let i = 0; i < repositories.length; i += 200) {
    rows.push(
      ...(await db
        .selectFrom('tag_digests')
        .select(['repository', 'tag', 'digest', 'first_seen'])
        .where('repository', 'in', repositories.slice(i, i + 200))
        .orderBy('first_seen')
        .execute()),
    );
  }
  for (const row of rows) {
    const key = tagKey(row.repository, row.tag);
    if (!wanted.has(key)) continue;
    out.set(key, [...(out.get(key) ?? []), { digest: row.digest, firstSeen: row.first_seen }]);
  }
  return out;
}

/** Forgets the in-process memory of what was written, so the next observation is written again. */
export function resetTagHistoryMemory(): void {
  written.clear();
}
