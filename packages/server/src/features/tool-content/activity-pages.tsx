/**
 * Activity authoring pages: add a content page or a quiz, edit one (its text, its conditions and a
 * quiz's questions), and edit one question.
 */
import type { Course } from '@ltihub/tool'
import { LIMITS } from './authoring-schema.js'
import { CHOICE_SLOTS, type QuestionValues } from './console-forms.js'
import {
  ButtonForm,
  ErrorSummary,
  type FieldErrors,
  Saved,
  TextArea,
  TextField,
} from '../../console/form.js'
import { AUTHORING } from './paths.js'
import { PlainText } from './plain-text.js'
import type { ContentActivity, Question } from './repository.js'
import type { ActivityKind } from '@ltihub/kysely/tool'

export interface ActivityValues {
  readonly title: string
  readonly body: string
}

const FORMAT_HINT = 'plain text: a blank line starts a paragraph, "# " a heading, "- " a list item'

function Crumbs(props: { course: Course; activity?: ContentActivity }) {
  return (
    <p class="muted">
      <a href={AUTHORING.courses}>Course authoring</a> ›{' '}
      <a href={AUTHORING.course(props.course.id)}>{props.course.title}</a>
      {props.activity === undefined ? null : (
        <>
          {' › '}
          <a href={AUTHORING.activity(props.course.id, props.activity.id)}>
            {props.activity.title}
          </a>
        </>
      )}
    </p>
  )
}

function ActivityFields(props: {
  kind: ActivityKind
  values: ActivityValues
  errors: FieldErrors
}) {
  const common = { form: 'activity', errors: props.errors }
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
      <TextArea
        {...common}
        label={props.kind === 'page' ? 'Text' : 'Introduction'}
        name="body"
        value={props.values.body}
        maxLength={LIMITS.body}
        rows={props.kind === 'page' ? 12 : 3}
        hint={FORMAT_HINT}
      />
    </>
  )
}

export function NewActivityPage(props: {
  course: Course
  kind: ActivityKind
  values: ActivityValues
  errors: FieldErrors
}) {
  const noun = props.kind === 'page' ? 'content page' : 'quiz'
  return (
    <>
      <Crumbs course={props.course} />
      <h1>Add a {noun}</h1>
      <ErrorSummary errors={props.errors} />
      {props.kind === 'quiz' ? <p class="muted">Add the questions on the next page.</p> : null}
      <form method="post" action={AUTHORING.newActivity(props.course.id)} class="stack">
        <input type="hidden" name="kind" value={props.kind} />
        <ActivityFields kind={props.kind} values={props.values} errors={props.errors} />
        <button type="submit">{props.kind === 'page' ? 'Add page' : 'Add quiz'}</button>
      </form>
    </>
  )
}

export function QuestionFields(props: { values: QuestionValues; errors: FieldErrors }) {
  const slots = Math.max(CHOICE_SLOTS, props.values.choices.length)
  const choiceError = props.errors['choices'] ?? props.errors['correctIndex']
  return (
    <>
      <TextArea
        form="question"
        errors={props.errors}
        label="Question"
        name="prompt"
        value={props.values.prompt}
        maxLength={LIMITS.prompt}
        rows={2}
        required
      />
      <fieldset data-testid="choices">
        <legend>Choices (fill in two or more and mark the correct one)</legend>
        {choiceError === undefined ? null : <span class="field-error">{choiceError}</span>}
        {Array.from({ length: slots }, (_, slot) => (
          <p key={slot}>
            <label>
              Choice {slot + 1}{' '}
              <input
                name="choices"
                value={props.values.choices[slot] ?? ''}
                maxLength={LIMITS.choice}
              />
            </label>{' '}
            <label>
              <input
                type="radio"
                name="correctIndex"
                value={String(slot)}
                checked={props.values.correctSlot === slot}
                aria-label={`Choice ${slot + 1} is correct`}
              />{' '}
              correct
            </label>
          </p>
        ))}
      </fieldset>
    </>
  )
}

export interface ActivityPageProps {
  readonly course: Course
  readonly activity: ContentActivity
  readonly activities: readonly ContentActivity[]
  readonly questions: readonly Question[]
  readonly notice: string | undefined
  readonly values: ActivityValues
  /** Refusals of one of the page's forms. */
  readonly errors: FieldErrors
  readonly errorsOf?: 'details' | 'conditions' | 'question' | undefined
  readonly questionValues: QuestionValues
}

function Conditions(props: ActivityPageProps) {
  const others = props.activities.filter((activity) => activity.id !== props.activity.id)
  const path = AUTHORING.activity(props.course.id, props.activity.id)
  return (
    <section class="card" data-testid="conditions">
      <h2>Conditions</h2>
      {props.errorsOf === 'conditions' ? <ErrorSummary errors={props.errors} /> : null}
      {others.length === 0 ? (
        <p class="muted">This is the only activity of the course: it is always open.</p>
      ) : (
        <form method="post" action={`${path}/conditions`} class="stack">
          <fieldset>
            <legend>Opens when these activities are complete (none: always open)</legend>
            {others.map((activity) => (
              <label key={activity.id}>
                <input
                  type="checkbox"
                  name="requires"
                  value={activity.id}
                  checked={props.activity.requires.includes(activity.id)}
                />{' '}
                {activity.title}
              </label>
            ))}
          </fieldset>
          <button type="submit">Save conditions</button>
        </form>
      )}
    </section>
  )
}

function QuestionItem(props: { path: string; question: Question; index: number; count: number }) {
  const { question } = props
  const path = `${props.path}/questions/${encodeURIComponent(question.id)}`
  return (
    <li data-question={question.id}>
      <strong>{question.prompt}</strong>
      <ul>
        {question.choices.map((choice, index) => (
          <li key={index} class={index === question.correctIndex ? 'ok' : undefined}>
            {choice}
            {index === question.correctIndex ? ' ✓ correct' : ''}
          </li>
        ))}
      </ul>
      <ButtonForm
        action={`${path}/move`}
        name="direction"
        value="up"
        label="Up"
        ariaLabel={`Move question ${props.index + 1} up`}
        disabled={props.index === 0}
      />
      <ButtonForm
        action={`${path}/move`}
        name="direction"
        value="down"
        label="Down"
        ariaLabel={`Move question ${props.index + 1} down`}
        disabled={props.index === props.count - 1}
      />
      <ButtonForm
        action={`${path}/delete`}
        label="Delete"
        ariaLabel={`Delete question ${props.index + 1}`}
      />{' '}
      <a href={path}>Edit</a>
    </li>
  )
}

function Questions(props: ActivityPageProps) {
  const path = AUTHORING.activity(props.course.id, props.activity.id)
  return (
    <>
      <section class="card wide" data-testid="questions">
        <h2>Questions</h2>
        <p class="muted">The score is the fraction of questions answered correctly, from 0 to 1.</p>
        {props.questions.length === 0 ? (
          <p class="notice">No questions yet: learners cannot complete this quiz.</p>
        ) : (
          <ol>
            {props.questions.map((question, index) => (
              <QuestionItem
                key={question.id}
                path={path}
                question={question}
                index={index}
                count={props.questions.length}
              />
            ))}
          </ol>
        )}
      </section>
      <section class="card wide" data-testid="add-question">
        <h2>Add a question</h2>
        {props.errorsOf === 'question' ? <ErrorSummary errors={props.errors} /> : null}
        <form method="post" action={`${path}/questions`} class="stack">
          <QuestionFields
            values={props.questionValues}
            errors={props.errorsOf === 'question' ? props.errors : {}}
          />
          <button type="submit">Add question</button>
        </form>
      </section>
    </>
  )
}

export function ActivityPage(props: ActivityPageProps) {
  const { course, activity } = props
  const details = props.errorsOf === 'details' ? props.errors : {}
  return (
    <>
      <Crumbs course={course} />
      <h1>{activity.title}</h1>
      <p class="muted">
        {activity.kind === 'page' ? 'Content page' : 'Quiz'}
        {course.gradeActivityId === activity.id ? ' · the course grade is based on this quiz' : ''}
      </p>
      <Saved message={props.notice} />
      <div class="cards">
        <section class="card" data-testid="activity-details">
          <h2>{activity.kind === 'page' ? 'Page' : 'Quiz'}</h2>
          <ErrorSummary errors={details} />
          <form method="post" action={AUTHORING.activity(course.id, activity.id)} class="stack">
            <ActivityFields kind={activity.kind} values={props.values} errors={details} />
            <button type="submit">Save</button>
          </form>
        </section>
        {activity.kind === 'page' ? (
          <section class="card" data-testid="preview">
            <h2>What learners see</h2>
            <PlainText text={activity.body} />
          </section>
        ) : null}
        <Conditions {...props} />
        {activity.kind === 'quiz' ? <Questions {...props} /> : null}
      </div>
      <p>
        <a href={`${AUTHORING.activity(course.id, activity.id)}/delete`}>Delete this activity</a>
      </p>
    </>
  )
}

export function QuestionPage(props: {
  course: Course
  activity: ContentActivity
  question: Question
  values: QuestionValues
  errors: FieldErrors
}) {
  const { course, activity } = props
  return (
    <>
      <Crumbs course={course} activity={activity} />
      <h1>Edit question</h1>
      <ErrorSummary errors={props.errors} />
      <form
        method="post"
        action={AUTHORING.question(course.id, activity.id, props.question.id)}
        class="stack"
      >
        <QuestionFields values={props.values} errors={props.errors} />
        <button type="submit">Save question</button>
      </form>
      <p>
        <a href={AUTHORING.activity(course.id, activity.id)}>Back to the quiz</a>
      </p>
    </>
  )
}
