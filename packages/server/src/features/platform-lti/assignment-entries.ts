/**
 * The assignments a user reaches tool content from: those of the sections they are actively
 * enrolled in that carry at least one placed tool link. The Learning Tools page lists them, so
 * students (who have no section pages) can open an assignment and launch its tool.
 */
import type { Db } from './stores/db.js'

export interface AssignmentEntry {
  readonly id: string
  readonly title: string
  /** The course and section, e.g. "Math 7 (Period 1)". */
  readonly section: string
}

export async function assignmentsWithTools(db: Db, userId: string): Promise<AssignmentEntry[]> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('enrolments as e', 'e.section_id', 'a.section_id')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .innerJoin('courses as c', 'c.id', 's.course_id')
    .select(['a.id', 'a.title', 'c.title as course', 's.label'])
    .where('e.user_id', '=', userId)
    .where('e.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('lti_resource_links as l')
          .select('l.id')
          .whereRef('l.assignment_id', '=', 'a.id'),
      ),
    )
    .orderBy('c.title')
    .orderBy('s.label')
    .orderBy('a.title')
    .orderBy('a.id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    section: `${row.course} (${row.label})`,
  }))
}
