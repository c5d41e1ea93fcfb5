import type { Kysely } from 'kysely'

/** `nonces`: single-use values per scope, until they expire. The value is stored as its SHA-256. */
export interface NoncesTable {
  scope: string
  /** base64url SHA-256 of the value: fixed length whatever the caller sends. */
  value_sha256: string
  /** Epoch ms. */
  expires_at: number
}

export interface NonceTables {
  nonces: NoncesTable
}

/** Creates `nonces` (the one DDL of the table: the server's foundation migration runs it too). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function createNoncesTable(db: Kysely<any>, ifNotExists = false): Promise<void> {
  let table = db.schema
    .createTable('nonces')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('value_sha256', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('nonces_pkey', ['scope', 'value_sha256'])
  if (ifNotExists) table = table.ifNotExists()
  await table.execute()
  let index = db.schema.createIndex('nonces_expires_at_idx').on('nonces').column('expires_at')
  if (ifNotExists) index = index.ifNotExists()
  await index.execute()
}
