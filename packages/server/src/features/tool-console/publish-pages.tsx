import type { ConsumerKey, Course, LaunchInformation, Publication } from '@ltihub/tool'
import { ErrorSummary, type FieldErrors, Saved, Select, TextField } from '../../console/form.js'
import { ACCESS_PATHS } from './paths.js'
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
  /** Whether the person may author content (else no link to authoring pages). */
  canAuthor: boolean
}) {
  // Courses are written in course authoring; this page publishes them.
  const newCourse = props.canAuthor ? (
    <p>
      <a href={AUTHORING.newCourse}>New course</a>
    </p>
  ) : null
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
                {props.canAuthor && (
                  <>
                    <a href={AUTHORING.course(course.id)}>Edit content</a>
                    {' · '}
                  </>
                )}
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
  refused?: { externalId: string; gradeActivityId: string; errors: FieldErrors } | undefined
  /** Whether the person may author content (else no link to authoring pages). */
  canAuthor: boolean
}) {
  const { course, refused } = props
  const errors = refused?.errors ?? {}
  const quizzes = props.activities.filter((activity) => activity.kind === 'quiz')
  return (
    <>
      <Saved message={props.saved ? 'Course settings saved.' : undefined} />
      <ErrorSummary errors={errors} form="settings" />
      <form method="post" action={PATHS.course(course.id)} class="stack">
        <TextField
          form="settings"
          label="External ID"
          name="externalId"
          value={refused?.externalId ?? course.externalId ?? ''}
          errors={errors}
          maxLength={100}
        />
        <Select
          form="settings"
          label="Base course grade on (a quiz)"
          name="gradeActivityId"
          value={refused?.gradeActivityId ?? course.gradeActivityId ?? ''}
          errors={errors}
          options={[
            ['', '(no grade)'],
            ...quizzes.map((activity) => [activity.id, activity.title] as const),
          ]}
        />
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
        {props.canAuthor && (
          <>
            <a href={AUTHORING.course(course.id)}>Edit content</a> ·{' '}
          </>
        )}
        <a href={PATHS.publish(course.id)}>Publish as LTI tool</a> ·{' '}
        <a href={PATHS.published(course.id)}>Published as LTI tools</a>
      </p>
    </>
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
  notice: string | undefined
}) {
  if (props.entries.length === 0) {
    return (
      <>
        <Saved message={props.notice} />
        <p data-testid="published-empty">
          This course is not published yet.{' '}
          <a href={PATHS.publish(props.course.id)}>Publish as LTI tool</a>
        </p>
      </>
    )
  }
  return (
    <>
      <Saved message={props.notice} />
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
              : ` of at most ${publication.maxEnrolledUsers}`}{' '}
            · <a href={ACCESS_PATHS.publication(publication.id)}>Settings, disable or delete</a>
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
