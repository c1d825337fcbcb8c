import 'server-only';
import { scopeOf } from '@/lib/ports/claims';
import type { TPortClaim, TPortProto } from '@/lib/types/ports';
import { getDb } from '../db';
import type { HostConnection } from '../docker/client';

type SavedSpec = {
  name?: unknown;
  hosts?: unknown;
  containerName?: unknown;
  ports?: { host?: unknown; container?: unknown; proto?: unknown; hostIp?: unknown }[];
};

const asProto = (p: unknown): TPortProto => (p === 'udp' || p === 'sctp' ? p : 'tcp');

/**
 * The host ports that saved service specs ask for on the host: one claim per spec port of every service
 * whose hosts name this one (by name or id). Reads only the stored JSON, never the secrets.
 */
export async function specClaims(conn: HostConnection): Promise<TPortClaim[]> {
  const db = await getDb();
  const rows = await db.selectFrom('services').select(['id', 'name', 'spec']).execute();
  const out: TPortClaim[] = [];
  for (const row of rows) {
    let spec: SavedSpec;
    try {
      spec = JSON.parse(row.spec) as SavedSpec;
    } catch {
      continue;
    }
    const hosts = Array.isArray(spec.hosts) ? spec.hosts : [];
    if (!hosts.includes(conn.name) && !hosts.includes(conn.id)) continue;
    const container = typeof spec.containerName === 'string' ? spec.containerName : row.name;
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      if (typeof p.host !== 'number') continue;
      const hostIp = typeof p.hostIp === 'string' ? p.hostIp : '';
      out.push({
        hostIp,
        scope: scopeOf(hostIp),
        port: p.host,
        proto: asProto(p.proto),
        containerPort: typeof p.container === 'number' ? p.container : null,
        state: 'claimed',
        chosen: 'spec',
        holder: { kind: 'spec', id: row.id, name: row.name, service: row.name, container },
      });
    }
  }
  return out;
}
