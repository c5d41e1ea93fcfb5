/**
 * The authoring contracts, shared by the console forms and the REST API: limits, the inputs the
 * authoring functions take, and the JSON bodies of the API.
 */
import { z } from 'zod'

export const LIMITS = {
  title: 200,
  externalId: 100,
  description: 2_000,
  /** A content page's text, or a quiz's introduction. */
  body: 20_000,
  prompt: 1_000,
  choice: 300,
  choices: 10,
  questions: 100,
  activities: 200,
  id: 200,
} as const

/** Line breaks as `\n` (browsers post `\r\n`), no trailing blanks. */
const normalised = (value: string) => value.replace(/\r\n?/g, '\n').trimEnd()

const tooLong = (max: number) => ({ error: `at most ${max.toLocaleString('en')} characters` })

export const titleText = z
  .string()
  .trim()
  .min(1, { error: 'a title is required' })
  .max(LIMITS.title, tooLong(LIMITS.title))

/** Empty means none; consumers name the course by it in a URL or a custom parameter. */
export const externalIdText = z
  .string()
  .trim()
  .max(LIMITS.externalId, tooLong(LIMITS.externalId))
  .regex(/^[\w.-]*$/, { error: 'letters, digits, dot, dash and underscore only' })
  .transform((value) => (value === '' ? null : value))

export const descriptionText = z
  .string()
  .max(LIMITS.description, tooLong(LIMITS.description))
  .transform(normalised)
  .transform((value) => (value === '' ? null : value))

export const bodyText = z.string().max(LIMITS.body, tooLong(LIMITS.body)).transform(normalised)

export const idText = z.string().min(1).max(LIMITS.id)

export const requiresList = z
  .array(idText)
  .max(LIMITS.activities)
  .transform((ids) => [...new Set(ids)])

export const questionInput = z
  .object({
    prompt: z
      .string()
      .trim()
      .min(1, { error: 'a question is required' })
      .max(LIMITS.prompt, tooLong(LIMITS.prompt)),
    choices: z
      .array(
        z
          .string()
          .trim()
          .min(1, { error: 'a choice cannot be empty' })
          .max(LIMITS.choice, tooLong(LIMITS.choice)),
      )
      .min(2, { error: 'give at least two choices' })
      .max(LIMITS.choices, { error: `at most ${LIMITS.choices} choices` }),
    correctIndex: z.number().int().min(0, { error: 'mark the correct answer' }),
  })
  .refine((question) => question.correctIndex < question.choices.length, {
    error: 'the correct answer must be one of the choices',
    path: ['correctIndex'],
  })
export type QuestionInput = z.output<typeof questionInput>

const questionList = z
  .array(questionInput)
  .max(LIMITS.questions, { error: `at most ${LIMITS.questions} questions` })

/** A course's details as the author writes them. */
export interface CourseInput {
  readonly title: string
  readonly externalId: string | null
  readonly description: string | null
}

/** `POST /api/tool/courses` */
export const courseCreateBody = z.object({
  title: titleText,
  externalId: externalIdText.nullable().optional(),
  description: descriptionText.nullable().optional(),
})

/** `PATCH /api/tool/courses/:course`: absent fields stay, `null` clears. */
export const courseUpdateBody = z.object({
  title: titleText.optional(),
  externalId: externalIdText.nullable().optional(),
  description: descriptionText.nullable().optional(),
  gradeActivityId: idText.nullable().optional(),
})

/** `POST /api/tool/courses/:course/activities` */
export const activityCreateBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('page'),
    title: titleText,
    body: bodyText.default(''),
    requires: requiresList.optional(),
  }),
  z.object({
    kind: z.literal('quiz'),
    title: titleText,
    body: bodyText.default(''),
    requires: requiresList.optional(),
    questions: questionList.optional(),
  }),
])
export type ActivityCreate = z.output<typeof activityCreateBody>

/** `PATCH /api/tool/courses/:course/activities/:activity`: `questions` replaces a quiz's list. */
export const activityUpdateBody = z.object({
  title: titleText.optional(),
  body: bodyText.optional(),
  requires: requiresList.optional(),
  questions: questionList.optional(),
})
export type ActivityUpdate = z.output<typeof activityUpdateBody>

/** `PUT /api/tool/courses/:course/order`: every activity of the course, in the new order. */
export const orderBody = z.object({
  activityIds: z.array(idText).max(LIMITS.activities),
})

export const courseParams = z.object({ course: idText })
export const activityParams = courseParams.extend({ activity: idText })
export const questionParams = activityParams.extend({ question: idText })
