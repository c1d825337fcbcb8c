import 'server-only';
import { AppError } from '@/lib/errors';
import type { TCreateHost, TUpdateHost } from '@/lib/schemas/hosts';
import type { TEngineInfo, THost, THostResult, THostSummary } from '@/lib/types/fleet';
import { encryptSecret } from '../crypto';
import { getDb, nowIso } from '../db';
import type { HostRow } from '../db/schema';
import { invalidateHost } from '../docker/cache';
import { forgetDocker, type HostConnection, temporaryDocker } from '../docker/client';
import { fanOut } from '../docker/fanout';
import { newId } from '../ids';
import { identifyEngine, probeHost } from './probe';
import { allHostRows, DEFAULT_HOST_TIMEOUT_MS, findHostRow, toConnection, toHost } from './store';
import { checkTlsMaterial } from './tls';

export async function listHosts(): Promise<THost[]> {
  return (await allHostRows()).map(toHost);
}

export async function getHost(ref: string): Promise<THost> {
  return toHost(await findHostRow(ref));
}

/** Connects with the given settings and says who answered; nothing is saved. */
export async function testHostConnection(conn: HostConnection): Promise<TEngineInfo> {
  const url = new URL(conn.url);
  if (
    url.protocol === 'tcp:' &&
    !conn.tls &&
    !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)
  ) {
    throw new AppError(
      'BAD_INPUT',
      'a remote tcp:// host needs TLS material (CA, client certificate and key): plain TCP gives root to anyone on the network',
    );
  }
  if (conn.tls) checkTlsMaterial(conn.tls);
  const { docker, close } = temporaryDocker(conn);
  try {
    const { images: _images, ...engine } = await identifyEngine(docker, conn);
    return engine;
  } finally {
    close();
  }
}

async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const db = await getDb();
  const clash = await db.selectFrom('hosts').select('id').where('name', '=', name).executeTakeFirst();
  if (clash && clash.id !== exceptId) throw new AppError('CONFLICT', `a host named ${name} already exists`);
}

/** Tests the connection first; a host that does not answer as a Docker engine is not saved. */
export async function createHost(input: TCreateHost): Promise<THost & { engine: TEngineInfo }> {
  await assertNameFree(input.name);
  const id = newId();
  const now = nowIso();
  const row: HostRow = {
    id,
    name: input.name,
    url: input.url,
    tls_ca: input.tls?.ca ?? null,
    tls_cert: input.tls?.cert ?? null,
    tls_key_enc: input.tls ? encryptSecret(input.tls.key) : null,
    labels: JSON.stringify(input.labels ?? {}),
    timeout_ms: input.timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS,
    created_at: now,
    updated_at: now,
  };
  const engine = await testHostConnection({
    id,
    name: input.name,
    url: input.url,
    tls: input.tls ?? null,
    timeoutMs: row.timeout_ms,
    version: 'test',
  });
  const db = await getDb();
  try {
    await db.insertInto('hosts').values(row).execute();
  } catch (error) {
    if (/unique|duplicate/i.test(String(error)))
      throw new AppError('CONFLICT', `a host named ${input.name} already exists`);
    throw error;
  }
  return { ...toHost(row), engine };
}

export async function updateHost(ref: string, input: TUpdateHost): Promise<THost> {
  const current = await findHostRow(ref);
  if (input.name && input.name !== current.name) await assertNameFree(input.name, current.id);
  const next: HostRow = { ...current, updated_at: nowIso() };
  if (input.name) next.name = input.name;
  if (input.url) next.url = input.url;
  if (input.labels) next.labels = JSON.stringify(input.labels);
  if (input.timeoutMs) next.timeout_ms = input.timeoutMs;
  if (input.tls === null) {
    next.tls_ca = null;
    next.tls_cert = null;
    next.tls_key_enc = null;
  } else if (input.tls) {
    next.tls_ca = input.tls.ca;
    next.tls_cert = input.tls.cert;
    next.tls_key_enc = encryptSecret(input.tls.key);
  }
  if (next.url.startsWith('unix:') && next.tls_key_enc) {
    throw new AppError('BAD_INPUT', 'a unix socket takes no TLS material: send "tls": null with the new URL');
  }
  const connectionChanged =
    input.url !== undefined || input.tls !== undefined || input.timeoutMs !== undefined;
  if (connectionChanged) await testHostConnection({ ...toConnection(next), version: 'test' });
  const db = await getDb();
  await db.updateTable('hosts').set(next).where('id', '=', current.id).execute();
  forgetDocker(current.id);
  invalidateHost(current.id);
  return toHost(next);
}

/** Forgets the host; the engine and its containers are not touched. */
export async function deleteHost(ref: string): Promise<{ id: string; name: string }> {
  const row = await findHostRow(ref);
  const db = await getDb();
  await db.deleteFrom('hosts').where('id', '=', row.id).execute();
  forgetDocker(row.id);
  invalidateHost(row.id);
  return { id: row.id, name: row.name };
}

function toSummary(row: HostRow, result: THostResult<Awaited<ReturnType<typeof probeHost>>>): THostSummary {
  const host = toHost(row);
  const checkedAt = nowIso();
  if (result.ok) return { ...host, status: 'up', latencyMs: result.ms, checkedAt, ...result.data };
  const status = result.error.code === 'HOST_TIMEOUT' ? 'timeout' : 'down';
  return { ...host, status, latencyMs: result.ms, checkedAt, error: result.error };
}

/** Every host with its state, engine and counts; each host answers within its own deadline. */
export async function fleetOverview(): Promise<THostSummary[]> {
  const rows = await allHostRows();
  const results = await fanOut(rows.map(toConnection), probeHost);
  return results.map((result, i) => toSummary(rows[i] as HostRow, result));
}

export async function hostSummary(ref: string): Promise<THostSummary> {
  const row = await findHostRow(ref);
  const [result] = await fanOut([toConnection(row)], probeHost);
  return toSummary(row, result as THostResult<Awaited<ReturnType<typeof probeHost>>>);
}
