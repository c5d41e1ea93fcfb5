/**
 * Authoring courses: create, change the details and the "Base course grade on" activity, delete.
 * A course published as an LTI tool is not deleted: its enrolments and licences would go with it.
 */
import type { Course } from '@ltihub/tool'
import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema.js'
import {
  type Authoring,
  ContentRefusal,
  type CourseRow,
  inCourse,
  isUniqueViolation,
} from './authoring.js'
import type { CourseInput } from './authoring-schema.js'
import { toCourse } from './repository.js'
import type { Db } from '../../db/handle.js'

const EXTERNAL_ID_TAKEN = 'another course has this external ID'

/** A lost race for an external ID ends as the same refusal as the check before it. */
async function refusingDuplicates<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isUniqueViolation(error)) throw new ContentRefusal('externalId', EXTERNAL_ID_TAKEN)
    throw error
  }
}

/** Creates an empty course; refuses an external ID another course has. */
export async function createCourseRecord(
  authoring: Authoring,
  input: CourseInput,
): Promise<Course> {
  const id = crypto.randomUUID()
  const row = await refusingDuplicates(() =>
    authoring.db
      .insertInto('tool_courses')
      .values({
        id,
        title: input.title,
        external_id: input.externalId,
        description: input.description,
        grade_activity_id: null,
        created_at: authoring.clock(),
      })
      .onConflict((oc) => oc.column('external_id').doNothing())
      .returningAll()
      .executeTakeFirst(),
  )
  if (row === undefined) throw new ContentRefusal('externalId', EXTERNAL_ID_TAKEN)
  return toCourse(row)
}

/** The course's grade activity must be one of its quizzes (a page yields no score). */
async function checkGradeActivity(
  trx: Transaction<Database>,
  courseId: string,
  activityId: string,
): Promise<void> {
  const activity = await trx
    .selectFrom('tool_activities')
    .select('kind')
    .where('id', '=', activityId)
    .where('course_id', '=', courseId)
    .executeTakeFirst()
  if (activity === undefined) {
    throw new ContentRefusal('gradeActivityId', 'the activity is not part of this course')
  }
  if (activity.kind !== 'quiz') {
    throw new ContentRefusal('gradeActivityId', 'only a quiz yields a score to base the grade on')
  }
}

/** What may change about a course; absent fields stay as they are. */
export interface CourseChange {
  readonly title?: string | undefined
  readonly externalId?: string | null | undefined
  readonly description?: string | null | undefined
  readonly gradeActivityId?: string | null | undefined
}

async function changeCourse(
  trx: Transaction<Database>,
  course: CourseRow,
  change: CourseChange,
): Promise<Course> {
  if (change.gradeActivityId !== undefined && change.gradeActivityId !== null) {
    await checkGradeActivity(trx, course.id, change.gradeActivityId)
  }
  if (change.externalId !== undefined && change.externalId !== null) {
    const clash = await trx
      .selectFrom('tool_courses')
      .select('id')
      .where('external_id', '=', change.externalId)
      .where('id', '<>', course.id)
      .executeTakeFirst()
    if (clash !== undefined) throw new ContentRefusal('externalId', EXTERNAL_ID_TAKEN)
  }
  const values = {
    ...(change.title === undefined ? {} : { title: change.title }),
    ...(change.externalId === undefined ? {} : { external_id: change.externalId }),
    ...(change.description === undefined ? {} : { description: change.description }),
    ...(change.gradeActivityId === undefined ? {} : { grade_activity_id: change.gradeActivityId }),
  }
  // A change naming no field (`PATCH {}`) changes nothing: an UPDATE without columns is no SQL.
  if (Object.keys(values).length === 0) return toCourse(course)
  const row = await trx
    .updateTable('tool_courses')
    .set(values)
    .where('id', '=', course.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return toCourse(row)
}

/** Changes a course's details and grade activity; refuses a taken external ID or a page. */
export function updateCourse(
  authoring: Authoring,
  courseId: string,
  change: CourseChange,
): Promise<Course> {
  return refusingDuplicates(() =>
    inCourse(authoring, courseId, (trx, course) => changeCourse(trx, course, change)),
  )
}

/** How many publications ("Publish as LTI tool") a course has. */
export async function publicationCount(db: Db, courseId: string): Promise<number> {
  const { count } = await db
    .selectFrom('tool_publications')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('course_id', '=', courseId)
    .executeTakeFirstOrThrow()
  return Number(count)
}

/** Why a course may not be deleted (it is published), if it may not. */
export async function courseDeletionBlocker(db: Db, courseId: string): Promise<string | undefined> {
  const published = await publicationCount(db, courseId)
  if (published === 0) return undefined
  return (
    `the course is published as ${published} LTI tool${published === 1 ? '' : 's'}: ` +
    'its enrolments and licences depend on it, so it cannot be deleted'
  )
}

/**
 * Deletes a course with its activities, questions and learner progress (the foreign keys
 * cascade), in one transaction. A published course is refused.
 */
export async function deleteCourse(authoring: Authoring, courseId: string): Promise<void> {
  await inCourse(authoring, courseId, async (trx) => {
    const blocker = await courseDeletionBlocker(trx, courseId)
    if (blocker !== undefined) throw new ContentRefusal('', blocker)
    await trx.deleteFrom('tool_courses').where('id', '=', courseId).execute()
  })
}
