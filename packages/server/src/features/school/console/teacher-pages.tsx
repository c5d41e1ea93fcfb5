import { ErrorSummary, Select, TextField } from '../../../console/form.js'
import { LocalTime } from '../../../console/local-time.js'
import type { RefusedForm } from './admin-pages.js'
import type { AssignmentRecord, GradeEntryRecord, Section, User } from '../model.js'

/** A teacher's console pages for one section: its assignments and its grade book. */

function scoringText(assignment: AssignmentRecord): string {
  if (assignment.scoring === 'points') return `${assignment.pointsPossible ?? 0} points`
  return assignment.scoring === 'marks' ? 'marks' : 'rubric'
}

function SectionHeading({ section, page }: { section: Section; page: string }) {
  return (
    <>
      <h1>
        {page}: {section.courseTitle}, {section.label}
      </h1>
      <p>
        <a href={`/console/platform/sections/${section.id}`}>Section</a> ·{' '}
        <a href={`/console/platform/sections/${section.id}/assignments`}>Assignments</a> ·{' '}
        <a href={`/console/platform/sections/${section.id}/grades`}>Grade book</a>
      </p>
    </>
  )
}

function NewAssignmentForm({ section, error }: { section: Section; error: string | undefined }) {
  return (
    <section class="card" data-testid="new-assignment">
      <h2>New assignment</h2>
      {error !== undefined && <p class="bad">{error}</p>}
      <form
        class="stack"
        method="post"
        action={`/console/platform/sections/${section.id}/assignments`}
      >
        <label>
          Title <input name="title" required maxLength={200} />
        </label>
        <label>
          Scored by{' '}
          <select name="scoring">
            <option value="points">points</option>
            <option value="marks">marks</option>
            <option value="rubric">rubric</option>
          </select>
        </label>
        <label>
          Points possible (points only){' '}
          <input name="pointsPossible" type="number" min="1" step="any" />
        </label>
        <label>
          Summary <textarea name="summary" maxLength={4000} />
        </label>
        <button type="submit">Add assignment</button>
      </form>
    </section>
  )
}

export interface AssignmentsPageProps {
  readonly section: Section
  readonly assignments: readonly AssignmentRecord[]
  readonly canManage: boolean
  readonly error?: string | undefined
}

export function AssignmentsPage({ section, assignments, canManage, error }: AssignmentsPageProps) {
  return (
    <>
      <SectionHeading section={section} page="Assignments" />
      <div class="cards">
        <section class="card wide" data-testid="assignments">
          <table>
            <thead>
              <tr>
                <th>Assignment</th>
                <th>Scored by</th>
                <th>Due</th>
                <th>Score passback</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((assignment) => (
                <tr key={assignment.id}>
                  <td>
                    {assignment.title}
                    {assignment.summary !== null && <div class="muted">{assignment.summary}</div>}
                  </td>
                  <td>{scoringText(assignment)}</td>
                  <td>
                    {assignment.dueAt === null ? '—' : <LocalTime epochMs={assignment.dueAt} />}
                  </td>
                  <td>
                    {assignment.scoring === 'points' ? (
                      <span class="badge ok">possible</span>
                    ) : (
                      <span class="muted">points only</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {canManage && <NewAssignmentForm section={section} error={error} />}
      </div>
    </>
  )
}

const SOURCE_LABEL = { 'lti-ags': 'tool (AGS)', 'lti-bo': 'tool (LTI 1.1)', manual: 'teacher' }

function GradeCell({ entry }: { entry: GradeEntryRecord | undefined }) {
  if (entry === undefined) return <td class="muted">—</td>
  const value =
    entry.mark ?? (entry.points === null ? 'cleared' : `${Number(entry.points.toFixed(2))}`)
  return (
    <td title={`${SOURCE_LABEL[entry.source]} at ${entry.scoredAt}`}>
      {value}
      {entry.percentage !== null && (
        <span class="muted"> ({Number(entry.percentage.toFixed(1))}%)</span>
      )}
      {entry.source !== 'manual' && <span class="badge ok"> tool</span>}
    </td>
  )
}

export const GRADE_LABELS = {
  studentId: 'Student',
  assignmentId: 'Assignment',
  value: 'Points or mark',
  comment: 'Comment',
} as const

function GradeForm(props: GradeBookPageProps) {
  const errors = props.refused?.errors ?? {}
  const values = props.refused?.values ?? {}
  const field = { form: 'grade', errors } as const
  return (
    <section class="card" data-testid="grade-form">
      <h2>Enter a grade</h2>
      <form
        class="stack"
        method="post"
        action={`/console/platform/sections/${props.section.id}/grades`}
      >
        <ErrorSummary errors={errors} form="grade" />
        <Select
          {...field}
          name="studentId"
          label={GRADE_LABELS.studentId}
          value={values['studentId'] ?? ''}
          options={props.students.map((student) => [
            student.id,
            `${student.givenName} ${student.familyName}`,
          ])}
        />
        <Select
          {...field}
          name="assignmentId"
          label={GRADE_LABELS.assignmentId}
          value={values['assignmentId'] ?? ''}
          options={props.assignments.map((assignment) => [
            assignment.id,
            `${assignment.title} (${scoringText(assignment)})`,
          ])}
        />
        <TextField
          {...field}
          name="value"
          label={GRADE_LABELS.value}
          value={values['value'] ?? ''}
          maxLength={32}
          required
        />
        <TextField
          {...field}
          name="comment"
          label={GRADE_LABELS.comment}
          value={values['comment'] ?? ''}
          maxLength={2000}
        />
        <button type="submit">Save grade</button>
      </form>
    </section>
  )
}

export interface GradeBookPageProps {
  readonly section: Section
  readonly assignments: readonly AssignmentRecord[]
  readonly students: readonly User[]
  readonly entries: readonly GradeEntryRecord[]
  readonly canGrade: boolean
  readonly refused?: RefusedForm | undefined
}

export function GradeBookPage(props: GradeBookPageProps) {
  const { section, assignments, students, entries } = props
  const byKey = new Map(entries.map((e) => [`${e.assignmentId}\u0000${e.studentId}`, e]))
  return (
    <>
      <SectionHeading section={section} page="Grade book" />
      <div class="cards">
        <section class="card wide" data-testid="grade-book">
          <p class="muted">
            Tools send scores as percentages; points = percentage × points possible, for assignments
            scored by points only.
          </p>
          <table>
            <thead>
              <tr>
                <th>Student</th>
                {assignments.map((assignment) => (
                  <th key={assignment.id}>
                    {assignment.title}
                    <div class="muted">{scoringText(assignment)}</div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {students.map((student) => (
                <tr key={student.id}>
                  <td>
                    {student.givenName} {student.familyName}
                  </td>
                  {assignments.map((assignment) => (
                    <GradeCell
                      key={assignment.id}
                      entry={byKey.get(`${assignment.id}\u0000${student.id}`)}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {props.canGrade && students.length > 0 && assignments.length > 0 && (
          <GradeForm {...props} />
        )}
      </div>
    </>
  )
}
