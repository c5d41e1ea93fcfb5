import type { ConsumerKey, Course, PlatformRegistration, Publication } from '@ltihub/tool'
import {
  ButtonForm,
  Checkbox,
  ConfirmDelete,
  ErrorSummary,
  type FieldErrors,
  Saved,
  Select,
  TextField,
} from '../../console/form.js'
import type { ContentActivity } from '../tool-content/repository.js'
import { ACCESS_PATHS, sub } from './paths.js'
import type { PublishValues } from './publish-form.js'
import { PATHS } from './publish-pages.js'

export const PUBLICATION_NOTICES = {
  created: 'Published. Give the launch information below to the LMS administrator.',
  saved: 'Publication saved.',
  enabled: 'Publication enabled: learners can launch it.',
  disabled: 'Publication disabled: launches are refused until you enable it.',
  deleted: 'Publication deleted.',
} as const

const ROLES = [
  ['student', 'Student'],
  ['teacher', 'Teacher'],
  ['editingteacher', 'Editing teacher'],
  ['guest', 'Guest'],
] as const

export interface PublicationFormProps {
  readonly action: string
  readonly submit: string
  readonly activities: readonly ContentActivity[]
  readonly keys: readonly ConsumerKey[]
  readonly registrations: readonly PlatformRegistration[]
  readonly values: PublishValues
  readonly errors: FieldErrors
}

/** "Publish as LTI tool": the same form creates a publication and edits one. */
export function PublicationForm(props: PublicationFormProps) {
  const { values, errors } = props
  const form = 'publication'
  const text = (
    name:
      | 'enrolmentPeriodDays'
      | 'maxEnrolledUsers'
      | 'country'
      | 'city'
      | 'timezone'
      | 'language'
      | 'institution',
    label: string,
    maxLength: number,
    hint?: string,
  ) => (
    <TextField
      form={form}
      label={label}
      name={name}
      value={values[name]}
      errors={errors}
      maxLength={maxLength}
      {...(hint === undefined ? {} : { hint })}
    />
  )
  return (
    <>
      <ErrorSummary errors={errors} form={form} testId="publish-errors" />
      <form method="post" action={props.action} class="stack" data-testid="publish-form">
        <TextField
          form={form}
          label="Name"
          name="name"
          value={values.name}
          errors={errors}
          maxLength={200}
          required
        />
        <Select
          form={form}
          label="Tool to publish"
          name="target"
          value={values.target}
          errors={errors}
          options={[
            ['course', 'Course'],
            ...props.activities.map((a) => [a.id, `Activity: ${a.title}`] as const),
          ]}
        />
        <Checkbox
          form={form}
          label="Enabled"
          name="enabled"
          checked={values.enabled}
          errors={errors}
        />
        {text('enrolmentPeriodDays', 'Enrolment period (days, empty = unlimited)', 9)}
        <TextField
          form={form}
          label="Enrolment starts"
          name="startsOn"
          type="date"
          value={values.startsOn}
          errors={errors}
          maxLength={10}
        />
        <TextField
          form={form}
          label="Enrolment ends"
          name="endsOn"
          type="date"
          value={values.endsOn}
          errors={errors}
          maxLength={10}
        />
        {text('maxEnrolledUsers', 'Maximum enrolled users (empty = unlimited)', 9)}
        <Select
          form={form}
          label="Teacher role"
          name="roleInstructor"
          value={values.roleInstructor}
          errors={errors}
          options={ROLES}
        />
        <Select
          form={form}
          label="Learner role"
          name="roleLearner"
          value={values.roleLearner}
          errors={errors}
          options={ROLES}
        />
        <h2>Remote system</h2>
        <Select
          form={form}
          label="Who may launch (the LTI 1.1 consumer key holds the secret to share)"
          name="consumer"
          value={values.consumer}
          errors={errors}
          options={[
            ['', 'Every configured consumer'],
            ...props.keys.map((k) => [`lti11:${k.key}`, `LTI 1.1: ${k.name} (${k.key})`] as const),
            ...props.registrations.map((r) => [`lti13:${r.id}`, `LTI 1.3: ${r.name}`] as const),
          ]}
        />
        <Checkbox
          form={form}
          label="Send grades back"
          name="sendGrades"
          checked={values.sendGrades}
          errors={errors}
        />
        <Checkbox
          form={form}
          label="Grade synchronisation only on completion"
          name="onlyOnCompletion"
          checked={values.onlyOnCompletion}
          errors={errors}
        />
        <Select
          form={form}
          label="Synchronise members"
          name="memberSyncTrigger"
          value={values.memberSyncTrigger}
          errors={errors}
          options={[
            ['off', 'No'],
            ['on-launch', 'When a new user launches'],
            ['scheduled', 'Yes, by a scheduled task'],
          ]}
        />
        <Select
          form={form}
          label="Synchronisation mode"
          name="memberSyncMode"
          value={values.memberSyncMode}
          errors={errors}
          options={[
            ['enrol-new', 'Enrol new members'],
            ['unenrol-missing', 'Unenrol missing members'],
            ['both', 'Enrol new and unenrol missing'],
          ]}
        />
        <h2>User default values</h2>
        {text('country', 'Country (ISO code)', 2)}
        {text('city', 'City', 100)}
        {text('timezone', 'Timezone', 64)}
        {text('language', 'Language', 16)}
        {text('institution', 'Institution', 200)}
        <button type="submit">{props.submit}</button>
      </form>
    </>
  )
}

/** One publication: its state, its settings to edit, enable or disable, delete. */
export function PublicationPage(props: {
  course: Course
  publication: Publication
  enrolled: number
  form: Omit<PublicationFormProps, 'action' | 'submit'>
  notice: string | undefined
}) {
  const { publication, course } = props
  const path = ACCESS_PATHS.publication(publication.id)
  return (
    <>
      <Saved message={props.notice} />
      <p>
        Course <a href={PATHS.course(course.id)}>{course.title}</a> ·{' '}
        <a href={PATHS.published(course.id)}>Launch information</a>
      </p>
      <dl class="facts">
        <dt>Status</dt>
        <dd data-testid="publication-status">{publication.enabled ? 'Enabled' : 'Disabled'}</dd>
        <dt>Enrolled</dt>
        <dd>{props.enrolled}</dd>
      </dl>
      <div class="actions">
        <ButtonForm
          action={sub(path, 'enabled')}
          label={publication.enabled ? 'Disable' : 'Enable'}
          name="enabled"
          value={publication.enabled ? 'off' : 'on'}
        />
        <a href={sub(path, 'delete')}>Delete…</a>
      </div>
      <h2>Settings</h2>
      <PublicationForm {...props.form} action={path} submit="Save" />
    </>
  )
}

export function PublicationDeletePage(props: {
  publication: Publication
  usage: { enrolments: number; undeliveredGrades: number }
  errors: FieldErrors
}) {
  const { publication, usage } = props
  const path = ACCESS_PATHS.publication(publication.id)
  return (
    <ConfirmDelete
      heading={`Delete the publication ${publication.name}`}
      action={sub(path, 'delete')}
      button="Delete publication"
      cancelHref={path}
      errors={props.errors}
      consequences={
        <>
          <p>Launches of it are refused from then on; LMS links to it stop working. Also:</p>
          <ul data-testid="consequences">
            <li>Its {usage.enrolments} active enrolment(s) are deleted.</li>
            <li>{usage.undeliveredGrades} grade(s) not yet delivered are dropped.</li>
            <li>Licences already counted stay in the licence report.</li>
          </ul>
          <p>To stop launches for a while instead, disable the publication.</p>
        </>
      }
    />
  )
}
