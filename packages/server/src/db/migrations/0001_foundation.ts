import { createNoncesTable } from '@ltihub/kysely/sql'
import { type Kysely, sql } from 'kysely'

/**
 * Tables every instance needs whatever its roles: instance settings, single-use nonces and the
 * signing keys of the platform and tool roles (kept apart by `purpose`).
 * Timestamps are epoch milliseconds in BIGINT columns on both dialects.
 */
// Migrations take Kysely<any> on purpose: they must keep working when today's types change.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()

  // The one DDL of `nonces`, shared with @ltihub/kysely's standalone storages.
  await createNoncesTable(db)

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) =>
      col.notNull().check(sql`purpose in ('platform', 'tool')`),
    )
    .addColumn('alg', 'text', (col) => col.notNull())
    .addColumn('generation', 'integer', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('next', 'current', 'retiring')`),
    )
    .addColumn('public_jwk', 'text', (col) => col.notNull())
    .addColumn('private_jwk_sealed', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('state_changed_at', 'bigint', (col) => col.notNull())
    .execute()
  // Generations order a purpose's keys exactly (timestamps tie under a frozen or coarse clock).
  await db.schema
    .createIndex('signing_keys_generation_idx')
    .on('signing_keys')
    .columns(['purpose', 'generation'])
    .unique()
    .execute()
  // At most one key signs and one waits per purpose; the database enforces it, not only the code.
  await db.schema
    .createIndex('signing_keys_one_current_idx')
    .on('signing_keys')
    .column('purpose')
    .unique()
    .where(sql.ref('state'), '=', 'current')
    .execute()
  await db.schema
    .createIndex('signing_keys_one_next_idx')
    .on('signing_keys')
    .column('purpose')
    .unique()
    .where(sql.ref('state'), '=', 'next')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signing_keys').execute()
  await db.schema.dropTable('nonces').execute()
  await db.schema.dropTable('settings').execute()
}
