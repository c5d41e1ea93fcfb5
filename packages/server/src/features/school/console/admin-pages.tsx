import { ErrorSummary, type FieldErrors, Refused, Saved, Select } from '../../../console/form.js'
import type { Course, School, Section, SectionEnrolment, User } from '../model.js'

/** Console pages of the school model for administrators: schools, people, courses, sections. */

export function SchoolsPage({
  schools,
  notice,
}: {
  schools: readonly School[]
  notice: string | undefined
}) {
  return (
    <>
      <h1>Schools</h1>
      <Saved message={notice} />
      <section class="card wide" data-testid="schools">
        <p class="muted">
          LTI connections can only be enabled for schools holding the learning licence.
        </p>
        <table>
          <thead>
            <tr>
              <th>School</th>
              <th>LTI licence</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schools.map((school) => (
              <tr key={school.id}>
                <td>{school.name}</td>
                <td>
                  {school.ltiLicensed ? (
                    <span class="badge ok">licensed</span>
                  ) : (
                    <span class="badge muted">no licence</span>
                  )}
                </td>
                <td>
                  <form method="post" action={`/console/platform/schools/${school.id}/licence`}>
                    <input
                      type="hidden"
                      name="ltiLicensed"
                      value={school.ltiLicensed ? '0' : '1'}
                    />
                    <button type="submit" class="secondary">
                      {school.ltiLicensed ? 'Remove licence' : 'Grant licence'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

export interface PersonRow {
  readonly user: User
  readonly schools: readonly string[]
  readonly students: readonly string[]
}

function ToolRight({ user }: { user: User }) {
  if (user.kind !== 'teacher' && user.kind !== 'administrator') return <span class="muted">—</span>
  return (
    <form method="post" action={`/console/platform/people/${user.id}/tool-right`}>
      <input
        type="hidden"
        name="externalLearningTools"
        value={user.externalLearningTools ? '0' : '1'}
      />
      <span class={user.externalLearningTools ? 'badge ok' : 'badge muted'}>
        {user.externalLearningTools ? 'granted' : 'none'}
      </span>{' '}
      <button type="submit" class="secondary" data-testid={`tool-right-${user.loginName}`}>
        {user.externalLearningTools ? 'Revoke' : 'Grant'}
      </button>
    </form>
  )
}

export function PeoplePage({
  people,
  notice,
}: {
  people: readonly PersonRow[]
  notice: string | undefined
}) {
  return (
    <>
      <h1>People</h1>
      <Saved message={notice} />
      <section class="card wide" data-testid="people">
        <p class="muted">
          The External Learning Tools right lets a teacher add LTI content to their courses. Tools
          match teachers by email address: give every teacher one.
        </p>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Email</th>
              <th>Schools</th>
              <th>External Learning Tools</th>
            </tr>
          </thead>
          <tbody>
            {people.map(({ user, schools, students }) => (
              <tr key={user.id}>
                <td>
                  {user.givenName} {user.familyName}
                  <br />
                  <code class="muted">{user.loginName}</code>
                  <br />
                  <a href={`/console/accounts/${encodeURIComponent(user.id)}`}>
                    Sign-in and sessions
                  </a>
                </td>
                <td>
                  {user.kind}
                  {students.length > 0 && <div class="muted">of {students.join(', ')}</div>}
                </td>
                <td>
                  {user.email ?? (
                    <span class={user.kind === 'student' ? 'muted' : 'warn'}>no email</span>
                  )}
                </td>
                <td>
                  {schools.length > 0 ? schools.join(', ') : <span class="muted">district</span>}
                </td>
                <td>
                  <ToolRight user={user} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

export interface CourseGroup {
  readonly course: Course
  readonly school: string
  readonly sections: readonly Section[]
}

export function CoursesPage({ groups }: { groups: readonly CourseGroup[] }) {
  return (
    <>
      <h1>Courses and sections</h1>
      {groups.length === 0 && <p class="muted">No sections to show.</p>}
      <div class="cards">
        {groups.map(({ course, school, sections }) => (
          <section class="card" key={course.id} data-testid={`course-${course.code}`}>
            <h2>
              {course.title} <code class="muted">{course.code}</code>
            </h2>
            <p class="muted">{school}</p>
            <ul>
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={`/console/platform/sections/${section.id}`}>
                    {section.label}, {section.term}
                  </a>
                  {section.copiedFrom !== null && <span class="muted"> (copied)</span>}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  )
}

export interface RosterRow {
  readonly enrolment: SectionEnrolment
  readonly user: User | undefined
}

/** What a refused enrol or status form brings back: its messages and the values as posted. */
export interface RefusedForm {
  readonly errors: FieldErrors
  readonly values: Readonly<Record<string, string>>
}

export const ENROL_LABELS = { userId: 'Person', role: 'Role' } as const

function EnrolForm(props: {
  section: Section
  candidates: readonly User[]
  refused: RefusedForm | undefined
}) {
  const { section, candidates } = props
  const errors = props.refused?.errors ?? {}
  const values = props.refused?.values ?? {}
  return (
    <section class="card" data-testid="enrol">
      <h2>Enrol</h2>
      <ErrorSummary errors={errors} form="enrol" />
      {candidates.length === 0 ? (
        <p class="muted">Everyone of this school is enrolled already.</p>
      ) : (
        <form
          class="stack"
          method="post"
          action={`/console/platform/sections/${section.id}/enrolments`}
        >
          <Select
            form="enrol"
            name="userId"
            label={ENROL_LABELS.userId}
            errors={errors}
            value={values['userId'] ?? ''}
            options={candidates.map((user) => [
              user.id,
              `${user.givenName} ${user.familyName} (${user.kind})`,
            ])}
          />
          <Select
            form="enrol"
            name="role"
            label={ENROL_LABELS.role}
            errors={errors}
            value={values['role'] ?? ''}
            options={[
              ['student', 'student'],
              ['teacher', 'teacher'],
              ['teaching_assistant', 'teaching assistant'],
            ]}
          />
          <button type="submit">Enrol</button>
        </form>
      )}
    </section>
  )
}

export interface SectionPageProps {
  readonly section: Section
  readonly roster: readonly RosterRow[]
  /** People of the section's school who could be enrolled; only for administrators. */
  readonly candidates: readonly User[] | undefined
  /** A refused enrol form, shown with its messages and the values as posted. */
  readonly refused?: RefusedForm | undefined
  /** Why a status change was refused. */
  readonly statusError?: string | undefined
}

export function SectionPage(props: SectionPageProps) {
  const { section, roster, candidates, refused } = props
  const base = `/console/platform/sections/${section.id}`
  return (
    <>
      <h1>
        {section.courseTitle}, {section.label}
      </h1>
      <p>
        <code>{section.courseCode}</code> · {section.term} ·{' '}
        <a href={`${base}/assignments`}>Assignments</a> · <a href={`${base}/grades`}>Grade book</a>
      </p>
      <Refused message={props.statusError} />
      <div class="cards">
        <section class="card wide" data-testid="roster">
          <h2>Enrolments</h2>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {roster.map(({ enrolment, user }) => (
                <tr key={enrolment.userId}>
                  <td>
                    {user === undefined ? enrolment.userId : `${user.givenName} ${user.familyName}`}
                  </td>
                  <td>{enrolment.role.replace('_', ' ')}</td>
                  <td class={enrolment.status === 'active' ? 'ok' : 'muted'}>
                    {enrolment.status}
                    {candidates !== undefined && (
                      <form
                        method="post"
                        action={`/console/platform/sections/${section.id}/enrolments/${enrolment.userId}/status`}
                      >
                        <input
                          type="hidden"
                          name="status"
                          value={enrolment.status === 'active' ? 'inactive' : 'active'}
                        />
                        <button type="submit" class="secondary">
                          {enrolment.status === 'active' ? 'Deactivate' : 'Activate'}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {candidates !== undefined && (
          <EnrolForm section={section} candidates={candidates} refused={refused} />
        )}
      </div>
    </>
  )
}
