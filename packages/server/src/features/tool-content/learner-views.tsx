import type { ComponentChildren } from 'preact'
import { render } from 'preact-render-to-string'
import { PlainText } from './plain-text.js'
import type { ContentActivity, Progress, Question } from './repository.js'

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:46rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a}' +
  'li{margin:.3rem 0}.locked{color:#777}.done{color:#1d6b2f}fieldset{margin:1rem 0;border:1px solid #ccc}' +
  'button{font:inherit;padding:.4rem 1rem}.error{color:#a40000}code{background:#f3f3f3;padding:0 .2rem}'

export interface LearnerPageOptions {
  readonly title: string
  readonly body: ComponentChildren
  readonly status?: number
  /** Origins allowed to frame the page (the platform of the launch). */
  readonly frameAncestors: readonly string[]
}

/** A learner page: escaped HTML, a nonce-bound style, no script, forms only to this site. */
export function learnerPage(options: LearnerPageOptions): { html: string; csp: string } {
  const nonce = crypto.randomUUID().replaceAll('-', '')
  const html = render(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{options.title}</title>
        <style nonce={nonce}>{STYLE}</style>
      </head>
      <body>{options.body}</body>
    </html>,
  )
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "form-action 'self'",
    "base-uri 'none'",
    // Framed by the platform that launched the learner, and by nobody else we know of.
    `frame-ancestors ${["'self'", ...options.frameAncestors].join(' ')}`,
  ].join('; ')
  return { html: `<!doctype html>${html}`, csp }
}

export interface CourseViewProps {
  readonly base: string
  readonly courseTitle: string
  readonly learnerName: string
  readonly activities: readonly ContentActivity[]
  readonly progress: ReadonlyMap<string, Progress>
  readonly locked: ReadonlySet<string>
}

function stateOf(props: CourseViewProps, activity: ContentActivity): string {
  if (props.locked.has(activity.id)) return 'locked'
  const progress = props.progress.get(activity.id)
  if (progress?.state === 'completed') {
    return progress.score === undefined
      ? 'completed'
      : `completed, score ${Math.round(progress.score * 100)}%`
  }
  return progress?.state === 'started' ? 'started' : 'not started'
}

export function CourseView(props: CourseViewProps) {
  return (
    <main>
      <h1>{props.courseTitle}</h1>
      <p>Welcome, {props.learnerName}.</p>
      <ol data-testid="activities">
        {props.activities.map((activity) => {
          const state = stateOf(props, activity)
          return (
            <li
              key={activity.id}
              class={state === 'locked' ? 'locked' : state.startsWith('completed') ? 'done' : ''}
            >
              {state === 'locked' ? (
                <span>{activity.title}</span>
              ) : (
                <a href={`${props.base}/activity/${encodeURIComponent(activity.id)}`}>
                  {activity.title}
                </a>
              )}{' '}
              ({activity.kind === 'quiz' ? 'quiz' : 'page'}:{' '}
              <span data-state={activity.id}>{state}</span>)
            </li>
          )
        })}
      </ol>
    </main>
  )
}

export function PageView(props: { base: string; activity: ContentActivity; completed: boolean }) {
  return (
    <main>
      <p>
        <a href={props.base}>Back to the course</a>
      </p>
      <h1>{props.activity.title}</h1>
      <PlainText text={props.activity.body} />
      {props.completed ? (
        <p class="done">You completed this page.</p>
      ) : (
        <form
          method="post"
          action={`${props.base}/activity/${encodeURIComponent(props.activity.id)}/complete`}
        >
          <button type="submit">Mark as complete</button>
        </form>
      )}
    </main>
  )
}

export function QuizView(props: {
  base: string
  activity: ContentActivity
  questions: readonly Question[]
  error?: string
}) {
  return (
    <main>
      <p>
        <a href={props.base}>Back to the course</a>
      </p>
      <h1>{props.activity.title}</h1>
      <PlainText text={props.activity.body} />
      {props.error === undefined ? null : (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form
        method="post"
        action={`${props.base}/activity/${encodeURIComponent(props.activity.id)}/answers`}
      >
        {props.questions.map((question, index) => (
          <fieldset key={question.id}>
            <legend>
              {index + 1}. {question.prompt}
            </legend>
            {question.choices.map((choice, choiceIndex) => (
              <label key={choiceIndex} style={undefined}>
                <input
                  type="radio"
                  name={`q_${question.id}`}
                  value={String(choiceIndex)}
                  required
                />{' '}
                {choice}
                <br />
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit">Submit answers</button>
      </form>
    </main>
  )
}

export function ResultView(props: {
  base: string
  activity: ContentActivity
  correct: number
  total: number
}) {
  return (
    <main>
      <h1>{props.activity.title}: result</h1>
      <p data-testid="result">
        You answered {props.correct} of {props.total} questions correctly (
        {Math.round((props.correct / props.total) * 100)}%).
      </p>
      <p>
        <a href={props.base}>Back to the course</a>
      </p>
    </main>
  )
}

export function MessageView(props: {
  title: string
  message: string
  code?: string
  base?: string
}) {
  return (
    <main>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.code === undefined ? null : (
        <p>
          Error code: <code id="ltihub-error-code">{props.code}</code>
        </p>
      )}
      {props.base === undefined ? null : (
        <p>
          <a href={props.base}>Back to the course</a>
        </p>
      )}
    </main>
  )
}
