import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { Database } from '../../db/schema.js'

/**
 * Reads one instance setting and validates it with `schema`. A stored value that no longer fits
 * the schema (an older format) reads as `undefined` rather than as a wrongly typed value.
 */
export async function readSetting<T extends z.ZodType>(
  db: Kysely<Database>,
  key: string,
  schema: T,
): Promise<z.output<T> | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst()
  if (row === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(row.value)
  } catch {
    return undefined
  }
  const result = schema.safeParse(parsed)
  return result.success ? result.data : undefined
}

/** Stores one instance setting as JSON (insert or replace, in one statement). */
export async function writeSetting(
  db: Kysely<Database>,
  key: string,
  value: unknown,
  now: number,
): Promise<void> {
  const json = JSON.stringify(value)
  if (json === undefined) throw new TypeError(`setting ${key} is not JSON-serialisable`)
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: now })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: json, updated_at: now }))
    .execute()
}

/**
 * Stores `value` only when `key` is absent, atomically; returns the value that is stored after
 * the call (the given one, or the one another process stored first).
 */
export async function writeSettingOnce<T extends z.ZodType>(
  db: Kysely<Database>,
  key: string,
  value: z.input<T>,
  schema: T,
  now: number,
): Promise<z.output<T>> {
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_at: now })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute()
  const stored = await readSetting(db, key, schema)
  if (stored === undefined) throw new TypeError(`setting ${key} holds a value of another shape`)
  return stored
}
