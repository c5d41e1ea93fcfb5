/**
 * Course authoring pages: the list of courses, a new course, one course with its activities in
 * order, its grade activity and the way to delete it.
 */
import type { Course } from '@ltihub/tool'
import { PATHS as PUBLISH_PATHS } from '../tool-console/publish-pages.js'
import { LIMITS } from './authoring-schema.js'
import {
  ButtonForm,
  ErrorSummary,
  type FieldErrors,
  Saved,
  sentence,
  TextArea,
  TextField,
} from '../../console/form.js'
import { AUTHORING } from './paths.js'
import type { ContentActivity } from './repository.js'

export interface CourseSummary {
  readonly course: Course
  readonly activities: number
  readonly publications: number
}

export function CourseListPage(props: {
  courses: readonly CourseSummary[]
  notice: string | undefined
}) {
  return (
    <>
      <h1>Course authoring</h1>
      <Saved message={props.notice} />
      <p class="muted">
        A course is made of content pages and quizzes, in order. Learners who arrive through LTI
        work through them; the quiz the course grade is based on sends its score back to the LMS.
      </p>
      <p>
        <a class="button" href={AUTHORING.newCourse}>
          New course
        </a>
      </p>
      {props.courses.length === 0 ? (
        <p>No courses yet.</p>
      ) : (
        <table data-testid="authoring-courses">
          <thead>
            <tr>
              <th>Course</th>
              <th>External ID</th>
              <th>Activities</th>
              <th>Published as LTI tools</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.courses.map(({ course, activities, publications }) => (
              <tr key={course.id}>
                <td>
                  <a href={AUTHORING.course(course.id)}>{course.title}</a>
                </td>
                <td>{course.externalId ?? '—'}</td>
                <td>{activities}</td>
                <td>{publications}</td>
                <td>
                  <a href={AUTHORING.course(course.id)}>Edit</a>
                  {' · '}
                  <a href={AUTHORING.deleteCourse(course.id)}>Delete</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

export interface CourseValues {
  readonly title: string
  readonly externalId: string
  readonly description: string
}

export const courseValuesOf = (course: Course): CourseValues => ({
  title: course.title,
  externalId: course.externalId ?? '',
  description: course.description ?? '',
})

function CourseFields(props: { values: CourseValues; errors: FieldErrors }) {
  const common = { form: 'course', errors: props.errors }
  return (
    <>
      <TextField
        {...common}
        label="Title"
        name="title"
        value={props.values.title}
        maxLength={LIMITS.title}
        required
      />
      <TextField
        {...common}
        label="External ID"
        name="externalId"
        value={props.values.externalId}
        maxLength={LIMITS.externalId}
        hint="LMSs name the course by it (custom parameter course=…, or the launch URL)."
      />
      <TextArea
        {...common}
        label="Description"
        name="description"
        value={props.values.description}
        maxLength={LIMITS.description}
        rows={3}
      />
    </>
  )
}

export function NewCoursePage(props: { values: CourseValues; errors: FieldErrors }) {
  return (
    <>
      <p class="muted">
        <a href={AUTHORING.courses}>Course authoring</a>
      </p>
      <h1>New course</h1>
      <ErrorSummary errors={props.errors} />
      <form method="post" action={AUTHORING.newCourse} class="stack" data-testid="course-form">
        <CourseFields values={props.values} errors={props.errors} />
        <button type="submit">Create course</button>
      </form>
    </>
  )
}

export interface CoursePageProps {
  readonly course: Course
  readonly activities: readonly ContentActivity[]
  readonly questionCounts: ReadonlyMap<string, number>
  readonly publications: number
  /** Administrators also get the links to publishing. */
  readonly canPublish: boolean
  readonly notice: string | undefined
  /** What the details form shows: the stored course, or what was refused. */
  readonly values: CourseValues
  readonly errors: FieldErrors
  /** Which form the errors belong to. */
  readonly errorsOf?: 'details' | 'grade' | 'order' | undefined
}

function kindOf(activity: ContentActivity, questions: number | undefined): string {
  if (activity.kind === 'page') return 'Content page'
  return `Quiz, ${questions ?? 0} question${questions === 1 ? '' : 's'}`
}

function ActivityRow(props: {
  course: Course
  activity: ContentActivity
  index: number
  count: number
  titles: ReadonlyMap<string, string>
  questions: number | undefined
}) {
  const { course, activity } = props
  const path = AUTHORING.activity(course.id, activity.id)
  const opensWhen = activity.requires.map((id) => props.titles.get(id) ?? id).join(', ')
  return (
    <tr data-activity={activity.id}>
      <td>{props.index + 1}</td>
      <td>
        <a href={path}>{activity.title}</a>
        {course.gradeActivityId === activity.id ? (
          <>
            {' '}
            <span class="badge ok">course grade</span>
          </>
        ) : null}
      </td>
      <td>{kindOf(activity, props.questions)}</td>
      <td>{opensWhen === '' ? 'Always open' : `When complete: ${opensWhen}`}</td>
      <td>
        <ButtonForm
          action={`${path}/move`}
          name="direction"
          value="up"
          label="Up"
          ariaLabel={`Move ${activity.title} up`}
          disabled={props.index === 0}
        />
        <ButtonForm
          action={`${path}/move`}
          name="direction"
          value="down"
          label="Down"
          ariaLabel={`Move ${activity.title} down`}
          disabled={props.index === props.count - 1}
        />{' '}
        <a href={path}>Edit</a> · <a href={`${path}/delete`}>Delete</a>
      </td>
    </tr>
  )
}

function Activities(props: CoursePageProps) {
  const { course, activities } = props
  const titles = new Map(activities.map((activity) => [activity.id, activity.title]))
  return (
    <section class="card wide" data-testid="activities">
      <h2>Activities</h2>
      {props.errorsOf === 'order' ? <ErrorSummary errors={props.errors} /> : null}
      {activities.length === 0 ? (
        <p class="muted">No activities yet. Add a content page or a quiz.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Activity</th>
              <th>Kind</th>
              <th>Opens</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {activities.map((activity, index) => (
              <ActivityRow
                key={activity.id}
                course={course}
                activity={activity}
                index={index}
                count={activities.length}
                titles={titles}
                questions={props.questionCounts.get(activity.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a class="button" href={`${AUTHORING.newActivity(course.id)}?kind=page`}>
          Add a content page
        </a>{' '}
        <a class="button" href={`${AUTHORING.newActivity(course.id)}?kind=quiz`}>
          Add a quiz
        </a>
      </p>
    </section>
  )
}

function GradeForm(props: CoursePageProps) {
  const quizzes = props.activities.filter((activity) => activity.kind === 'quiz')
  return (
    <section class="card" data-testid="grade">
      <h2>Course grade</h2>
      {props.errorsOf === 'grade' ? <ErrorSummary errors={props.errors} /> : null}
      <p class="muted">
        When a learner completes this quiz, its score goes back to the LMS: the fraction of
        questions answered correctly, from 0 to 1 (4 of 5 right is 0.8).
      </p>
      <form method="post" action={AUTHORING.grade(props.course.id)} class="stack">
        <label>
          Base course grade on{' '}
          <select name="gradeActivityId">
            <option value="">(no grade)</option>
            {quizzes.map((quiz) => (
              <option
                key={quiz.id}
                value={quiz.id}
                selected={quiz.id === props.course.gradeActivityId}
              >
                {quiz.title}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Save grade activity</button>
      </form>
    </section>
  )
}

function Publishing(props: CoursePageProps) {
  const { course } = props
  return (
    <section class="card" data-testid="publishing">
      <h2>Publishing</h2>
      <p>
        {props.publications === 0
          ? 'Not published yet.'
          : `Published as ${props.publications} LTI tool${props.publications === 1 ? '' : 's'}. ` +
            'LMSs name the course by its external ID: changing it breaks the links handed out.'}
      </p>
      {props.canPublish ? (
        <p>
          <a href={PUBLISH_PATHS.publish(course.id)}>Publish as LTI tool</a> ·{' '}
          <a href={PUBLISH_PATHS.published(course.id)}>Published as LTI tools</a>
        </p>
      ) : null}
      <p>
        <a href={AUTHORING.deleteCourse(course.id)}>Delete this course</a>
      </p>
    </section>
  )
}

export function CoursePage(props: CoursePageProps) {
  const details = props.errorsOf === 'details' ? props.errors : {}
  return (
    <>
      <p class="muted">
        <a href={AUTHORING.courses}>Course authoring</a>
      </p>
      <h1>{props.course.title}</h1>
      <Saved message={props.notice} />
      <Activities {...props} />
      <div class="cards">
        <section class="card" data-testid="details">
          <h2>Details</h2>
          <ErrorSummary errors={details} />
          <form method="post" action={AUTHORING.course(props.course.id)} class="stack">
            <CourseFields values={props.values} errors={details} />
            <button type="submit">Save details</button>
          </form>
        </section>
        <GradeForm {...props} />
        <Publishing {...props} />
      </div>
    </>
  )
}

/** "Delete …?" with what goes with it, or why it cannot be deleted. */
export function ConfirmDeletePage(props: {
  title: string
  consequences: string
  blocker: string | undefined
  action: string
  back: string
}) {
  return (
    <>
      <h1>{props.title}</h1>
      {props.blocker === undefined ? (
        <>
          <p>{props.consequences}</p>
          <form method="post" action={props.action} class="inline">
            <button type="submit">Delete</button>
          </form>{' '}
          <a href={props.back}>Cancel</a>
        </>
      ) : (
        <>
          <p class="notice" role="alert">
            {sentence(props.blocker)}
          </p>
          <a href={props.back}>Back</a>
        </>
      )}
    </>
  )
}
