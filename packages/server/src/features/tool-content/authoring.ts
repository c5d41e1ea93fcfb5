/**
 * What every authoring write shares: one transaction per change that first locks the course row,
 * so two authors editing the same course (conditions, order, the grade activity, deleting) are
 * serialised and a change is written whole or not at all; and refusals that name the field.
 */
import type { Clock } from '@ltihub/core'
import type { Kysely, Selectable, Transaction } from 'kysely'
import type { Dialect } from '../../db/database.js'
import type { Database } from '../../db/schema.js'
import type { ToolCoursesTable } from '@ltihub/kysely/tool'

/** What the authoring functions need: the database, its dialect (row locks) and the clock. */
export interface Authoring {
  readonly db: Kysely<Database>
  readonly dialect: Dialect
  readonly clock: Clock
}

/**
 * A change the content model refuses: an unknown course or activity (404), or a rule (400: a
 * duplicate external ID, a cycle of conditions, deleting the grade activity). `field` names the
 * input at fault (`externalId`, `requires`; empty for the whole request); the message is public.
 */
export class ContentRefusal extends Error {
  override readonly name = 'ContentRefusal'
  readonly field: string
  readonly status: 400 | 404

  constructor(field: string, message: string, status: 400 | 404 = 400) {
    super(message)
    this.field = field
    this.status = status
  }
}

export type CourseRow = Selectable<ToolCoursesTable>

/** Locks the course for the rest of the transaction (PostgreSQL; SQLite writes one at a time). */
async function lockCourse(
  trx: Transaction<Database>,
  dialect: Dialect,
  courseId: string,
): Promise<CourseRow> {
  const query = trx.selectFrom('tool_courses').selectAll().where('id', '=', courseId)
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
  if (row === undefined) throw new ContentRefusal('course', 'no such course', 404)
  return row
}

/** Runs `work` in one transaction holding the course's lock; refuses an unknown course. */
export function inCourse<T>(
  authoring: Authoring,
  courseId: string,
  work: (trx: Transaction<Database>, course: CourseRow) => Promise<T>,
): Promise<T> {
  return authoring.db
    .transaction()
    .execute(async (trx) => work(trx, await lockCourse(trx, authoring.dialect, courseId)))
}

/** Whether `error` is a unique-constraint violation (PostgreSQL 23505, SQLite UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false
  const { code } = error as { code: unknown }
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

/** The next position at the end of a list (activities of a course, questions of a quiz). */
export function nextPosition(rows: readonly { readonly position: number }[]): number {
  return rows.reduce((max, row) => Math.max(max, row.position + 1), 0)
}

/** Moves `id` one place up or down in `ids` (unchanged at either end). */
export function moved(ids: readonly string[], id: string, direction: 'up' | 'down'): string[] {
  const from = ids.indexOf(id)
  const to = direction === 'up' ? from - 1 : from + 1
  const order = [...ids]
  if (from < 0 || to < 0 || to >= order.length) return order
  ;[order[from], order[to]] = [order[to] ?? id, order[from] ?? id]
  return order
}
