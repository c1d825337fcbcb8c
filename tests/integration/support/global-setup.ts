import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** A fixed secret for test runs only; never used outside the test database. */
export const TEST_SECRET = 'wharf-integration-tests-secret-0123456789abcdef';

declare module 'vitest' {
  export interface ProvidedContext {
    wharfEnv: { WHARF_SECRET: string; WHARF_DATA_DIR: string; DATABASE_URL: string };
  }
}

/** Empties a throwaway PostgreSQL database so each pass starts from the migrations. */
async function resetPostgres(url: string): Promise<void> {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) {
    throw new Error(
      `DATABASE_URL names the database "${name}": the integration tests wipe it, so they only run on a database whose name contains "test" (scripts/pg.sh start makes one)`,
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-it-'));
  const databaseUrl = process.env.DATABASE_URL ?? '';
  if (databaseUrl) await resetPostgres(databaseUrl);
  const env = { WHARF_SECRET: TEST_SECRET, WHARF_DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
  Object.assign(process.env, env);
  if (!databaseUrl) delete process.env.DATABASE_URL;
  project.provide('wharfEnv', env);
  console.log(
    `[wharf tests] database: ${databaseUrl ? `PostgreSQL ${new URL(databaseUrl).host}` : `SQLite in ${dataDir}`}`,
  );
  return () => {
    if (!process.env.WHARF_KEEP_TEST_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
