/** What the authoring pages and the content API read: courses with their counts, one course. */
import type { Course } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { HttpProblem } from '../../http/problems.js'
import { type ContentActivity, getActivity, getCourse, listCourses } from './repository.js'

type Db = Kysely<Database>

async function countsBy(
  db: Db,
  table: 'tool_activities' | 'tool_publications',
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom(table)
    .select(['course_id', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('course_id')
    .execute()
  return new Map(rows.map((row) => [row.course_id, Number(row.count)]))
}

export interface CourseCounts {
  readonly course: Course
  readonly activities: number
  readonly publications: number
}

/** Every course with how many activities and publications it has. */
export async function courseSummaries(db: Db): Promise<CourseCounts[]> {
  const [courses, activities, publications] = await Promise.all([
    listCourses(db),
    countsBy(db, 'tool_activities'),
    countsBy(db, 'tool_publications'),
  ])
  return courses.map((course) => ({
    course,
    activities: activities.get(course.id) ?? 0,
    publications: publications.get(course.id) ?? 0,
  }))
}

/** How many questions each quiz of a course has. */
export async function questionCounts(db: Db, courseId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('tool_questions')
    .innerJoin('tool_activities', 'tool_activities.id', 'tool_questions.activity_id')
    .select([
      'tool_questions.activity_id as activityId',
      (eb) => eb.fn.countAll<number | string>().as('count'),
    ])
    .where('tool_activities.course_id', '=', courseId)
    .groupBy('tool_questions.activity_id')
    .execute()
  return new Map(rows.map((row) => [row.activityId, Number(row.count)]))
}

export async function requireCourse(db: Db, courseId: string): Promise<Course> {
  const course = await getCourse(db, courseId)
  if (course === undefined) throw new HttpProblem(404, `no course ${courseId}`)
  return course
}

/** The activity, when it belongs to the course (an id from another course is unknown here). */
export async function requireActivity(
  db: Db,
  courseId: string,
  activityId: string,
): Promise<ContentActivity> {
  const activity = await getActivity(db, activityId)
  if (activity?.courseId !== courseId) throw new HttpProblem(404, `no activity ${activityId}`)
  return activity
}
