import type { Kysely } from 'kysely'
import type { Database } from '../../../db/schema.js'

/** The database or a transaction: every store works on either. */
export type Db = Kysely<Database>

/** A new random id from the CSPRNG. */
export const newId = (): string => crypto.randomUUID()

/** `undefined` for SQL NULL, so optional properties stay absent (exactOptionalPropertyTypes). */
export function optional<K extends string, V>(
  key: K,
  value: V | null | undefined,
): Partial<Record<K, V>> {
  return value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}

/**
 * Runs `work` in a transaction unless `db` already is one (Kysely has no nested transactions):
 * a store that writes several rows stays atomic alone and joins a caller's transaction.
 */
export async function atomically<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db)
  return db.transaction().execute(work)
}
