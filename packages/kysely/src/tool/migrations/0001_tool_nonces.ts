import type { Kysely } from 'kysely'
import { createNoncesTable } from '../../sql/nonce-table.js'

/**
 * `nonces` of a standalone tool storage (the server creates it in its foundation migration).
 * If-not-exists: a platform storage on the same database creates the same table.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await createNoncesTable(db, true)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('nonces').ifExists().execute()
}
