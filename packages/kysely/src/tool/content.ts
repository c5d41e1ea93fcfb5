import type { Activity, ContentCatalog, Course } from '@ltihub/tool'
import { type Selectable, sql, type Kysely } from 'kysely'
import { type Placeholders, prepared } from '../sql/prepared.js'
import type { ToolActivitiesTable, ToolCoursesTable } from './content-table.js'
import { type Db, narrow } from './rows.js'
import type { ToolDatabase } from './schema.js'

export function toCourse(row: Selectable<ToolCoursesTable>): Course {
  return {
    id: row.id,
    title: row.title,
    ...(row.external_id === null ? {} : { externalId: row.external_id }),
    ...(row.description === null ? {} : { description: row.description }),
    ...(row.grade_activity_id === null ? {} : { gradeActivityId: row.grade_activity_id }),
  }
}

/** Results go back as fractions: every activity's maximum is 1 (a quiz's share right, say). */
const toActivity = (row: Pick<Selectable<ToolActivitiesTable>, 'id' | 'course_id' | 'title'>) =>
  ({ id: row.id, courseId: row.course_id, title: row.title, scoreMaximum: 1 }) satisfies Activity

// The course look-ups of every launch, prepared once (sql/prepared.ts).
const courseById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('tool_courses').selectAll().where('id', '=', p.id),
)
const courseByExternalId = prepared((db: Db, p: Placeholders<{ externalId: string }>) =>
  db.selectFrom('tool_courses').selectAll().where('external_id', '=', p.externalId),
)

export async function getCourse<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  id: string,
): Promise<Course | undefined> {
  const db = narrow(handle)
  const row = await courseById.takeFirst(db, { id })
  return row === undefined ? undefined : toCourse(row)
}

/** The tool layer's read-only view of the courses and activities. */
export function sqlContentCatalog<DB extends ToolDatabase>(handle: Kysely<DB>): ContentCatalog {
  const db = narrow(handle)
  const activities = () => db.selectFrom('tool_activities').select(['id', 'course_id', 'title'])
  return {
    getCourse: (id) => getCourse(db, id),
    async findCourseByExternalId(externalId) {
      const row = await courseByExternalId.takeFirst(db, { externalId })
      return row === undefined ? undefined : toCourse(row)
    },
    async getActivity(id) {
      const row = await activities().where('id', '=', id).executeTakeFirst()
      return row === undefined ? undefined : toActivity(row)
    },
    async listActivities(courseId) {
      const rows = await activities()
        .where('course_id', '=', courseId)
        .orderBy('position')
        .execute()
      return rows.map(toActivity)
    },
  }
}

/** Creates or replaces a course (an integrator's own content, named to the tool layer). */
export async function saveCourse<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  course: Course,
  now: number,
): Promise<void> {
  const db = narrow(handle)
  const values = {
    title: course.title,
    external_id: course.externalId ?? null,
    description: course.description ?? null,
    grade_activity_id: course.gradeActivityId ?? null,
  }
  await db
    .insertInto('tool_courses')
    .values({ ...values, id: course.id, created_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute()
}

/**
 * Creates or replaces an activity of a course, placed after the course's others when new.
 * Stored as a page with no body: the integrator's app renders its own activities.
 */
export async function saveActivity<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  activity: Pick<Activity, 'id' | 'courseId' | 'title'>,
  now: number,
): Promise<void> {
  const db = narrow(handle)
  await db
    .insertInto('tool_activities')
    .values((eb) => ({
      id: activity.id,
      course_id: activity.courseId,
      position: eb
        .selectFrom('tool_activities')
        .select(sql<number>`coalesce(max(position), -1) + 1`.as('next'))
        .where('course_id', '=', activity.courseId),
      kind: 'page',
      title: activity.title,
      body: '',
      requires: '[]',
      created_at: now,
    }))
    .onConflict((oc) => oc.column('id').doUpdateSet({ title: activity.title }))
    .execute()
}
