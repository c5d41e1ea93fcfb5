import type { Kysely } from 'kysely'

/**
 * Rate-limit counters shared by every process on the database (used when neither memory nor
 * Redis holds them): one row per key and window, incremented in one atomic upsert.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addColumn('window_ends_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('rate_limit_counters_window_ends_at_idx')
    .on('rate_limit_counters')
    .column('window_ends_at')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_counters').execute()
}
