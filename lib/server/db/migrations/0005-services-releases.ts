import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  // A service's spec is JSON with its secret values taken out; they are stored encrypted apart.
  await db.schema
    .createTable('services')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('secret_env_enc', 'text')
    .addColumn('config_hash', 'varchar(80)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('releases')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('service_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('tag', 'varchar(128)')
    .addColumn('digest', 'varchar(200)', (c) => c.notNull())
    .addColumn('image', 'varchar(800)', (c) => c.notNull())
    .addColumn('git_revision', 'varchar(128)')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secret_env_enc', 'text')
    .addColumn('config_hash', 'varchar(80)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('hotfix', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('requested_by_id', 'varchar(32)')
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('approved_by', 'varchar(128)')
    .addColumn('approved_at', 'varchar(32)')
    .addColumn('approval_expires_at', 'varchar(32)')
    .addColumn('approval_used', 'integer', (c) => c.notNull())
    .addColumn('rejected_by', 'varchar(128)')
    .addColumn('reject_reason', 'text')
    .addColumn('cancelled_by', 'varchar(128)')
    .addColumn('rollback_to_id', 'varchar(32)')
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('releases_service_number', ['service_id', 'number'])
    .execute();
  await db.schema.createIndex('releases_status').on('releases').column('status').execute();

  await db.schema
    .createTable('release_steps')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('release_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('host', 'varchar(64)')
    .addColumn('step', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('release_steps_release').on('release_steps').column('release_id').execute();

  // The last lines of containers a release replaced or that failed, kept after the container is gone.
  await db.schema
    .createTable('release_logs')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('release_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('host', 'varchar(64)', (c) => c.notNull())
    .addColumn('container', 'varchar(256)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('release_logs_release').on('release_logs').column('release_id').execute();

  // One release at a time per service: a row per held lock, with a lease renewed by a heartbeat.
  await db.schema
    .createTable('release_locks')
    .addColumn('service_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('release_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('holder', 'varchar(128)', (c) => c.notNull())
    .addColumn('instance', 'varchar(64)', (c) => c.notNull())
    .addColumn('acquired_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('freeze_windows')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('service', 'varchar(64)')
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
