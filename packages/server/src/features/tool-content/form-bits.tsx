/**
 * Form pieces of the authoring pages: fields that show their own error next to them (tied with
 * `aria-describedby`), the list of refusals at the top of a form, and the "saved" notice.
 */
import type { ComponentChildren } from 'preact'

/** Refusals of a submitted form by field name (`''`: the form as a whole). */
export type FieldErrors = Readonly<Record<string, string>>

const errorId = (form: string, name: string) => `${form}-${name}-error`

function FieldError(props: { form: string; name: string; errors: FieldErrors }) {
  const message = props.errors[props.name]
  if (message === undefined) return null
  return (
    <span class="field-error" id={errorId(props.form, props.name)}>
      {message}
    </span>
  )
}

/** What ties an input to its error, when it has one. */
function invalid(form: string, name: string, errors: FieldErrors) {
  return errors[name] === undefined
    ? {}
    : { 'aria-invalid': 'true' as const, 'aria-describedby': errorId(form, name) }
}

export interface FieldProps {
  /** Names the form, so two forms of one page do not share error ids. */
  readonly form: string
  readonly label: string
  readonly name: string
  readonly value: string
  readonly errors: FieldErrors
  readonly maxLength: number
  readonly required?: boolean
  readonly hint?: string
  /** `text` by default; `email` and `password` for sign-in and account forms. */
  readonly type?: 'text' | 'email' | 'password'
  /** e.g. `username`, `current-password`, `new-password`. */
  readonly autoComplete?: string
}

export function TextField(props: FieldProps) {
  return (
    <label>
      {props.label}
      {props.required === true ? ' *' : ''}{' '}
      <input
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
        {...invalid(props.form, props.name, props.errors)}
      />
      {props.hint === undefined ? null : <span class="muted"> {props.hint}</span>}
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </label>
  )
}

export function TextArea(props: FieldProps & { readonly rows: number }) {
  return (
    <label>
      {props.label}
      {props.required === true ? ' *' : ''}
      {props.hint === undefined ? null : <span class="muted"> ({props.hint})</span>}
      <textarea
        name={props.name}
        rows={props.rows}
        maxLength={props.maxLength}
        required={props.required}
        {...invalid(props.form, props.name, props.errors)}
      >
        {props.value}
      </textarea>
      <FieldError form={props.form} name={props.name} errors={props.errors} />
    </label>
  )
}

/** A refusal as a sentence: the API's messages start in lower case and end bare. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** Every refusal of the form, as a list at its top (screen readers hear it first). */
export function ErrorSummary(props: { errors: FieldErrors; testId?: string }) {
  const messages = Object.entries(props.errors)
  if (messages.length === 0) return null
  return (
    <ul class="notice" role="alert" data-testid={props.testId ?? 'form-errors'}>
      {messages.map(([field, message]) => (
        <li key={field}>{sentence(message)}</li>
      ))}
    </ul>
  )
}

export function Saved(props: { message: string | undefined }) {
  if (props.message === undefined) return null
  return (
    <p class="notice ok" role="status">
      {props.message}
    </p>
  )
}

/** A one-button form that posts to `action` (move, delete), laid out in a row. */
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
