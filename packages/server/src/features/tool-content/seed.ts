import type { AppContext } from '../../context.js'
import type { ActivityKind } from '@ltihub/kysely/tool'
import type { Db } from '../../db/handle.js'

/** A course to create, with its activities and questions (demo data and tests). */
export interface CourseDraft {
  readonly title: string
  readonly externalId?: string
  readonly description?: string
  readonly activities: readonly {
    readonly key: string
    readonly kind: ActivityKind
    readonly title: string
    readonly body: string
    /** Keys of activities of this draft that must be complete first. */
    readonly requires?: readonly string[]
    readonly questions?: readonly {
      prompt: string
      choices: readonly string[]
      correctIndex: number
    }[]
  }[]
  /** Key of the activity the course grade is based on. */
  readonly gradeActivity?: string
}

/** The ids the created course got, by draft key. */
export interface CreatedCourse {
  readonly courseId: string
  readonly activityIds: Readonly<Record<string, string>>
}

/** Creates a course with its activities and questions in one transaction. */
export async function createCourse(
  db: Db,
  draft: CourseDraft,
  now: number,
): Promise<CreatedCourse> {
  const courseId = crypto.randomUUID()
  const ids: Record<string, string> = {}
  for (const activity of draft.activities) ids[activity.key] = crypto.randomUUID()
  const idOf = (key: string): string => {
    const id = ids[key]
    if (id === undefined) throw new TypeError(`unknown activity key ${key}`)
    return id
  }
  await db
    .insertInto('tool_courses')
    .values({
      id: courseId,
      title: draft.title,
      external_id: draft.externalId ?? null,
      description: draft.description ?? null,
      grade_activity_id: draft.gradeActivity === undefined ? null : idOf(draft.gradeActivity),
      created_at: now,
    })
    .execute()
  for (const [position, activity] of draft.activities.entries()) {
    const activityId = idOf(activity.key)
    await db
      .insertInto('tool_activities')
      .values({
        id: activityId,
        course_id: courseId,
        position,
        kind: activity.kind,
        title: activity.title,
        body: activity.body,
        requires: JSON.stringify((activity.requires ?? []).map(idOf)),
        created_at: now,
      })
      .execute()
    for (const [index, question] of (activity.questions ?? []).entries()) {
      await db
        .insertInto('tool_questions')
        .values({
          id: crypto.randomUUID(),
          activity_id: activityId,
          position: index,
          prompt: question.prompt,
          choices: JSON.stringify(question.choices),
          correct_index: question.correctIndex,
        })
        .execute()
    }
  }
  return { courseId, activityIds: ids }
}

/** The external ID of the demo course (seed 001: consumers name the course by it). */
export const DEMO_COURSE_EXTERNAL_ID = 'DEMO-LAB-101'

/** The demo quiz: five questions, so four right answers give 0.8. */
export const DEMO_COURSE: CourseDraft = {
  title: 'Safe Lab Practice (demo)',
  externalId: DEMO_COURSE_EXTERNAL_ID,
  description: 'A short fictional course: one reading and a five-question quiz.',
  activities: [
    {
      key: 'intro',
      kind: 'page',
      title: 'Before you start',
      body: 'Read the lab rules.\n\nGoggles on, bags away, and never taste anything.',
    },
    {
      key: 'quiz',
      kind: 'quiz',
      title: 'Lab safety quiz',
      body: 'Five questions. The course grade is based on this quiz.',
      requires: ['intro'],
      questions: [
        {
          prompt: 'What do you wear over your eyes?',
          choices: ['Sunglasses', 'Safety goggles', 'Nothing'],
          correctIndex: 1,
        },
        {
          prompt: 'Where do bags go?',
          choices: ['On the bench', 'Away from the bench'],
          correctIndex: 1,
        },
        {
          prompt: 'May you taste a sample?',
          choices: ['Never', 'If it smells nice'],
          correctIndex: 0,
        },
        {
          prompt: 'A spill happens. You…',
          choices: ['Tell the supervisor', 'Hide it'],
          correctIndex: 0,
        },
        { prompt: 'Long hair should be…', choices: ['Tied back', 'Left loose'], correctIndex: 0 },
      ],
    },
  ],
  gradeActivity: 'quiz',
}

/** Demo data: the demo course, created once (found again by its external ID). */
export async function seedDemoCourse(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<string> {
  const existing = await ctx.db
    .selectFrom('tool_courses')
    .select('id')
    .where('external_id', '=', DEMO_COURSE_EXTERNAL_ID)
    .executeTakeFirst()
  if (existing !== undefined) return existing.id
  const created = await ctx.db
    .transaction()
    .execute((trx) => createCourse(trx, DEMO_COURSE, ctx.clock()))
  return created.courseId
}
