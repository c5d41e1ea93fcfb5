import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../db/schema.js'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import { type AssignmentRecord, assignmentOf, type GradeEntryRecord } from './model.js'
import type { GradeEntriesTable, ScoringType } from './table.js'

/** Assignments and the grade book entries of a section. */

type Db = Kysely<Database>

// Read on every launch and every score a tool posts: prepared once (`prepared` of @ltihub/kysely/sql).
const assignmentById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('assignments').selectAll().where('id', '=', p.id),
)

export async function findAssignment(
  db: Db,
  assignmentId: string,
): Promise<AssignmentRecord | undefined> {
  const row = await assignmentById.takeFirst(db, { id: assignmentId })
  return row === undefined ? undefined : assignmentOf(row)
}

/** A section's assignments by due date (undated last), then title. */
export async function listAssignments(db: Db, sectionId: string): Promise<AssignmentRecord[]> {
  const rows = await db
    .selectFrom('assignments')
    .selectAll()
    .where('section_id', '=', sectionId)
    .orderBy('title')
    .orderBy('id')
    .execute()
  return rows
    .map(assignmentOf)
    .sort((a, b) => (a.dueAt ?? Number.MAX_SAFE_INTEGER) - (b.dueAt ?? Number.MAX_SAFE_INTEGER))
}

/** Points possible go with points scoring only; anything else is a caller's bug. */
export type AssignmentScoring =
  | { readonly scoring: 'points'; readonly pointsPossible: number }
  | {
      readonly scoring: Exclude<ScoringType, 'points'>
      readonly pointsPossible?: null | undefined
    }

/** The scoring of a stored assignment (the check constraint guarantees points possible). */
export function scoringOf(record: AssignmentRecord): AssignmentScoring {
  if (record.scoring !== 'points') return { scoring: record.scoring }
  if (record.pointsPossible === null) throw new TypeError(`assignment ${record.id} lacks points`)
  return { scoring: 'points', pointsPossible: record.pointsPossible }
}

export type NewAssignment = AssignmentScoring & {
  readonly sectionId: string
  readonly title: string
  readonly summary?: string | null | undefined
  readonly dueAt?: number | null | undefined
  readonly copiedFrom?: string | null | undefined
}

export async function createAssignment(
  db: Db,
  input: NewAssignment,
  now: number,
): Promise<AssignmentRecord> {
  const row = await db
    .insertInto('assignments')
    .values({
      id: crypto.randomUUID(),
      section_id: input.sectionId,
      title: input.title,
      summary: input.summary ?? null,
      scoring: input.scoring,
      points_possible: input.scoring === 'points' ? input.pointsPossible : null,
      due_at: input.dueAt ?? null,
      copied_from: input.copiedFrom ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return assignmentOf(row)
}

export interface AssignmentChanges {
  readonly title?: string | undefined
  readonly summary?: string | null | undefined
  readonly dueAt?: number | null | undefined
  readonly scoring?: AssignmentScoring | undefined
}

/** Changes an assignment; `false` when there is no such assignment. */
export async function updateAssignment(
  db: Db,
  assignmentId: string,
  changes: AssignmentChanges,
  now: number,
): Promise<boolean> {
  const scoring = changes.scoring
  const result = await db
    .updateTable('assignments')
    .set({
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.summary === undefined ? {} : { summary: changes.summary }),
      ...(changes.dueAt === undefined ? {} : { due_at: changes.dueAt }),
      ...(scoring === undefined
        ? {}
        : {
            scoring: scoring.scoring,
            points_possible: scoring.scoring === 'points' ? scoring.pointsPossible : null,
          }),
      updated_at: now,
    })
    .where('id', '=', assignmentId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Deletes an assignment and its grades; `false` when there was none. */
export async function deleteAssignment(db: Db, assignmentId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('assignments')
    .where('id', '=', assignmentId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

function entryOf(row: Selectable<GradeEntriesTable>): GradeEntryRecord {
  return {
    assignmentId: row.assignment_id,
    studentId: row.student_id,
    points: row.points,
    pointsPossible: row.points_possible,
    percentage: row.percentage,
    mark: row.mark,
    comment: row.comment,
    source: row.source,
    connectionId: row.connection_id,
    lineItemId: row.line_item_id,
    scoredAt: row.scored_at,
    scoredAtMs: row.scored_at_ms,
    updatedAt: row.updated_at,
  }
}

/** Grade book entries of one assignment, or of every assignment of a section, by student. */
export async function listGradeEntries(
  db: Db,
  where: { readonly assignmentId: string } | { readonly sectionId: string },
): Promise<GradeEntryRecord[]> {
  let query = db
    .selectFrom('grade_entries')
    .innerJoin('assignments', 'assignments.id', 'grade_entries.assignment_id')
    .selectAll('grade_entries')
    .orderBy('grade_entries.assignment_id')
    .orderBy('grade_entries.student_id')
  query =
    'assignmentId' in where
      ? query.where('grade_entries.assignment_id', '=', where.assignmentId)
      : query.where('assignments.section_id', '=', where.sectionId)
  return (await query.execute()).map(entryOf)
}

export async function findGradeEntry(
  db: Db,
  assignmentId: string,
  studentId: string,
): Promise<GradeEntryRecord | undefined> {
  const row = await db
    .selectFrom('grade_entries')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .where('student_id', '=', studentId)
    .executeTakeFirst()
  return row === undefined ? undefined : entryOf(row)
}

/** A teacher's grade: points for points assignments, a mark or rubric level otherwise. */
export interface ManualGrade {
  readonly assignment: AssignmentRecord
  readonly studentId: string
  readonly points?: number | null | undefined
  readonly mark?: string | null | undefined
  readonly comment?: string | null | undefined
}

/**
 * Writes a teacher's grade (insert or replace in one statement). A teacher's entry is the latest
 * word: it takes the current time, so a tool's later score still replaces it, as in the LMS.
 */
export async function writeManualGrade(db: Db, grade: ManualGrade, now: number): Promise<void> {
  const possible = grade.assignment.pointsPossible
  const points = grade.assignment.scoring === 'points' ? (grade.points ?? null) : null
  const values = {
    points,
    points_possible: possible,
    percentage: points === null || possible === null ? null : (points / possible) * 100,
    mark: grade.assignment.scoring === 'points' ? null : (grade.mark ?? null),
    comment: grade.comment ?? null,
    source: 'manual' as const,
    connection_id: null,
    line_item_id: null,
    scored_at: new Date(now).toISOString(),
    scored_at_ms: now,
    updated_at: now,
  }
  await db
    .insertInto('grade_entries')
    .values({ assignment_id: grade.assignment.id, student_id: grade.studentId, ...values })
    .onConflict((conflict) => conflict.columns(['assignment_id', 'student_id']).doUpdateSet(values))
    .execute()
}
