import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { dataDir, getEnv } from '../env';
import * as foundation from './migrations/0001-foundation';
import * as imagesRegistries from './migrations/0002-images-registries';
import * as volumes from './migrations/0003-volumes';
import * as portReservations from './migrations/0004-port-reservations';
import * as servicesReleases from './migrations/0005-services-releases';
import type { Database } from './schema';
import { markDatabaseError } from './unavailable';

const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-images-registries': imagesRegistries,
  '0003-volumes': volumes,
  '0004-port-reservations': portReservations,
  '0005-services-releases': servicesReleases,
};

const globalForDb = globalThis as unknown as { wharfDb?: Promise<Kysely<Database>> };

async function createDialect(): Promise<SqliteDialect | PostgresDialect> {
  const url = getEnv().DATABASE_URL;
  if (url) {
    const { Pool } = await import('pg');
    // A connection that cannot be opened within 5 s fails the call instead of holding it.
    const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle connection the server closed (a restart) is dropped by the pool, which then emits
    // 'error': without a listener that would be an uncaught exception. The next query opens a new one.
    pool.on('error', (error) => {
      console.error(`[wharf] database: an idle connection was closed: ${error.message}`);
    });
    return new PostgresDialect({
      pool: {
        connect: () => pool.connect().catch((error: unknown) => Promise.reject(markDatabaseError(error))),
        end: () => pool.end(),
      },
    });
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const dir = dataDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = new Sqlite(path.join(dir, 'wharf.db'));
  file.pragma('journal_mode = WAL');
  file.pragma('busy_timeout = 5000');
  file.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: file });
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/** The database, migrated. Migrations run once per process, on first use. */
export function getDb(): Promise<Kysely<Database>> {
  if (!globalForDb.wharfDb) {
    const opening = (async () => {
      const db = new Kysely<Database>({ dialect: await createDialect() });
      await migrate(db);
      return db;
    })();
    // A database that could not be opened is tried again on the next call, not remembered as broken.
    opening.catch(() => {
      if (globalForDb.wharfDb === opening) globalForDb.wharfDb = undefined;
    });
    globalForDb.wharfDb = opening;
  }
  return globalForDb.wharfDb;
}

export function databaseDialect(): 'sqlite' | 'postgres' {
  return getEnv().DATABASE_URL ? 'postgres' : 'sqlite';
}

/** Closes the pool; used by tests and on shutdown. */
export async function closeDb(): Promise<void> {
  const pending = globalForDb.wharfDb;
  globalForDb.wharfDb = undefined;
  const db = await pending?.catch(() => undefined);
  await db?.destroy();
}

export function nowIso(): string {
  return new Date().toISOString();
}
