import type { Course } from '@ltihub/tool'
import type { Selectable } from 'kysely'
import type {
  ActivityKind,
  ToolActivitiesTable,
  ToolProgressTable,
  ToolQuestionsTable,
} from '@ltihub/kysely/tool'
import type { Db } from '../../db/handle.js'

/** A course activity as the learning application uses it (the tool layer sees its `Activity`). */
export interface ContentActivity {
  readonly id: string
  readonly courseId: string
  readonly position: number
  readonly kind: ActivityKind
  readonly title: string
  readonly body: string
  /** Activities that must be complete before this one opens. */
  readonly requires: readonly string[]
}

export interface Question {
  readonly id: string
  readonly activityId: string
  readonly position: number
  readonly prompt: string
  readonly choices: readonly string[]
  readonly correctIndex: number
}

export interface Progress {
  readonly learnerId: string
  readonly activityId: string
  readonly state: 'started' | 'completed'
  readonly score?: number
  readonly correct?: number
  readonly total?: number
  readonly completedAt?: number
}

function toActivity(row: Selectable<ToolActivitiesTable>): ContentActivity {
  return {
    id: row.id,
    courseId: row.course_id,
    position: row.position,
    kind: row.kind,
    title: row.title,
    body: row.body,
    requires: JSON.parse(row.requires) as string[],
  }
}

function toQuestion(row: Selectable<ToolQuestionsTable>): Question {
  return {
    id: row.id,
    activityId: row.activity_id,
    position: row.position,
    prompt: row.prompt,
    choices: JSON.parse(row.choices) as string[],
    correctIndex: row.correct_index,
  }
}

function toProgress(row: Selectable<ToolProgressTable>): Progress {
  return {
    learnerId: row.learner_id,
    activityId: row.activity_id,
    state: row.state,
    ...(row.score === null ? {} : { score: Number(row.score) }),
    ...(row.correct === null ? {} : { correct: row.correct }),
    ...(row.total === null ? {} : { total: row.total }),
    ...(row.completed_at === null ? {} : { completedAt: row.completed_at }),
  }
}

import { toCourse } from '@ltihub/kysely/tool'

export { getCourse, sqlContentCatalog, toCourse } from '@ltihub/kysely/tool'

export async function listCourses(db: Db): Promise<Course[]> {
  return (await db.selectFrom('tool_courses').selectAll().orderBy('title').execute()).map(toCourse)
}

export async function getActivity(db: Db, id: string): Promise<ContentActivity | undefined> {
  const row = await db
    .selectFrom('tool_activities')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : toActivity(row)
}

export async function listActivities(db: Db, courseId: string): Promise<ContentActivity[]> {
  const rows = await db
    .selectFrom('tool_activities')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('position')
    .execute()
  return rows.map(toActivity)
}

export async function listQuestions(db: Db, activityId: string): Promise<Question[]> {
  const rows = await db
    .selectFrom('tool_questions')
    .selectAll()
    .where('activity_id', '=', activityId)
    .orderBy('position')
    .execute()
  return rows.map(toQuestion)
}

/** A learner's progress on every activity of a course, by activity id. */
export async function progressOf(
  db: Db,
  learnerId: string,
  courseId: string,
): Promise<Map<string, Progress>> {
  const rows = await db
    .selectFrom('tool_progress')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .where('course_id', '=', courseId)
    .execute()
  return new Map(rows.map((row) => [row.activity_id, toProgress(row)]))
}

/** Marks an activity started unless it is already started or complete (insert-if-absent). */
export async function markStarted(
  db: Db,
  learnerId: string,
  activity: ContentActivity,
  now: number,
): Promise<void> {
  await db
    .insertInto('tool_progress')
    .values({
      learner_id: learnerId,
      activity_id: activity.id,
      course_id: activity.courseId,
      state: 'started',
      score: null,
      correct: null,
      total: null,
      updated_at: now,
      completed_at: null,
    })
    .onConflict((oc) => oc.columns(['learner_id', 'activity_id']).doNothing())
    .execute()
}

/** Records a completion (a quiz attempt replaces the previous result; the latest counts). */
export async function markCompleted(
  db: Db,
  learnerId: string,
  activity: ContentActivity,
  result: { readonly score?: number; readonly correct?: number; readonly total?: number },
  now: number,
): Promise<void> {
  const values = {
    state: 'completed' as const,
    score: result.score ?? null,
    correct: result.correct ?? null,
    total: result.total ?? null,
    updated_at: now,
    completed_at: now,
  }
  await db
    .insertInto('tool_progress')
    .values({
      ...values,
      learner_id: learnerId,
      activity_id: activity.id,
      course_id: activity.courseId,
    })
    .onConflict((oc) => oc.columns(['learner_id', 'activity_id']).doUpdateSet(values))
    .execute()
}

/** The conditions of an activity that are not met yet (ids of activities still to complete). */
export function unmetConditions(
  activity: ContentActivity,
  progress: ReadonlyMap<string, Progress>,
): string[] {
  return activity.requires.filter((id) => progress.get(id)?.state !== 'completed')
}

/** Sets the course's external ID and "Base course grade on" activity. */
export async function updateCourseSettings(
  db: Db,
  courseId: string,
  settings: { readonly externalId: string | null; readonly gradeActivityId: string | null },
): Promise<void> {
  await db
    .updateTable('tool_courses')
    .set({ external_id: settings.externalId, grade_activity_id: settings.gradeActivityId })
    .where('id', '=', courseId)
    .execute()
}
