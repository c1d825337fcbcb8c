import 'server-only';
import { sql } from 'kysely';
import { databaseDialect, getDb } from './db';
import { WHARF_VERSION } from './env';

export async function getHealth(): Promise<{
  status: 'ok' | 'degraded';
  db: { dialect: string; ok: boolean; error?: string };
  version: string;
}> {
  const dialect = databaseDialect();
  try {
    const db = await getDb();
    await sql`select 1`.execute(db);
    return { status: 'ok', db: { dialect, ok: true }, version: WHARF_VERSION };
  } catch (error) {
    console.error('[wharf] health: database check failed', error);
    return {
      status: 'degraded',
      db: { dialect, ok: false, error: 'the database does not answer' },
      version: WHARF_VERSION,
    };
  }
}
