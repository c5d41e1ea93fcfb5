/**
 * The "New token" form: what people typed, kept as typed, and its refusals in the words of each
 * field. Turns a valid form into the service's `NewToken`.
 */
import { z } from 'zod'
import { API_SCOPES, type ApiScope, isApiScope } from '../../api/scopes.js'
import { type FieldErrors, sentence } from '../../console/form.js'
import { MAX_LIFETIME_MS, type NewToken } from './service.js'

const DAY_MS = 24 * 60 * 60 * 1000

/** The expiry choices, in days; `custom` takes a date. */
export const EXPIRY_PRESETS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'custom', label: 'On a date I choose' },
] as const
export const DEFAULT_EXPIRY = '30'

export interface TokenForm {
  readonly name: string
  readonly scopes: readonly string[]
  readonly expires: string
  readonly expiresOn: string
}

export const EMPTY_FORM: TokenForm = {
  name: '',
  scopes: [],
  expires: DEFAULT_EXPIRY,
  expiresOn: '',
}

const formBody = z.object({
  name: z.string().max(1000).optional(),
  scopes: z.union([z.string().max(100), z.array(z.string().max(100)).max(20)]).optional(),
  expires: z.string().max(20).optional(),
  expiresOn: z.string().max(20).optional(),
})

/** The submitted form as typed (anything unparseable reads as empty). */
export function readForm(body: unknown): TokenForm {
  const parsed = formBody.safeParse(body)
  if (!parsed.success) return EMPTY_FORM
  const { name, scopes, expires, expiresOn } = parsed.data
  return {
    name: name ?? '',
    scopes: scopes === undefined ? [] : [scopes].flat(),
    expires: expires ?? '',
    expiresOn: expiresOn ?? '',
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The end of the chosen day (UTC), or `undefined` for no valid date. */
function endOfDay(text: string): number | undefined {
  const match = DATE.exec(text)
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const start = Date.UTC(year, month - 1, day)
  const date = new Date(start)
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined
  return start + DAY_MS
}

function expiryOf(form: TokenForm, now: number, errors: Record<string, string>): number {
  if (form.expires === 'custom') {
    const at = endOfDay(form.expiresOn.trim())
    if (at === undefined) errors['expiresOn'] = 'Enter the expiry date as a date, like 2027-01-31'
    else if (at <= now) errors['expiresOn'] = 'Enter an expiry date after today'
    else if (at > now + MAX_LIFETIME_MS) errors['expiresOn'] = 'Enter an expiry date within a year'
    return at ?? 0
  }
  const preset = EXPIRY_PRESETS.find((choice) => choice.value === form.expires)
  if (preset === undefined) {
    errors['expires'] = 'Choose when the token expires'
    return 0
  }
  return now + Number(preset.value) * DAY_MS
}

/** Checks the form against what `grantable` allows; the token to create, or the refusals. */
export function checkForm(
  form: TokenForm,
  grantable: readonly ApiScope[],
  now: number,
): { token: NewToken } | { errors: FieldErrors } {
  const errors: Record<string, string> = {}
  const name = form.name.trim()
  if (name === '') errors['name'] = 'Enter a name for the token, such as the program that uses it'
  else if (name.length > 100) errors['name'] = 'Name the token in 100 characters or fewer'
  const scopes = [...new Set(form.scopes)]
  if (scopes.length === 0) errors['scopes'] = 'Choose at least one scope'
  const refused = scopes.filter((scope) => !isApiScope(scope) || !grantable.includes(scope))
  if (refused.length > 0) errors['scopes'] = `Your roles do not allow ${refused.join(', ')}`
  const expiresAt = expiryOf(form, now, errors)
  if (Object.keys(errors).length > 0) {
    // Whole sentences, so the message by the field reads as the summary's link to it.
    return { errors: Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, sentence(m)])) }
  }
  return { token: { name, scopes: scopes.filter(isApiScope), expiresAt } }
}

/** What each scope allows, for the form's checkboxes. */
export function scopeChoices(grantable: readonly ApiScope[]) {
  return grantable.map((scope) => ({ scope, allows: API_SCOPES[scope].allows }))
}
