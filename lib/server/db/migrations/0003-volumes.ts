import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  // Protection set in Wharf by a lead or admin, or lifted by an admin (lifted = 1), with its reason; the
  // label protects without a row.
  await db.schema
    .createTable('volume_protections')
    .addColumn('host_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('volume', 'varchar(255)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('lifted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_protections_pk', ['host_id', 'volume'])
    .execute();

  // The index of finished backups; a file is listed here only once it is complete and checksummed.
  await db.schema
    .createTable('backups')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('host_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('host_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('volume', 'varchar(255)', (c) => c.notNull())
    .addColumn('file', 'varchar(512)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('release_id', 'varchar(64)')
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backups_volume')
    .on('backups')
    .columns(['host_id', 'volume', 'created_at'])
    .execute();
}
