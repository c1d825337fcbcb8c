import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  // Host ports planned for services; an empty host_ip covers every address of the host.
  await db.schema
    .createTable('port_reservations')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('host_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('proto', 'varchar(8)', (c) => c.notNull())
    .addColumn('host_ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('service', 'varchar(64)')
    .addColumn('note', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('port_reservations_unique', ['host_id', 'port', 'proto', 'host_ip'])
    .execute();
}
