import 'server-only';
import { AppError } from '@/lib/errors';
import type { THost } from '@/lib/types/fleet';
import { decryptSecret } from '../crypto';
import { getDb } from '../db';
import type { HostRow } from '../db/schema';
import type { HostConnection } from '../docker/client';
import { certInfo } from './tls';

export const DEFAULT_HOST_TIMEOUT_MS = 5000;

export async function allHostRows(): Promise<HostRow[]> {
  const db = await getDb();
  return db.selectFrom('hosts').selectAll().orderBy('name').execute();
}

/** A host by id or unique name. */
export async function findHostRow(ref: string): Promise<HostRow> {
  const db = await getDb();
  const row = await db
    .selectFrom('hosts')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no host named ${ref}`);
  return row;
}

export function transportOf(url: string, hasTls: boolean): THost['transport'] {
  if (url.startsWith('unix:')) return 'unix';
  return hasTls ? 'tls' : 'tcp';
}

function safeCertInfo(pem: string | null) {
  if (!pem) return null;
  try {
    return certInfo(pem);
  } catch {
    return null;
  }
}

/** The public view of a host: certificate fingerprints and expiry, never the key. */
export function toHost(row: HostRow): THost {
  const hasTls = Boolean(row.tls_key_enc);
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    transport: transportOf(row.url, hasTls),
    labels: JSON.parse(row.labels) as Record<string, string>,
    timeoutMs: row.timeout_ms,
    tls: hasTls ? { ca: safeCertInfo(row.tls_ca), cert: safeCertInfo(row.tls_cert) } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toConnection(row: HostRow): HostConnection {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    tls:
      row.tls_key_enc && row.tls_ca && row.tls_cert
        ? { ca: row.tls_ca, cert: row.tls_cert, key: decryptSecret(row.tls_key_enc) }
        : null,
    timeoutMs: row.timeout_ms,
    version: `${row.url}|${row.updated_at}`,
  };
}

export async function connectionFor(ref: string): Promise<HostConnection> {
  return toConnection(await findHostRow(ref));
}

export async function allConnections(): Promise<HostConnection[]> {
  return (await allHostRows()).map(toConnection);
}
