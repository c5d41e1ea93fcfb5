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
    .regex(/^\d{0,9}$/, { error: 'must be a whole number' })
    .transform((value) => (value === '' ? undefined : Number(value)))
    .pipe(z.number().int().min(1).max(max).optional())
    .optional()
/** `<input type="date">`: YYYY-MM-DD, read as midnight UTC. */
const optionalDate = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: 'must be a date (YYYY-MM-DD)' })
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
    name: text(200).min(1, { error: 'is required' }),
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
      error: 'must be after Enrolment starts',
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

/** The label each field's messages are written with (as the form shows it). */
export const PUBLISH_LABELS = {
  name: 'Name',
  target: 'Tool to publish',
  enabled: 'Enabled',
  enrolmentPeriodDays: 'Enrolment period',
  startsOn: 'Enrolment starts',
  endsOn: 'Enrolment ends',
  maxEnrolledUsers: 'Maximum enrolled users',
  roleInstructor: 'Teacher role',
  roleLearner: 'Learner role',
  consumer: 'Who may launch',
  sendGrades: 'Send grades back',
  onlyOnCompletion: 'Grade synchronisation only on completion',
  memberSyncTrigger: 'Synchronise members',
  memberSyncMode: 'Synchronisation mode',
  country: 'Country',
  city: 'City',
  timezone: 'Timezone',
  language: 'Language',
  institution: 'Institution',
} as const

const TEXT_FIELDS = [
  'name',
  'target',
  'enrolmentPeriodDays',
  'startsOn',
  'endsOn',
  'maxEnrolledUsers',
  'roleInstructor',
  'roleLearner',
  'consumer',
  'memberSyncTrigger',
  'memberSyncMode',
  'country',
  'city',
  'timezone',
  'language',
  'institution',
] as const
type Checkbox = 'enabled' | 'sendGrades' | 'onlyOnCompletion'

/** What the form shows: text as typed, tick boxes ticked or not. */
export type PublishValues = Readonly<
  Record<(typeof TEXT_FIELDS)[number], string> & Record<Checkbox, boolean>
>

/** A new publication's form: the course's title, the whole course, grades back. */
export const newPublishValues = (title: string): PublishValues => ({
  name: title,
  target: 'course',
  enabled: true,
  enrolmentPeriodDays: '',
  startsOn: '',
  endsOn: '',
  maxEnrolledUsers: '',
  roleInstructor: 'teacher',
  roleLearner: 'student',
  consumer: '',
  sendGrades: true,
  onlyOnCompletion: true,
  memberSyncTrigger: 'off',
  memberSyncMode: 'enrol-new',
  country: '',
  city: '',
  timezone: '',
  language: '',
  institution: '',
})

/** The form as posted, to show it again with its messages. */
export function postedPublishValues(body: unknown): PublishValues {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const text = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '')
  return {
    ...(Object.fromEntries(TEXT_FIELDS.map((name) => [name, text(name)])) as Record<
      (typeof TEXT_FIELDS)[number],
      string
    >),
    enabled: fields['enabled'] === 'on',
    sendGrades: fields['sendGrades'] === 'on',
    onlyOnCompletion: fields['onlyOnCompletion'] === 'on',
  }
}

const isoDay = (ms: number | undefined) =>
  ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10)
const consumerValue = (consumers: readonly PublicationConsumer[] | undefined): string => {
  const first = consumers?.[0]
  if (first === undefined) return ''
  return first.kind === 'lti11' ? `lti11:${first.consumerKey}` : `lti13:${first.registrationId}`
}

/** A saved publication as the form shows it (the inverse of `publicationOf`). */
export function publishValuesOf(publication: Publication): PublishValues {
  const defaults = publication.userDefaults
  return {
    name: publication.name,
    target: publication.activityId ?? 'course',
    enabled: publication.enabled,
    enrolmentPeriodDays:
      publication.enrolmentPeriodMs === undefined
        ? ''
        : String(Math.round(publication.enrolmentPeriodMs / DAY_MS)),
    startsOn: isoDay(publication.enrolmentStartsAt),
    endsOn: isoDay(
      publication.enrolmentEndsAt === undefined ? undefined : publication.enrolmentEndsAt - DAY_MS,
    ),
    maxEnrolledUsers:
      publication.maxEnrolledUsers === undefined ? '' : String(publication.maxEnrolledUsers),
    roleInstructor: publication.roleMapping.instructor,
    roleLearner: publication.roleMapping.learner,
    consumer: consumerValue(publication.consumers),
    sendGrades: publication.grades.sendBack,
    onlyOnCompletion: publication.grades.onlyOnCompletion,
    memberSyncTrigger: publication.memberSync.trigger,
    memberSyncMode: publication.memberSync.mode,
    country: defaults.country ?? '',
    city: defaults.city ?? '',
    timezone: defaults.timezone ?? '',
    language: defaults.language ?? '',
    institution: defaults.institution ?? '',
  }
}
