import type { Kysely } from 'kysely'

/** The signing key of a standalone tool storage (the server keeps its keys in `signing_keys`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tool_signing_keys')
    .addColumn('slot', 'text', (col) => col.primaryKey())
    .addColumn('kid', 'text', (col) => col.notNull().unique())
    .addColumn('alg', 'text', (col) => col.notNull())
    .addColumn('public_jwk', 'text', (col) => col.notNull())
    .addColumn('private_jwk_sealed', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tool_signing_keys').execute()
}
