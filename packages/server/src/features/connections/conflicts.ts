import { HttpProblem } from '../../http/problems.js'
import { fieldErrors } from './fields.js'

/**
 * A write the stored data refuses: a duplicate name, a school already in another connection of
 * the application, a consumer key in use. Carries the field and a message the console and the
 * API show as they are; never a secret.
 */
export class ConnectionConflict extends Error {
  override readonly name = 'ConnectionConflict'
  readonly field: string

  constructor(field: string, message: string) {
    super(message)
    this.field = field
  }
}

/** Whether `error` is a unique-constraint violation (PostgreSQL 23505, SQLite UNIQUE/PK). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false
  const { code } = error as { code: unknown }
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}

/** Turns a refused write into a 400 naming the field (or a bare 409 for a lost race). */
export async function conflictsAsProblems<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!(error instanceof ConnectionConflict)) throw error
    if (error.field === '') throw new HttpProblem(409, error.message)
    throw fieldErrors([{ path: error.field, message: error.message }])
  }
}
