import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/schema.js'

/** A connection or a transaction: repositories take either. */
export type Db = Kysely<Database> | Transaction<Database>

/** Boolean → the 0/1 SQLite and PostgreSQL both store. */
export const bit = (value: boolean): number => (value ? 1 : 0)

/** The row value, or absent when NULL (exactOptionalPropertyTypes forbids `undefined` fields). */
export function opt<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V }
}

/** JSON text stored by this feature (never user-supplied JSON), parsed back. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T
}
