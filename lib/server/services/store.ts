import 'server-only';
import { createHmac } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { canonicalJson } from '@/lib/releases/config';
import {
  adminOnlyAsks,
  type TServiceSpec,
  type TServiceSpecInput,
  ZServiceSpec,
} from '@/lib/schemas/services';
import { SECRET_MASK, type TService } from '@/lib/types/releases';
import { decryptSecret, deriveSecret, encryptSecret, sha256Hex } from '../crypto';
import { getDb, nowIso } from '../db';
import type { ServiceRow } from '../db/schema';
import { newId } from '../ids';

/** A saved service with its secrets, for the release engine only: never answered to a client. */
export type ServiceRecord = {
  id: string;
  name: string;
  spec: TServiceSpec;
  configHash: string;
  row: ServiceRow;
};

let hashKey: string | undefined;

/** A keyed hash of a secret value: equal values compare equal, and the value cannot be guessed back. */
function secretFingerprint(name: string, value: string): string {
  hashKey ??= deriveSecret('wharf-config-hash-v1');
  return createHmac('sha256', hashKey).update(`${name}\0${value}`).digest('hex').slice(0, 32);
}

/** The spec with every secret value replaced by its keyed hash: what config hashes and diffs read. */
export function fingerprintSpec(spec: TServiceSpec): TServiceSpec {
  const secretEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.secretEnv)) secretEnv[k] = secretFingerprint(k, v);
  return { ...spec, secretEnv };
}

/** What an approval is bound to: the whole config, secret values included through their keyed hash. */
export function configHash(spec: TServiceSpec): string {
  return `sha256:${sha256Hex(canonicalJson(fingerprintSpec(spec)))}`;
}

export function maskSpec(spec: TServiceSpec): TServiceSpec {
  const secretEnv: Record<string, string> = {};
  for (const k of Object.keys(spec.secretEnv)) secretEnv[k] = SECRET_MASK;
  return { ...spec, secretEnv };
}

/** Splits a spec into the stored JSON (secret values emptied) and the encrypted secret values. */
export function sealSpec(spec: TServiceSpec): { json: string; secrets: string | null } {
  const secretEnv: Record<string, string> = {};
  for (const k of Object.keys(spec.secretEnv)) secretEnv[k] = '';
  const secrets = Object.keys(spec.secretEnv).length ? encryptSecret(JSON.stringify(spec.secretEnv)) : null;
  return { json: JSON.stringify({ ...spec, secretEnv }), secrets };
}

export function openSpec(json: string, secrets: string | null): TServiceSpec {
  const spec = ZServiceSpec.parse(JSON.parse(json));
  const values = secrets ? (JSON.parse(decryptSecret(secrets)) as Record<string, string>) : {};
  const secretEnv: Record<string, string> = {};
  for (const k of Object.keys(spec.secretEnv)) secretEnv[k] = values[k] ?? '';
  return { ...spec, secretEnv };
}

function toRecord(row: ServiceRow): ServiceRecord {
  return {
    id: row.id,
    name: row.name,
    spec: openSpec(row.spec, row.secret_env_enc),
    configHash: row.config_hash,
    row,
  };
}

export function toService(record: ServiceRecord): TService {
  const { row } = record;
  return {
    id: row.id,
    name: row.name,
    spec: maskSpec(record.spec),
    configHash: row.config_hash,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export async function listServiceRecords(): Promise<ServiceRecord[]> {
  const db = await getDb();
  const rows = await db.selectFrom('services').selectAll().orderBy('name').execute();
  return rows.map(toRecord);
}

export async function findServiceRecord(name: string): Promise<ServiceRecord> {
  const db = await getDb();
  const row = await db
    .selectFrom('services')
    .selectAll()
    .where((eb) => eb.or([eb('name', '=', name), eb('id', '=', name)]))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `no service named ${name}`);
  return toRecord(row);
}

/**
 * Checks what the actor's role may ask for, and fills secret values sent as the mask from the saved
 * spec, so that a spec read back from the API or exported as YAML can be saved again as it is.
 */
export function prepareSpec(
  input: TServiceSpecInput | TServiceSpec,
  actor: { isAdmin: boolean },
  saved: TServiceSpec | null,
): TServiceSpec {
  const spec = ZServiceSpec.parse(input);
  const secretEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.secretEnv)) {
    if (v !== SECRET_MASK) secretEnv[k] = v;
    else if (saved && k in saved.secretEnv) secretEnv[k] = saved.secretEnv[k] as string;
    else
      throw new AppError(
        'BAD_INPUT',
        `secretEnv.${k}: give the value; ${SECRET_MASK} keeps a saved value only`,
      );
  }
  const prepared = { ...spec, secretEnv };
  if (!actor.isAdmin) {
    const asks = adminOnlyAsks(prepared);
    if (asks.length)
      throw new AppError('FORBIDDEN', `only an admin may ask for ${asks.join('; ')}`, { asks });
  }
  return prepared;
}

export async function createService(spec: TServiceSpec, actor: string): Promise<ServiceRecord> {
  const db = await getDb();
  const now = nowIso();
  const sealed = sealSpec(spec);
  const taken = await db.selectFrom('services').select('id').where('name', '=', spec.name).executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', `a service named ${spec.name} exists already`);
  const row: ServiceRow = {
    id: newId(),
    name: spec.name,
    spec: sealed.json,
    secret_env_enc: sealed.secrets,
    config_hash: configHash(spec),
    created_by: actor,
    created_at: now,
    updated_by: actor,
    updated_at: now,
  };
  try {
    await db.insertInto('services').values(row).execute();
  } catch (error) {
    if (/unique|duplicate/i.test(String(error)))
      throw new AppError('CONFLICT', `a service named ${spec.name} exists already`);
    throw error;
  }
  return toRecord(row);
}

export async function updateService(
  record: ServiceRecord,
  spec: TServiceSpec,
  actor: string,
): Promise<ServiceRecord> {
  if (spec.name !== record.name)
    throw new AppError(
      'BAD_INPUT',
      `name: a service keeps its name (${record.name}); create a new one instead`,
    );
  const db = await getDb();
  const sealed = sealSpec(spec);
  const update = {
    spec: sealed.json,
    secret_env_enc: sealed.secrets,
    config_hash: configHash(spec),
    updated_by: actor,
    updated_at: nowIso(),
  };
  await db.updateTable('services').set(update).where('id', '=', record.id).execute();
  return toRecord({ ...record.row, ...update });
}

export async function deleteService(record: ServiceRecord): Promise<void> {
  const db = await getDb();
  const active = await db
    .selectFrom('releases')
    .select(['number', 'status'])
    .where('service_id', '=', record.id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (active)
    throw new AppError(
      'CONFLICT',
      `release ${active.number} of ${record.name} is ${active.status}; wait for it to end`,
    );
  // Requests waiting for a lead cannot run any more: they end, saying why.
  const now = nowIso();
  await db
    .updateTable('releases')
    .set({
      status: 'cancelled',
      finished_at: now,
      updated_at: now,
      message: 'cancelled: the service was deleted',
    })
    .where('service_id', '=', record.id)
    .where('status', '=', 'pending_approval')
    .execute();
  await db.deleteFrom('services').where('id', '=', record.id).execute();
}
