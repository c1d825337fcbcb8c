import 'server-only';
import { AppError } from '@/lib/errors';
import { DOCKER_HUB, tryParseReference } from '@/lib/images/reference';
import type { TCreateRegistry, TUpdateRegistry } from '@/lib/schemas/registries';
import type { TRegistry } from '@/lib/types/registries';
import { encryptSecret } from '../crypto';
import { getDb, nowIso } from '../db';
import type { RegistryRow } from '../db/schema';
import { newId } from '../ids';
import { pingRegistry } from './api';
import { forgetRegistryAuth, RegistryAuthError } from './auth';
import {
  connFromRow,
  DEFAULT_REGISTRY_TIMEOUT_MS,
  DOCKER_HUB_HOSTS,
  parseTokenHosts,
  type RegistrySettings,
  trialConn,
} from './conn';

/** The public view of a registry: whether it has a password, never the password. */
export function toRegistry(row: RegistryRow): TRegistry {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    username: row.username,
    hasPassword: Boolean(row.password_enc),
    tokenHosts: parseTokenHosts(row.token_hosts),
    timeoutMs: row.timeout_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function allRegistryRows(): Promise<RegistryRow[]> {
  const db = await getDb();
  return db.selectFrom('registries').selectAll().orderBy('name').execute();
}

export async function listRegistries(): Promise<TRegistry[]> {
  return (await allRegistryRows()).map(toRegistry);
}

/** A registry by id or unique name. */
export async function findRegistryRow(ref: string): Promise<RegistryRow> {
  const db = await getDb();
  const row = await db
    .selectFrom('registries')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no registry named ${ref}`);
  return row;
}

export async function getRegistry(ref: string): Promise<TRegistry> {
  return toRegistry(await findRegistryRow(ref));
}

/**
 * Connects with the given settings (`GET /v2/` with the credentials, through the token flow where the
 * registry asks for it); nothing is saved. Refused credentials, a realm that may not be followed and a
 * URL that is no registry are bad input; an unreachable or slow registry is 502 or 504.
 */
export async function testRegistryConnection(settings: RegistrySettings): Promise<void> {
  try {
    await pingRegistry(trialConn(settings));
  } catch (error) {
    if (error instanceof RegistryAuthError || (error instanceof AppError && error.code === 'NOT_FOUND')) {
      throw new AppError('BAD_INPUT', `${error.message}; nothing was saved`);
    }
    if (error instanceof AppError) throw new AppError(error.code, `${error.message}; nothing was saved`);
    throw error;
  }
}

function settingsOf(row: RegistryRow, password: string | null): RegistrySettings {
  return {
    name: row.name,
    url: row.url,
    username: row.username,
    password,
    tokenHosts: parseTokenHosts(row.token_hosts),
    timeoutMs: row.timeout_ms,
  };
}

async function assertNameFree(name: string): Promise<void> {
  const db = await getDb();
  const clash = await db.selectFrom('registries').select('id').where('name', '=', name).executeTakeFirst();
  if (clash) throw new AppError('CONFLICT', `a registry named ${name} already exists`);
}

/** Tests the connection first; a registry that does not answer with these credentials is not saved. */
export async function createRegistry(input: TCreateRegistry): Promise<TRegistry> {
  await assertNameFree(input.name);
  const now = nowIso();
  const row: RegistryRow = {
    id: newId(),
    name: input.name,
    url: input.url,
    username: input.username ?? null,
    password_enc: input.password ? encryptSecret(input.password) : null,
    token_hosts: JSON.stringify([...new Set(input.tokenHosts ?? [])]),
    timeout_ms: input.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS,
    created_at: now,
    updated_at: now,
  };
  await testRegistryConnection(settingsOf(row, input.password ?? null));
  const db = await getDb();
  try {
    await db.insertInto('registries').values(row).execute();
  } catch (error) {
    if (/unique|duplicate/i.test(String(error)))
      throw new AppError('CONFLICT', `a registry named ${input.name} already exists`);
    throw error;
  }
  return toRegistry(row);
}

/** Changes the connection settings; the new settings are tested before they are saved. */
export async function updateRegistry(ref: string, input: TUpdateRegistry): Promise<TRegistry> {
  const current = await findRegistryRow(ref);
  const next: RegistryRow = { ...current, updated_at: nowIso() };
  if (input.url !== undefined) next.url = input.url;
  if (input.username !== undefined) next.username = input.username;
  if (input.password !== undefined) next.password_enc = input.password ? encryptSecret(input.password) : null;
  if (input.tokenHosts !== undefined) next.token_hosts = JSON.stringify([...new Set(input.tokenHosts)]);
  if (input.timeoutMs !== undefined) next.timeout_ms = input.timeoutMs;
  if (next.password_enc && !next.username) {
    throw new AppError('BAD_INPUT', 'username: a password needs a username');
  }
  await testRegistryConnection(connSettings(next));
  const db = await getDb();
  await db.updateTable('registries').set(next).where('id', '=', current.id).execute();
  forgetRegistryAuth(current.id);
  return toRegistry(next);
}

function connSettings(row: RegistryRow): RegistrySettings {
  const conn = connFromRow(row);
  return settingsOf(row, conn.password);
}

/** Forgets the registry and its credentials. */
export async function deleteRegistry(ref: string): Promise<{ id: string; name: string }> {
  const row = await findRegistryRow(ref);
  const db = await getDb();
  await db.deleteFrom('registries').where('id', '=', row.id).execute();
  forgetRegistryAuth(row.id);
  return { id: row.id, name: row.name };
}

/**
 * The configured registry that serves an image reference's domain (`127.0.0.1:5055`, `docker.io`): the
 * one whose URL has that `host[:port]`; Docker Hub's names all match `docker.io`. The oldest wins.
 */
export async function registryForDomain(domain: string): Promise<RegistryRow | null> {
  const wanted = domain.toLowerCase();
  const rows = await allRegistryRows();
  const matches = rows.filter((row) => {
    const host = new URL(row.url).host.toLowerCase();
    return host === wanted || (wanted === DOCKER_HUB && DOCKER_HUB_HOSTS.has(host));
  });
  matches.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  return matches[0] ?? null;
}

/**
 * The credentials the engine needs to pull `ref` (Docker's authconfig), from the registry configured
 * for its domain, or null when none is configured or it has no credentials. Server-side only.
 */
export async function authForReference(
  ref: string,
): Promise<{ username: string; password: string; serveraddress: string } | null> {
  const parsed = tryParseReference(ref);
  if (!parsed) return null;
  const row = await registryForDomain(parsed.domain);
  if (!row?.username) return null;
  const conn = connFromRow(row);
  return {
    username: row.username,
    password: conn.password ?? '',
    serveraddress: parsed.domain === DOCKER_HUB ? 'https://index.docker.io/v1/' : parsed.domain,
  };
}
