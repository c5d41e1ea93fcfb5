import type {
  MemberSyncMode,
  MemberSyncTrigger,
  Publication,
  PublicationConsumer,
} from '@ltihub/tool'
import { z } from 'zod'

const DAY_MS = 86_400_000
const text = (max: number) => z.string().trim().max(max)
const optionalText = (max: number) =>
  text(max)
    .transform((value) => (value === '' ? undefined : value))
    .optional()
const optionalInt = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{0,9}$/, { error: 'expected a whole number' })
    .transform((value) => (value === '' ? undefined : Number(value)))
    .pipe(z.number().int().min(1).max(max).optional())
    .optional()
/** `<input type="date">`: YYYY-MM-DD, read as midnight UTC. */
const optionalDate = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: 'expected a date (YYYY-MM-DD)' })
  .transform((value) => (value === '' ? undefined : Date.parse(`${value}T00:00:00Z`)))
  .pipe(z.number().int().optional())
  .optional()
const checkbox = z
  .literal('on')
  .optional()
  .transform((value) => value === 'on')

/**
 * The "Publish as LTI tool" form (seed 002): name, what is published, enrolment period, start and
 * end dates, maximum enrolled users, role mapping, who may launch, grades back, member sync and
 * user default values.
 */
export const publishFormSchema = z
  .object({
    name: text(200).min(1, { error: 'a name is required' }),
    /** `course`, or the id of one activity. */
    target: text(200).min(1),
    enabled: checkbox,
    enrolmentPeriodDays: optionalInt(36_500),
    startsOn: optionalDate,
    endsOn: optionalDate,
    maxEnrolledUsers: optionalInt(10_000_000),
    roleInstructor: text(50).min(1),
    roleLearner: text(50).min(1),
    /** `` (every consumer), `lti11:<key>` or `lti13:<registration id>`. */
    consumer: text(300).optional(),
    sendGrades: checkbox,
    onlyOnCompletion: checkbox,
    memberSyncTrigger: z.enum(['off', 'on-launch', 'scheduled']),
    memberSyncMode: z.enum(['enrol-new', 'unenrol-missing', 'both']),
    country: optionalText(2),
    city: optionalText(100),
    timezone: optionalText(64),
    language: optionalText(16),
    institution: optionalText(200),
  })
  .refine(
    (form) =>
      form.startsOn === undefined || form.endsOn === undefined || form.startsOn < form.endsOn,
    {
      error: 'the enrolment end must be after its start',
      path: ['endsOn'],
    },
  )

export type PublishForm = z.output<typeof publishFormSchema>

function consumersOf(value: string | undefined): PublicationConsumer[] {
  if (value === undefined || value === '') return []
  const [kind, ...rest] = value.split(':')
  const id = rest.join(':')
  if (kind === 'lti11' && id !== '') return [{ kind: 'lti11', consumerKey: id }]
  if (kind === 'lti13' && id !== '') return [{ kind: 'lti13', registrationId: id }]
  return []
}

/** The publication a valid form describes. */
export function publicationOf(id: string, courseId: string, form: PublishForm): Publication {
  const consumers = consumersOf(form.consumer)
  const defaults = Object.fromEntries(
    (['country', 'city', 'timezone', 'language', 'institution'] as const).flatMap((name) =>
      form[name] === undefined ? [] : [[name, form[name]]],
    ),
  )
  return {
    id,
    name: form.name,
    courseId,
    ...(form.target === 'course' ? {} : { activityId: form.target }),
    enabled: form.enabled,
    ...(consumers.length === 0 ? {} : { consumers }),
    ...(form.enrolmentPeriodDays === undefined
      ? {}
      : { enrolmentPeriodMs: form.enrolmentPeriodDays * DAY_MS }),
    ...(form.startsOn === undefined ? {} : { enrolmentStartsAt: form.startsOn }),
    // The end date is inclusive: enrolment closes when that day is over.
    ...(form.endsOn === undefined ? {} : { enrolmentEndsAt: form.endsOn + DAY_MS }),
    ...(form.maxEnrolledUsers === undefined ? {} : { maxEnrolledUsers: form.maxEnrolledUsers }),
    roleMapping: { instructor: form.roleInstructor, learner: form.roleLearner },
    grades: { sendBack: form.sendGrades, onlyOnCompletion: form.onlyOnCompletion },
    memberSync: {
      trigger: form.memberSyncTrigger as MemberSyncTrigger,
      mode: form.memberSyncMode as MemberSyncMode,
    },
    userDefaults: defaults,
  }
}
