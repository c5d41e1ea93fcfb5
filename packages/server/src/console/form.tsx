/**
 * The console's one form pattern. A refused form comes back with what was typed (secrets
 * excepted), each message next to its field (tied with `aria-describedby` and `aria-invalid`) and
 * a summary at the top whose entries link to the fields. Messages use the field's label words:
 * a schema's own message is written as the rest of a sentence that starts with the label
 * ("must start with https://"), and zod's generic messages are rephrased here.
 */
import type { ComponentChildren } from 'preact'
import type { z } from 'zod'

/** Refusals of a submitted form by field name (`''`: the form as a whole). */
export type FieldErrors = Readonly<Record<string, string>>

/** The id of a field's control, so the summary can link to it. */
export const fieldId = (form: string, name: string): string => `${form}-${name}`
const errorId = (form: string, name: string) => `${form}-${name}-error`
const hintId = (form: string, name: string) => `${form}-${name}-hint`

/** A refusal as a sentence: capital first letter, final full stop. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}

type Issue = z.core.$ZodIssue

/** zod's generic message for an issue, in the label's words. */
function genericMessage(issue: Issue, label: string): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? `${label} is required`
          : `${label} must be at least ${issue.minimum} characters`
      }
      return `${label} must be at least ${issue.minimum}`
    case 'too_big':
      return issue.origin === 'string'
        ? `${label} must be at most ${issue.maximum} characters`
        : `${label} must be at most ${issue.maximum}`
    case 'invalid_value':
      return `Choose one of the offered values for ${label}`
    case 'invalid_format':
      return issue.format === 'url'
        ? `${label} must be a full URL (https://…)`
        : `${label} is not in the expected form`
    case 'invalid_type':
      return issue.input === undefined ? `${label} is required` : `${label} is not valid`
    default:
      return `${label} is not valid`
  }
}

/**
 * One message for an issue: the schema's own (a predicate in lower case, put after the label), or
 * zod's generic one rephrased. A message already starting in capitals is kept as written.
 */
export function issueMessage(issue: Issue, label: string): string {
  // Messages written for the API name their field ("launchUrl must …"): the label says it here.
  const path = issue.path.map(String)
  const prefix = [path.join('.'), path[0] ?? ''].find(
    (name) =>
      name !== '' &&
      (issue.message.startsWith(`${name} `) || issue.message.startsWith(`${name}: `)),
  )
  const own =
    prefix === undefined ? issue.message : issue.message.slice(prefix.length).replace(/^:?\s+/, '')
  // A whole clause ("an application named … exists") stands alone; a predicate follows the label.
  if (/^(a|an|the|no|this|that|one)\s/.test(own)) return own
  if (/^[a-z]/.test(own) && !/^(invalid|too|expected)\b/i.test(own)) return `${label} ${own}`
  if (/^[A-Z]/.test(own) && !/^(Invalid|Too (small|big)|Expected)\b/.test(own)) return own
  return genericMessage(issue, label)
}

/**
 * The refusals of a zod error by field (the first of each), in the words of `labels`. Issues on
 * a field not in `labels` are reported against the form as a whole.
 */
export function fieldErrorsOf(
  error: z.ZodError,
  labels: Readonly<Record<string, string>>,
): FieldErrors {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '')
    const label = labels[name]
    const key = label === undefined ? '' : name
    errors[key] ??= sentence(issueMessage(issue, label ?? 'This form'))
  }
  return errors
}

/** The text fields of a form as posted, to show them again next to their errors. */
export function postedValues<const K extends string>(
  body: unknown,
  names: readonly K[],
): Record<K, string> {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const values = {} as Record<K, string>
  for (const name of names) {
    const value = fields[name]
    values[name] = typeof value === 'string' ? value : ''
  }
  return values
}

function FieldError(props: { form: string; name: string; errors: FieldErrors }) {
  const message = props.errors[props.name]
  if (message === undefined) return null
  return (
    <span class="field-error" id={errorId(props.form, props.name)}>
      {message}
    </span>
  )
}

/** What ties a control to its label, hint and error. */
function controlAttributes(props: {
  form: string
  name: string
  errors: FieldErrors
  hint?: string | undefined
}) {
  const failed = props.errors[props.name] !== undefined
  const described = [
    props.hint === undefined ? undefined : hintId(props.form, props.name),
    failed ? errorId(props.form, props.name) : undefined,
  ].filter((id) => id !== undefined)
  return {
    id: fieldId(props.form, props.name),
    name: props.name,
    ...(failed ? { 'aria-invalid': 'true' as const } : {}),
    ...(described.length === 0 ? {} : { 'aria-describedby': described.join(' ') }),
  }
}

function Hint(props: { form: string; name: string; hint: string | undefined }) {
  if (props.hint === undefined) return null
  return (
    <span class="muted hint" id={hintId(props.form, props.name)}>
      {props.hint}
    </span>
  )
}

interface BaseProps {
  /** Names the form, so two forms of one page do not share ids. */
  readonly form: string
  readonly label: string
  readonly name: string
  readonly errors: FieldErrors
  readonly hint?: string
  readonly required?: boolean
}

export interface FieldProps extends BaseProps {
  readonly value: string
  readonly maxLength: number
  /** `text` by default. */
  readonly type?: 'text' | 'email' | 'password' | 'url' | 'date'
  /** e.g. `username`, `current-password`, `new-password`, `off`. */
  readonly autoComplete?: string
  readonly inputMode?: 'numeric' | 'url'
  /** Wide inputs for URLs and long values. */
  readonly wide?: boolean
}

const requiredMark = (required: boolean | undefined) => (required === true ? ' *' : '')

/** The label of a control (outside it, so its name stays the label's words alone). */
function Label(props: {
  form: string
  name: string
  label: string
  required?: boolean | undefined
}) {
  return (
    <label for={fieldId(props.form, props.name)}>
      {props.label}
      {requiredMark(props.required)}
    </label>
  )
}

export function TextField(props: FieldProps) {
  return (
    <div class="field">
      <Label {...props} />
      <Hint form={props.form} name={props.name} hint={props.hint} />
      <input
        {...controlAttributes(props)}
        type={props.type}
        class={props.wide === true ? 'wide' : undefined}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
      />
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </div>
  )
}

export function TextArea(props: FieldProps & { readonly rows: number }) {
  return (
    <div class="field">
      <Label {...props} />
      <Hint form={props.form} name={props.name} hint={props.hint} />
      <textarea
        {...controlAttributes(props)}
        rows={props.rows}
        maxLength={props.maxLength}
        required={props.required}
      >
        {props.value}
      </textarea>
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </div>
  )
}

export function Select(
  props: BaseProps & {
    readonly value: string
    readonly options: readonly (readonly [value: string, label: string])[]
  },
) {
  return (
    <div class="field">
      <Label {...props} />
      <Hint form={props.form} name={props.name} hint={props.hint} />
      <select {...controlAttributes(props)} required={props.required}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </div>
  )
}

export function Checkbox(props: BaseProps & { readonly checked: boolean }) {
  return (
    <div class="field check">
      <input
        {...controlAttributes(props)}
        type="checkbox"
        checked={props.checked}
        required={props.required}
      />{' '}
      <Label {...props} />
      <Hint form={props.form} name={props.name} hint={props.hint} />
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </div>
  )
}

/** Several tick boxes under one name (a list of values), in a fieldset named by `label`. */
export function CheckboxGroup(
  props: BaseProps & {
    readonly values: readonly string[]
    readonly options: readonly (readonly [value: string, label: string])[]
  },
) {
  const failed = props.errors[props.name] !== undefined
  return (
    <fieldset
      id={fieldId(props.form, props.name)}
      class="field"
      {...(failed
        ? { 'aria-invalid': 'true' as const, 'aria-describedby': errorId(props.form, props.name) }
        : {})}
    >
      <legend>{props.label}</legend>
      <Hint form={props.form} name={props.name} hint={props.hint} />
      {props.options.map(([value, label]) => (
        <label key={value} class="choice">
          <input
            type="checkbox"
            name={props.name}
            value={value}
            checked={props.values.includes(value)}
          />{' '}
          {label}
        </label>
      ))}
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </fieldset>
  )
}

/**
 * A new password with its rule stated: the account page, an administrator's reset, a new
 * account and the first-run setup. Never refilled after a refusal (a secret is typed again).
 */
export function NewPasswordField(
  props: Omit<BaseProps, 'label' | 'hint'> & {
    readonly label?: string
    /** The password rule, shown under the label. */
    readonly rule: string
    readonly maxLength: number
  },
) {
  return (
    <TextField
      form={props.form}
      label={props.label ?? 'New password'}
      name={props.name}
      type="password"
      autoComplete="new-password"
      value=""
      maxLength={props.maxLength}
      required={props.required ?? true}
      hint={props.rule}
      errors={props.errors}
    />
  )
}

/** Says that secret fields were emptied and must be typed again (`text` replaces the general sentence). */
export function SecretsNote(props: { errors: FieldErrors; text?: string }) {
  if (Object.keys(props.errors).length === 0) return null
  return <p class="muted">{props.text ?? 'Passwords and secrets are not kept: type them again.'}</p>
}

/**
 * Every refusal of the form as a list at its top, each linked to its field (screen readers hear
 * it first). `form` must match the fields' `form` for the links to land.
 */
export function ErrorSummary(props: { errors: FieldErrors; form?: string; testId?: string }) {
  const messages = Object.entries(props.errors)
  if (messages.length === 0) return null
  return (
    <div class="notice error" role="alert" data-testid={props.testId ?? 'form-errors'}>
      <p>
        <strong>{messages.length === 1 ? 'There is a problem:' : 'There are problems:'}</strong>
      </p>
      <ul>
        {messages.map(([field, message]) => (
          <li key={field}>
            {field === '' || props.form === undefined ? (
              sentence(message)
            ) : (
              <a href={`#${fieldId(props.form, field)}`}>{sentence(message)}</a>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** A success notice (what just happened); announced politely. */
export function Saved(props: { message: string | undefined }) {
  if (props.message === undefined) return null
  return (
    <p class="notice ok" role="status" data-testid="notice">
      {props.message}
    </p>
  )
}

/** A notice that something did not happen; announced at once. */
export function Refused(props: { message: string | undefined }) {
  if (props.message === undefined) return null
  return (
    <p class="notice error" role="alert" data-testid="refusal">
      {props.message}
    </p>
  )
}

/**
 * The notice a redirect asked for with `?done=<code>`, from a fixed catalogue (nothing typed in
 * the URL is shown).
 */
export function noticeFrom<C extends Readonly<Record<string, string>>>(
  query: unknown,
  catalogue: C,
): string | undefined {
  const code = (query as Record<string, unknown> | undefined)?.['done']
  return typeof code === 'string' && Object.hasOwn(catalogue, code) ? catalogue[code] : undefined
}

/** `path` with `?done=<code>` (or `&done=` when it has a query already). */
export const withNotice = (path: string, code: string): string =>
  `${path}${path.includes('?') ? '&' : '?'}done=${encodeURIComponent(code)}`

/** A one-button form that posts to `action` (move, delete, enable), laid out in a row. */
export function ButtonForm(props: {
  action: string
  label: string
  /** The button's accessible name when its label alone is ambiguous ("Up" of which activity). */
  ariaLabel?: string
  name?: string
  value?: string
  disabled?: boolean
  secondary?: boolean
  children?: ComponentChildren
}) {
  return (
    <form method="post" action={props.action} class="inline">
      {props.children}
      <button
        type="submit"
        class={props.secondary === false ? undefined : 'secondary'}
        aria-label={props.ariaLabel}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
      >
        {props.label}
      </button>
    </form>
  )
}

/** The refusal of a confirmation posted without its tick. */
export const CONFIRM_ERRORS: FieldErrors = {
  confirm: 'Tick "I understand that this cannot be undone" to go ahead.',
}

/** Whether a confirmation form came with its required tick (`confirm=on`). */
export function isConfirmed(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as Record<string, unknown>)['confirm'] === 'on'
  )
}

/**
 * The confirmation of a destructive action, working without JavaScript: what will go, a required
 * tick box, the button naming the action, and a way back.
 */
export function ConfirmDelete(props: {
  /** e.g. `Delete the consumer key "pluto"`. */
  readonly heading: string
  readonly action: string
  readonly button: string
  readonly cancelHref: string
  /** What goes with it and what stops working. */
  readonly consequences: ComponentChildren
  readonly errors?: FieldErrors
}) {
  const errors = props.errors ?? {}
  return (
    <section class="card confirm" data-testid="confirm-delete">
      <h2>{props.heading}</h2>
      {props.consequences}
      <ErrorSummary errors={errors} form="confirm" />
      <form method="post" action={props.action} class="stack">
        <Checkbox
          form="confirm"
          name="confirm"
          label="I understand that this cannot be undone"
          checked={false}
          required
          errors={errors}
        />
        <p>
          <button type="submit" class="danger">
            {props.button}
          </button>{' '}
          <a href={props.cancelHref}>Cancel</a>
        </p>
      </form>
    </section>
  )
}
