/**
 * JSON columns: written from typed values, read back through a zod schema so a damaged row is a
 * loud error, never a wrongly typed value.
 */
import { ALL_SCOPES, type Scope } from '@ltihub/core'
import { z } from 'zod'

export const stringMap = z.record(z.string(), z.string())
export const stringList = z.array(z.string())
export const jwkObject = z.record(z.string(), z.unknown())
export const scopeList = z
  .array(z.string())
  .transform((values) =>
    values.filter((value): value is Scope => (ALL_SCOPES as readonly string[]).includes(value)),
  )

/** Reads a JSON column with its schema; a row that does not parse is corrupt (TypeError). */
export function readJson<T extends z.ZodType>(
  schema: T,
  text: string,
  column: string,
): z.output<T> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new TypeError(`column ${column} holds malformed JSON`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new TypeError(`column ${column} holds unexpected JSON`)
  return parsed.data
}

/** Reads a nullable JSON column. */
export function readOptionalJson<T extends z.ZodType>(
  schema: T,
  text: string | null,
  column: string,
): z.output<T> | undefined {
  return text === null ? undefined : readJson(schema, text, column)
}

export const flag = (value: boolean): number => (value ? 1 : 0)
