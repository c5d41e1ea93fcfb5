import type {
  ConsumerKey,
  Course,
  LaunchInformation,
  PlatformRegistration,
  Publication,
} from '@ltihub/tool'
import { ErrorSummary, type FieldErrors, TextField } from '../tool-content/form-bits.js'
import { AUTHORING } from '../tool-content/paths.js'
import type { ContentActivity } from '../tool-content/repository.js'

export const PATHS = {
  courses: '/console/tool/courses',
  course: (id: string) => `/console/tool/courses/${encodeURIComponent(id)}`,
  publish: (id: string) => `/console/tool/courses/${encodeURIComponent(id)}/publish`,
  published: (id: string) => `/console/tool/courses/${encodeURIComponent(id)}/published`,
} as const

export function CoursesPage(props: {
  courses: readonly Course[]
  counts: ReadonlyMap<string, number>
}) {
  // Courses are written in course authoring; this page publishes them.
  const newCourse = (
    <p>
      <a href={AUTHORING.newCourse}>New course</a>
    </p>
  )
  if (props.courses.length === 0)
    return (
      <>
        {newCourse}
        <p>No courses yet.</p>
      </>
    )
  return (
    <>
      {newCourse}
      <table data-testid="courses">
        <thead>
          <tr>
            <th>Course</th>
            <th>External ID</th>
            <th>Publications</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.courses.map((course) => (
            <tr key={course.id}>
              <td>
                <a href={PATHS.course(course.id)}>{course.title}</a>
              </td>
              <td>{course.externalId ?? '—'}</td>
              <td>{props.counts.get(course.id) ?? 0}</td>
              <td>
                <a href={AUTHORING.course(course.id)}>Edit content</a>
                {' · '}
                <a href={PATHS.publish(course.id)}>Publish as LTI tool</a>
                {' · '}
                <a href={PATHS.published(course.id)}>Published as LTI tools</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/**
 * Course settings: the external ID consumers name it by and "Base course grade on" (a quiz: a
 * page yields no score). Saved through course authoring, so both pages keep the same rules.
 */
export function CourseSettingsPage(props: {
  course: Course
  activities: readonly ContentActivity[]
  saved: boolean
  /** A refused form: what was posted, and why. */
  refused?: { externalId: string; errors: FieldErrors } | undefined
}) {
  const { course, refused } = props
  const errors = refused?.errors ?? {}
  const quizzes = props.activities.filter((activity) => activity.kind === 'quiz')
  return (
    <>
      {props.saved ? <p role="status">Settings saved.</p> : null}
      <ErrorSummary errors={errors} />
      <form method="post" action={PATHS.course(course.id)} class="stack">
        <TextField
          form="settings"
          label="External ID"
          name="externalId"
          value={refused?.externalId ?? course.externalId ?? ''}
          errors={errors}
          maxLength={100}
        />
        <label>
          Base course grade on (a quiz){' '}
          <select name="gradeActivityId">
            <option value="">(no grade)</option>
            {quizzes.map((activity) => (
              <option
                key={activity.id}
                value={activity.id}
                selected={activity.id === course.gradeActivityId}
              >
                {activity.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Update</button>
      </form>
      <h2>Activities</h2>
      <ol>
        {props.activities.map((activity) => (
          <li key={activity.id}>
            {activity.title} ({activity.kind})
            {activity.requires.length > 0 ? ' — opens when earlier activities are complete' : ''}
          </li>
        ))}
      </ol>
      <p>
        <a href={AUTHORING.course(course.id)}>Edit content</a> ·{' '}
        <a href={PATHS.publish(course.id)}>Publish as LTI tool</a> ·{' '}
        <a href={PATHS.published(course.id)}>Published as LTI tools</a>
      </p>
    </>
  )
}

export interface PublishFormProps {
  readonly course: Course
  readonly activities: readonly ContentActivity[]
  readonly keys: readonly ConsumerKey[]
  readonly registrations: readonly PlatformRegistration[]
  readonly errors: readonly string[]
}

function Field(props: { label: string; name: string; type?: string; value?: string }) {
  return (
    <label>
      {props.label}{' '}
      <input name={props.name} type={props.type ?? 'text'} value={props.value ?? ''} />
    </label>
  )
}

function Select(props: {
  label: string
  name: string
  options: readonly (readonly [string, string])[]
}) {
  return (
    <label>
      {props.label}{' '}
      <select name={props.name}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  )
}

const ROLES = [
  ['student', 'Student'],
  ['teacher', 'Teacher'],
  ['editingteacher', 'Editing teacher'],
  ['guest', 'Guest'],
] as const

export function PublishPage(props: PublishFormProps) {
  const { course } = props
  return (
    <form method="post" action={PATHS.publish(course.id)} class="stack" data-testid="publish-form">
      {props.errors.length > 0 ? (
        <ul role="alert" data-testid="publish-errors">
          {props.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
      <h2>Publish as LTI tool</h2>
      <Field label="Name" name="name" value={course.title} />
      <Select
        label="Tool to publish"
        name="target"
        options={[
          ['course', 'Course'],
          ...props.activities.map((a) => [a.id, `Activity: ${a.title}`] as const),
        ]}
      />
      <label>
        <input type="checkbox" name="enabled" checked /> Enabled
      </label>
      <Field label="Enrolment period (days, empty = unlimited)" name="enrolmentPeriodDays" />
      <Field label="Enrolment starts" name="startsOn" type="date" />
      <Field label="Enrolment ends" name="endsOn" type="date" />
      <Field label="Maximum enrolled users (empty = unlimited)" name="maxEnrolledUsers" />
      <Select
        label="Teacher role"
        name="roleInstructor"
        options={[['teacher', 'Teacher'], ...ROLES.filter(([v]) => v !== 'teacher')]}
      />
      <Select label="Learner role" name="roleLearner" options={ROLES} />
      <h2>Remote system</h2>
      <Select
        label="Who may launch (the LTI 1.1 consumer key holds the secret to share)"
        name="consumer"
        options={[
          ['', 'Every configured consumer'],
          ...props.keys.map((k) => [`lti11:${k.key}`, `LTI 1.1: ${k.name} (${k.key})`] as const),
          ...props.registrations.map((r) => [`lti13:${r.id}`, `LTI 1.3: ${r.name}`] as const),
        ]}
      />
      <label>
        <input type="checkbox" name="sendGrades" checked /> Send grades back
      </label>
      <label>
        <input type="checkbox" name="onlyOnCompletion" checked /> Grade synchronisation only on
        completion
      </label>
      <Select
        label="Synchronise members"
        name="memberSyncTrigger"
        options={[
          ['off', 'No'],
          ['on-launch', 'When a new user launches'],
          ['scheduled', 'Yes, by a scheduled task'],
        ]}
      />
      <Select
        label="Synchronisation mode"
        name="memberSyncMode"
        options={[
          ['enrol-new', 'Enrol new members'],
          ['unenrol-missing', 'Unenrol missing members'],
          ['both', 'Enrol new and unenrol missing'],
        ]}
      />
      <h2>User default values</h2>
      <Field label="Country (ISO code)" name="country" />
      <Field label="City" name="city" />
      <Field label="Timezone" name="timezone" />
      <Field label="Language" name="language" />
      <Field label="Institution" name="institution" />
      <button type="submit">Add method</button>
    </form>
  )
}

function Fact(props: { label: string; value: string | undefined; testId?: string }) {
  if (props.value === undefined) return null
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        <code data-testid={props.testId}>{props.value}</code>
      </dd>
    </>
  )
}

export interface PublishedEntry {
  readonly publication: Publication
  readonly info: LaunchInformation
  readonly xml: string
  readonly enrolled: number
}

export function PublishedPage(props: {
  course: Course
  entries: readonly PublishedEntry[]
  keys: readonly ConsumerKey[]
  selectedKey: string | undefined
}) {
  if (props.entries.length === 0) {
    return (
      <p data-testid="published-empty">
        This course is not published yet.{' '}
        <a href={PATHS.publish(props.course.id)}>Publish as LTI tool</a>
      </p>
    )
  }
  return (
    <>
      <form method="get" action={PATHS.published(props.course.id)} class="stack">
        <label>
          Select LTI configuration{' '}
          <select name="key">
            <option value="">(none)</option>
            {props.keys.map((k) => (
              <option key={k.key} value={k.key} selected={k.key === props.selectedKey}>
                {k.name} ({k.key})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      {props.entries.map(({ publication, info, xml, enrolled }) => (
        <section key={publication.id} class="card wide" data-testid="published-tool">
          <h2>{publication.name}</h2>
          <p>
            {publication.enabled ? 'Enabled' : 'Disabled'} · {enrolled} enrolled
            {publication.maxEnrolledUsers === undefined
              ? ''
              : ` of at most ${publication.maxEnrolledUsers}`}
          </p>
          <h3>LTI 1.1: information with custom parameters</h3>
          <dl class="facts">
            <Fact label="Launch URL" value={info.lti11.launchUrl} testId="launch-url" />
            <Fact
              label="Custom parameters"
              value={info.lti11.customParameters}
              testId="custom-parameters"
            />
            <Fact label="Cartridge URL" value={info.lti11.cartridgeUrl} testId="cartridge-url" />
            <Fact label="Consumer key" value={info.lti11.consumerKey} testId="consumer-key" />
            <Fact label="Secret" value={info.lti11.secret} testId="secret" />
          </dl>
          <h3>LTI 1.1: information without custom parameters</h3>
          <dl class="facts">
            <Fact
              label="Launch URL (external ID in the URL)"
              value={info.lti11.launchUrlWithExternalId ?? 'Set an external ID on the course first'}
              testId="launch-url-external-id"
            />
          </dl>
          <h3>LTI 1.3</h3>
          <dl class="facts">
            <Fact
              label="Registration URL (Dynamic Registration)"
              value={info.lti13.registrationUrl}
              testId="registration-url"
            />
            <Fact label="Login initiation URL" value={info.lti13.loginUrl} />
            <Fact label="Redirect URI / target link URI" value={info.lti13.redirectUrl} />
            <Fact label="Public keyset URL" value={info.lti13.jwksUrl} />
            <Fact label="Custom parameters" value={info.lti13.customParameters} />
          </dl>
          <h3>Basic LTI configuration</h3>
          <pre data-testid="basic-lti-xml">{xml}</pre>
        </section>
      ))}
    </>
  )
}
