import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registries')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('url', 'varchar(512)', (c) => c.notNull())
    .addColumn('username', 'varchar(256)')
    .addColumn('password_enc', 'text')
    .addColumn('token_hosts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  // Every digest Wharf has seen for a tag, so a tag that moves (above all a Git-SHA tag) is caught.
  await db.schema
    .createTable('tag_digests')
    .addColumn('repository', 'varchar(512)', (c) => c.notNull())
    .addColumn('tag', 'varchar(128)', (c) => c.notNull())
    .addColumn('digest', 'varchar(80)', (c) => c.notNull())
    .addColumn('source', 'varchar(100)', (c) => c.notNull())
    .addColumn('first_seen', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_digests_pk', ['repository', 'tag', 'digest'])
    .execute();
}
