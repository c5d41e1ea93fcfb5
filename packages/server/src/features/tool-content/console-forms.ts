/**
 * The authoring pages' HTML forms: what each posts, read into the inputs the authoring functions
 * take (through the API's own field schemas), and refusals turned into messages by field.
 */
import { z } from 'zod'
import { HttpProblem, RequestValidationError } from '../../http/problems.js'
import { ContentRefusal } from './authoring.js'
import {
  bodyText,
  descriptionText,
  externalIdText,
  idText,
  LIMITS,
  questionInput,
  titleText,
} from './authoring-schema.js'
import type { FieldErrors } from '../../console/form.js'
import type { Question } from './repository.js'

/** A form field as posted: a string, or several when a name repeats (checkboxes). */
const posted = z.union([z.string(), z.array(z.string())]).optional()
const all = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const first = (value: string | string[] | undefined): string => all(value)[0] ?? ''

/** A text field of a form: one left out reads as empty, then `schema` decides. */
const field = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .optional()
    .transform((value) => value ?? '')
    .pipe(schema)

export const courseForm = z.object({
  title: field(titleText),
  externalId: field(externalIdText),
  description: field(descriptionText),
})

export const activityForm = z.object({ title: field(titleText), body: field(bodyText) })

export const newActivityForm = activityForm.extend({ kind: z.enum(['page', 'quiz']) })

export const gradeForm = z.object({
  gradeActivityId: z
    .union([z.literal(''), idText])
    .transform((value) => (value === '' ? null : value)),
})

export const moveForm = z.object({ direction: z.enum(['up', 'down']) })

export const conditionsForm = z
  .object({ requires: posted })
  .transform((form) => all(form.requires))
  .pipe(z.array(idText).max(LIMITS.activities))

/** The text fields of a form as posted, to show them again next to their errors. */
export function textValues<const K extends string>(
  body: unknown,
  names: readonly K[],
): Record<K, string> {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const values = {} as Record<K, string>
  for (const name of names) {
    const value = fields[name]
    values[name] = typeof value === 'string' ? value : ''
  }
  return values
}

/** What the question form shows: the choice slots and which one is marked correct. */
export interface QuestionValues {
  readonly prompt: string
  readonly choices: readonly string[]
  readonly correctSlot: number | undefined
}

/** Choice slots the form offers (more when a question from the API has more choices). */
export const CHOICE_SLOTS = 6

export const emptyQuestion: QuestionValues = { prompt: '', choices: [], correctSlot: undefined }

export function questionValuesOf(question: Question): QuestionValues {
  return {
    prompt: question.prompt,
    choices: question.choices,
    correctSlot: question.correctIndex,
  }
}

const questionForm = z.object({ prompt: posted, choices: posted, correctIndex: posted })

/** The question form as posted: the slots as typed, the radio's slot. */
export function postedQuestion(body: unknown): QuestionValues {
  const form = questionForm.safeParse(body ?? {})
  const data = form.success ? form.data : {}
  const slot = first(data.correctIndex)
  return {
    prompt: first(data.prompt),
    choices: all(data.choices).slice(0, LIMITS.choices * 4),
    correctSlot: /^\d{1,2}$/.test(slot) ? Number(slot) : undefined,
  }
}

/** The question a posted form stands for: empty slots left out, the radio's slot re-counted. */
export function questionOfForm(values: QuestionValues) {
  const filled = values.choices
    .map((text, slot) => ({ text: text.trim(), slot }))
    .filter((choice) => choice.text !== '')
  const candidate = {
    prompt: values.prompt,
    choices: filled.map((choice) => choice.text),
    correctIndex: filled.findIndex((choice) => choice.slot === values.correctSlot),
  }
  const parsed = questionInput.safeParse(candidate)
  if (!parsed.success) throw new RequestValidationError(parsed.error, 'body')
  return parsed.data
}

/**
 * The refusals of a form by field (the first message of each), or rethrows what is not a
 * refusal: an unknown record is a 404 page, anything else the server's error.
 */
export function formErrorsOf(error: unknown): FieldErrors {
  if (error instanceof RequestValidationError) {
    const errors: Record<string, string> = {}
    for (const issue of error.zodError.issues) {
      const field = String(issue.path[0] ?? '')
      errors[field] ??= issue.message
    }
    return errors
  }
  if (error instanceof ContentRefusal) {
    if (error.status === 404) throw new HttpProblem(404, error.message)
    return { [error.field]: error.message }
  }
  throw error
}

/** Runs a write whose refusals are answered as problems (a button, not a form, posted it). */
export async function asProblem<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof ContentRefusal) throw new HttpProblem(error.status, error.message)
    throw error
  }
}

/** The notices a redirect may ask for (`?saved=<code>`); nothing else is shown. */
export const NOTICES = {
  created: 'Course created. Add its content pages and quizzes below.',
  details: 'Details saved.',
  grade: 'Grade activity saved.',
  order: 'Order saved.',
  activity: 'Activity saved.',
  added: 'Activity added.',
  removed: 'Activity deleted.',
  conditions: 'Conditions saved.',
  question: 'Question saved.',
  'question-removed': 'Question deleted.',
  deleted: 'Course deleted.',
} as const

export type NoticeCode = keyof typeof NOTICES

export function noticeOf(query: unknown): string | undefined {
  const code = (query as Record<string, unknown> | undefined)?.['saved']
  return typeof code === 'string' && Object.hasOwn(NOTICES, code)
    ? NOTICES[code as NoticeCode]
    : undefined
}
