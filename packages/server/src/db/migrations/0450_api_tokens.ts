import type { Kysely } from 'kysely'

/**
 * API tokens for the REST API (every instance): the token value is stored only as its SHA-256,
 * looked up by it at each request; the owner's tokens are listed by `owner_id`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('owner_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('digest', 'text', (col) => col.notNull().unique())
    .addColumn('scopes', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'text')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_address', 'text')
    .execute()
  await db.schema.createIndex('api_tokens_owner_idx').on('api_tokens').column('owner_id').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute()
}
