/**
 * Authoring a quiz's questions: one at a time (the console) or the whole list (the API). A
 * question keeps its id while it stays at its place, so a learner's open quiz form still fits.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema.js'
import { type Authoring, ContentRefusal, inCourse, moved, nextPosition } from './authoring.js'
import { LIMITS, type QuestionInput } from './authoring-schema.js'

const columns = (question: QuestionInput) => ({
  prompt: question.prompt,
  choices: JSON.stringify(question.choices),
  correct_index: question.correctIndex,
})

async function questionsOf(trx: Transaction<Database>, activityId: string) {
  return trx
    .selectFrom('tool_questions')
    .select(['id', 'position'])
    .where('activity_id', '=', activityId)
    .orderBy('position')
    .execute()
}

/** Replaces a quiz's questions with `questions`, reusing the ids place by place. */
export async function replaceQuestions(
  trx: Transaction<Database>,
  activityId: string,
  questions: readonly QuestionInput[],
): Promise<void> {
  const existing = await questionsOf(trx, activityId)
  for (const [position, question] of questions.entries()) {
    const id = existing[position]?.id
    if (id === undefined) {
      await trx
        .insertInto('tool_questions')
        .values({
          id: crypto.randomUUID(),
          activity_id: activityId,
          position,
          ...columns(question),
        })
        .execute()
    } else {
      await trx
        .updateTable('tool_questions')
        .set({ position, ...columns(question) })
        .where('id', '=', id)
        .execute()
    }
  }
  const surplus = existing.slice(questions.length).map((row) => row.id)
  if (surplus.length > 0)
    await trx.deleteFrom('tool_questions').where('id', 'in', surplus).execute()
}

/** Runs `work` on a quiz of the course under the course's lock; refuses anything else. */
function inQuiz<T>(
  authoring: Authoring,
  courseId: string,
  activityId: string,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return inCourse(authoring, courseId, async (trx) => {
    const activity = await trx
      .selectFrom('tool_activities')
      .select('kind')
      .where('id', '=', activityId)
      .where('course_id', '=', courseId)
      .executeTakeFirst()
    if (activity === undefined) throw new ContentRefusal('activity', 'no such activity', 404)
    if (activity.kind !== 'quiz') throw new ContentRefusal('', 'only a quiz has questions')
    return work(trx)
  })
}

function questionIn(rows: readonly { readonly id: string }[], questionId: string): void {
  if (!rows.some((row) => row.id === questionId)) {
    throw new ContentRefusal('question', 'no such question', 404)
  }
}

/** Adds a question at the end of a quiz; returns its id. */
export function addQuestion(
  authoring: Authoring,
  courseId: string,
  activityId: string,
  question: QuestionInput,
): Promise<string> {
  return inQuiz(authoring, courseId, activityId, async (trx) => {
    const rows = await questionsOf(trx, activityId)
    if (rows.length >= LIMITS.questions) {
      throw new ContentRefusal('', `a quiz has at most ${LIMITS.questions} questions`)
    }
    const id = crypto.randomUUID()
    await trx
      .insertInto('tool_questions')
      .values({ id, activity_id: activityId, position: nextPosition(rows), ...columns(question) })
      .execute()
    return id
  })
}

export function updateQuestion(
  authoring: Authoring,
  ids: { readonly courseId: string; readonly activityId: string; readonly questionId: string },
  question: QuestionInput,
): Promise<void> {
  return inQuiz(authoring, ids.courseId, ids.activityId, async (trx) => {
    questionIn(await questionsOf(trx, ids.activityId), ids.questionId)
    await trx
      .updateTable('tool_questions')
      .set(columns(question))
      .where('id', '=', ids.questionId)
      .execute()
  })
}

/** Deletes a question and closes the gap it leaves. */
export function deleteQuestion(
  authoring: Authoring,
  ids: { readonly courseId: string; readonly activityId: string; readonly questionId: string },
): Promise<void> {
  return inQuiz(authoring, ids.courseId, ids.activityId, async (trx) => {
    const rows = await questionsOf(trx, ids.activityId)
    questionIn(rows, ids.questionId)
    await trx.deleteFrom('tool_questions').where('id', '=', ids.questionId).execute()
    await writeQuestionOrder(
      trx,
      rows.map((row) => row.id).filter((id) => id !== ids.questionId),
    )
  })
}

export function moveQuestion(
  authoring: Authoring,
  ids: { readonly courseId: string; readonly activityId: string; readonly questionId: string },
  direction: 'up' | 'down',
): Promise<void> {
  return inQuiz(authoring, ids.courseId, ids.activityId, async (trx) => {
    const order = (await questionsOf(trx, ids.activityId)).map((row) => row.id)
    questionIn(
      order.map((id) => ({ id })),
      ids.questionId,
    )
    await writeQuestionOrder(trx, moved(order, ids.questionId, direction))
  })
}

async function writeQuestionOrder(trx: Transaction<Database>, ids: readonly string[]) {
  for (const [position, id] of ids.entries()) {
    await trx.updateTable('tool_questions').set({ position }).where('id', '=', id).execute()
  }
}
