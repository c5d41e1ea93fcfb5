import type { Kysely } from 'kysely'
import type { ToolDatabase } from './schema.js'

/** A connection or a transaction (a `Transaction` is a `Kysely`): repositories take either. */
export type Db = Kysely<ToolDatabase>

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

/**
 * The handle as the stores type it. Kysely types a larger schema (the ltihub server's, or an
 * integrator's) as unrelated, though every table the stores use is in it: `DB extends
 * ToolDatabase` checks that, and the cast only forgets the other tables.
 */
export function narrow<DB extends ToolDatabase>(db: Kysely<DB>): Db {
  return db as unknown as Db
}
