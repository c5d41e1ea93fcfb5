/**
 * Authoring a course's activities: add a content page or a quiz, change it, set its conditions,
 * reorder, delete. Each change is one transaction under the course's lock (see authoring.ts).
 */
import type { Selectable, Transaction } from 'kysely'
import type { Database } from '../../db/schema.js'
import type { ToolActivitiesTable } from '@ltihub/kysely/tool'
import { type Authoring, ContentRefusal, inCourse, moved, nextPosition } from './authoring.js'
import { type ActivityCreate, type ActivityUpdate, LIMITS } from './authoring-schema.js'
import { findCycle } from './conditions.js'
import { replaceQuestions } from './question-authoring.js'
import type { Db } from '../../db/handle.js'

type ActivityRow = Selectable<ToolActivitiesTable>

async function activitiesOf(trx: Transaction<Database>, courseId: string) {
  return trx
    .selectFrom('tool_activities')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

function activityIn(rows: readonly ActivityRow[], activityId: string): ActivityRow {
  const row = rows.find((candidate) => candidate.id === activityId)
  if (row === undefined) throw new ContentRefusal('activity', 'no such activity', 404)
  return row
}

const requiresOf = (row: ActivityRow): string[] => JSON.parse(row.requires) as string[]

/**
 * Checks the conditions `requires` of `activityId` (new when absent from `rows`): other
 * activities of the same course, and no cycle once they are in place.
 */
function checkConditions(
  rows: readonly ActivityRow[],
  activityId: string,
  requires: readonly string[],
): void {
  const titles = new Map(rows.map((row) => [row.id, row.title]))
  if (requires.includes(activityId)) {
    throw new ContentRefusal('requires', 'an activity cannot require itself')
  }
  const unknown = requires.filter((id) => !titles.has(id))
  if (unknown.length > 0) {
    throw new ContentRefusal('requires', 'a required activity is not part of this course')
  }
  const graph = new Map(rows.map((row) => [row.id, requiresOf(row)]))
  graph.set(activityId, [...requires])
  const cycle = findCycle(graph)
  if (cycle !== undefined) {
    const names = cycle.map((id) => titles.get(id) ?? 'this activity').join(' → ')
    throw new ContentRefusal('requires', `these conditions would never open: ${names}`)
  }
}

/** Rewrites the positions of a course's activities as 0, 1, 2… in the given order. */
async function writeOrder(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await trx.updateTable('tool_activities').set({ position }).where('id', '=', id).execute()
  }
}

/** Adds a page or quiz at the end of the course; returns its id. */
export function addActivity(
  authoring: Authoring,
  courseId: string,
  input: ActivityCreate,
): Promise<string> {
  return inCourse(authoring, courseId, async (trx) => {
    const rows = await activitiesOf(trx, courseId)
    if (rows.length >= LIMITS.activities) {
      throw new ContentRefusal('', `a course has at most ${LIMITS.activities} activities`)
    }
    const id = crypto.randomUUID()
    const requires = input.requires ?? []
    checkConditions(rows, id, requires)
    await trx
      .insertInto('tool_activities')
      .values({
        id,
        course_id: courseId,
        position: nextPosition(rows),
        kind: input.kind,
        title: input.title,
        body: input.body,
        requires: JSON.stringify(requires),
        created_at: authoring.clock(),
      })
      .execute()
    if (input.kind === 'quiz') await replaceQuestions(trx, id, input.questions ?? [])
    return id
  })
}

/** Changes an activity's title, text, conditions or (a quiz's) questions. */
export function updateActivity(
  authoring: Authoring,
  courseId: string,
  activityId: string,
  change: ActivityUpdate,
): Promise<void> {
  return inCourse(authoring, courseId, async (trx) => {
    const rows = await activitiesOf(trx, courseId)
    const activity = activityIn(rows, activityId)
    if (change.questions !== undefined && activity.kind !== 'quiz') {
      throw new ContentRefusal('questions', 'only a quiz has questions')
    }
    if (change.requires !== undefined) checkConditions(rows, activityId, change.requires)
    const values = {
      ...(change.title === undefined ? {} : { title: change.title }),
      ...(change.body === undefined ? {} : { body: change.body }),
      ...(change.requires === undefined ? {} : { requires: JSON.stringify(change.requires) }),
    }
    if (Object.keys(values).length > 0) {
      await trx.updateTable('tool_activities').set(values).where('id', '=', activityId).execute()
    }
    if (change.questions !== undefined) await replaceQuestions(trx, activityId, change.questions)
  })
}

/** Why an activity may not be deleted (the grade quiz, one published alone), if it may not. */
export async function activityDeletionBlocker(
  db: Db,
  course: { readonly gradeActivityId?: string | undefined },
  activityId: string,
): Promise<string | undefined> {
  if (course.gradeActivityId === activityId) {
    return 'the course grade is based on this activity; choose another grade activity first'
  }
  const published = await db
    .selectFrom('tool_publications')
    .select('id')
    .where('activity_id', '=', activityId)
    .executeTakeFirst()
  return published === undefined
    ? undefined
    : 'this activity is published as an LTI tool on its own and cannot be deleted'
}

/**
 * Deletes an activity with its questions and learner progress, and drops it from the conditions
 * of the others (they open without it). Refused for the grade activity and a published one.
 */
export function deleteActivity(
  authoring: Authoring,
  courseId: string,
  activityId: string,
): Promise<void> {
  return inCourse(authoring, courseId, async (trx, course) => {
    const rows = await activitiesOf(trx, courseId)
    activityIn(rows, activityId)
    const blocker = await activityDeletionBlocker(
      trx,
      { gradeActivityId: course.grade_activity_id ?? undefined },
      activityId,
    )
    if (blocker !== undefined) throw new ContentRefusal('', blocker)
    for (const row of rows) {
      const requires = requiresOf(row)
      if (!requires.includes(activityId)) continue
      const kept = requires.filter((id) => id !== activityId)
      await trx
        .updateTable('tool_activities')
        .set({ requires: JSON.stringify(kept) })
        .where('id', '=', row.id)
        .execute()
    }
    await trx.deleteFrom('tool_activities').where('id', '=', activityId).execute()
    await writeOrder(
      trx,
      rows.filter((row) => row.id !== activityId).map((row) => row.id),
    )
  })
}

/** Moves an activity one place up or down. */
export function moveActivity(
  authoring: Authoring,
  courseId: string,
  activityId: string,
  direction: 'up' | 'down',
): Promise<void> {
  return inCourse(authoring, courseId, async (trx) => {
    const ids = (await activitiesOf(trx, courseId)).map((row) => row.id)
    if (!ids.includes(activityId)) throw new ContentRefusal('activity', 'no such activity', 404)
    await writeOrder(trx, moved(ids, activityId, direction))
  })
}

/** Puts the course's activities in the given order: every one of them, each once. */
export function reorderActivities(
  authoring: Authoring,
  courseId: string,
  order: readonly string[],
): Promise<void> {
  return inCourse(authoring, courseId, async (trx) => {
    const ids = (await activitiesOf(trx, courseId)).map((row) => row.id)
    const same =
      order.length === ids.length &&
      new Set(order).size === order.length &&
      order.every((id) => ids.includes(id))
    if (!same) {
      throw new ContentRefusal('activityIds', 'list every activity of the course exactly once')
    }
    await writeOrder(trx, order)
  })
}
