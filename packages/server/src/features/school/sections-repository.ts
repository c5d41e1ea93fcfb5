import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import { type Course, courseOf, type Section, type SectionEnrolment, sectionOf } from './model.js'
import type { EnrolmentStatus, SectionRole } from './table.js'

/** Courses, sections and enrolments. Creations are atomic inserts; duplicates yield `undefined`. */

type Db = Kysely<Database>

export async function findCourse(db: Db, courseId: string): Promise<Course | undefined> {
  const row = await db
    .selectFrom('courses')
    .selectAll()
    .where('id', '=', courseId)
    .executeTakeFirst()
  return row === undefined ? undefined : courseOf(row)
}

/** Courses by code; only those of the given schools when `schoolIds` is set. */
export async function listCourses(db: Db, schoolIds?: readonly string[]): Promise<Course[]> {
  if (schoolIds !== undefined && schoolIds.length === 0) return []
  let query = db.selectFrom('courses').selectAll().orderBy('code').orderBy('id')
  if (schoolIds !== undefined) query = query.where('school_id', 'in', schoolIds)
  return (await query.execute()).map(courseOf)
}

export interface NewCourse {
  readonly schoolId: string
  readonly title: string
  readonly code: string
  readonly sourcedId?: string | null | undefined
}

/** Creates a course; `undefined` when its school already has that course code. */
export async function createCourse(
  db: Db,
  input: NewCourse,
  now: number,
): Promise<Course | undefined> {
  const row = await db
    .insertInto('courses')
    .values({
      id: crypto.randomUUID(),
      school_id: input.schoolId,
      title: input.title,
      code: input.code,
      sourced_id: input.sourcedId ?? null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['school_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst()
  return row === undefined ? undefined : courseOf(row)
}

function sectionQuery(db: Db) {
  return db
    .selectFrom('sections')
    .innerJoin('courses', 'courses.id', 'sections.course_id')
    .selectAll('sections')
    .select([
      'courses.school_id as school_id',
      'courses.title as course_title',
      'courses.code as course_code',
    ])
}

const sectionWithCourse = prepared((db: Db, p: Placeholders<{ sectionId: string }>) =>
  sectionQuery(db)
    .select('courses.sourced_id as course_sourced_id')
    .where('sections.id', '=', p.sectionId),
)

/** A section with its course's SIS id: everything an LTI context needs, in one query. */
export async function findSectionWithCourseSourcedId(
  db: Db,
  sectionId: string,
): Promise<{ section: Section; courseSourcedId: string | null } | undefined> {
  const row = await sectionWithCourse.takeFirst(db, { sectionId })
  return row === undefined
    ? undefined
    : { section: sectionOf(row), courseSourcedId: row.course_sourced_id }
}

export async function findSection(db: Db, sectionId: string): Promise<Section | undefined> {
  const row = await sectionQuery(db).where('sections.id', '=', sectionId).executeTakeFirst()
  return row === undefined ? undefined : sectionOf(row)
}

export interface SectionFilter {
  readonly courseId?: string | undefined
  readonly schoolIds?: readonly string[] | undefined
  /** Only sections this user is enrolled in (any role, any status). */
  readonly userId?: string | undefined
}

/** Sections by course code, term and label. */
export async function listSections(db: Db, filter: SectionFilter = {}): Promise<Section[]> {
  if (filter.schoolIds !== undefined && filter.schoolIds.length === 0) return []
  let query = sectionQuery(db)
    .orderBy('courses.code')
    .orderBy('sections.term')
    .orderBy('sections.label')
    .orderBy('sections.id')
  if (filter.courseId !== undefined) query = query.where('sections.course_id', '=', filter.courseId)
  if (filter.schoolIds !== undefined)
    query = query.where('courses.school_id', 'in', filter.schoolIds)
  if (filter.userId !== undefined) {
    const userId = filter.userId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('enrolments')
          .select('enrolments.user_id')
          .whereRef('enrolments.section_id', '=', 'sections.id')
          .where('enrolments.user_id', '=', userId),
      ),
    )
  }
  return (await query.execute()).map(sectionOf)
}

export interface NewSection {
  readonly courseId: string
  readonly label: string
  readonly term: string
  readonly startsAt?: number | null | undefined
  readonly endsAt?: number | null | undefined
  readonly sourcedId?: string | null | undefined
  readonly copiedFrom?: string | null | undefined
}

/** Creates a section; `undefined` when its course already has that label in that term. */
export async function createSection(
  db: Db,
  input: NewSection,
  now: number,
): Promise<Section | undefined> {
  const id = crypto.randomUUID()
  const row = await db
    .insertInto('sections')
    .values({
      id,
      course_id: input.courseId,
      label: input.label,
      term: input.term,
      starts_at: input.startsAt ?? null,
      ends_at: input.endsAt ?? null,
      sourced_id: input.sourcedId ?? null,
      copied_from: input.copiedFrom ?? null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.columns(['course_id', 'term', 'label']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row === undefined ? undefined : findSection(db, row.id)
}

/** Most history a section can have; a longer chain is cut (and could only come from bad data). */
const MAX_HISTORY = 100

/**
 * The ids of the sections `sectionId` was copied from, most recent first (`$Context.id.history`).
 * Follows `copied_from` even through deleted sections, stopping at a cycle.
 */
export async function sectionHistory(db: Db, sectionId: string): Promise<string[]> {
  return historyFrom(db, sectionId, undefined)
}

/** {@link sectionHistory} when the section's own `copied_from` is already known. */
export async function historyFrom(
  db: Db,
  sectionId: string,
  copiedFrom: string | null | undefined,
): Promise<string[]> {
  const history: string[] = []
  if (copiedFrom === null) return history
  const seen = new Set([sectionId])
  let current: string | null = sectionId
  while (current !== null && history.length < MAX_HISTORY) {
    const row: { copied_from: string | null } | undefined = await db
      .selectFrom('sections')
      .select('copied_from')
      .where('id', '=', current)
      .executeTakeFirst()
    const parent: string | null = row?.copied_from ?? null
    if (parent === null || seen.has(parent)) break
    history.push(parent)
    seen.add(parent)
    current = parent
  }
  return history
}

// Asked on every launch and every score a tool posts: prepared once (`prepared` of @ltihub/kysely/sql).
const enrolmentOf = prepared((db: Db, p: Placeholders<{ sectionId: string; userId: string }>) =>
  db
    .selectFrom('enrolments')
    .select(['section_id', 'user_id', 'role', 'status'])
    .where('section_id', '=', p.sectionId)
    .where('user_id', '=', p.userId),
)

export async function findEnrolment(
  db: Db,
  sectionId: string,
  userId: string,
): Promise<SectionEnrolment | undefined> {
  const row = await enrolmentOf.takeFirst(db, { sectionId, userId })
  return row === undefined
    ? undefined
    : { sectionId: row.section_id, userId: row.user_id, role: row.role, status: row.status }
}

/** A section's enrolments by user id (any status). */
export async function listSectionEnrolments(
  db: Db,
  sectionId: string,
): Promise<SectionEnrolment[]> {
  const rows = await db
    .selectFrom('enrolments')
    .select(['section_id', 'user_id', 'role', 'status'])
    .where('section_id', '=', sectionId)
    .orderBy('user_id')
    .execute()
  return rows.map((row) => ({
    sectionId: row.section_id,
    userId: row.user_id,
    role: row.role,
    status: row.status,
  }))
}

export interface EnrolInput {
  readonly sectionId: string
  readonly userId: string
  readonly role: SectionRole
  readonly status: EnrolmentStatus
}

/** Enrols a user; `undefined` when they are enrolled in the section already. */
export async function enrol(
  db: Db,
  input: EnrolInput,
  now: number,
): Promise<SectionEnrolment | undefined> {
  const row = await db
    .insertInto('enrolments')
    .values({
      section_id: input.sectionId,
      user_id: input.userId,
      role: input.role,
      status: input.status,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.columns(['section_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  return row === undefined ? undefined : { ...input }
}

/** Changes an enrolment's role or status; `false` when there is no such enrolment. */
export async function updateEnrolment(
  db: Db,
  sectionId: string,
  userId: string,
  changes: {
    readonly role?: SectionRole | undefined
    readonly status?: EnrolmentStatus | undefined
  },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('enrolments')
    .set({
      ...(changes.role === undefined ? {} : { role: changes.role }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
      updated_at: now,
    })
    .where('section_id', '=', sectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Removes an enrolment; `false` when there was none. */
export async function removeEnrolment(db: Db, sectionId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('enrolments')
    .where('section_id', '=', sectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}
