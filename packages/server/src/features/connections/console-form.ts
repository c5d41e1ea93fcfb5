/**
 * The console's HTML forms, as request bodies of the API: checkboxes become booleans, repeated
 * fields arrays, empty fields absent. The result is then parsed by the same zod contracts.
 */
import { formatCustomParameterLines } from '@ltihub/core/custom'
import { z } from 'zod'
import type { ConnectionView } from './model.js'

const field = z.union([z.string(), z.array(z.string())]).optional()

/** The connection form's fields (unknown ones are dropped; every value is a string or array). */
export const connectionFormSchema = z.object({
  intent: z.enum(['save', 'test']).default('save'),
  name: field,
  enabled: field,
  launchUrl: field,
  transferEmail: field,
  types: field,
  listStudent: field,
  listParent: field,
  customParameters: field,
  consumerKey: field,
  secret: field,
  loginUrl: field,
  redirectUris: field,
  jwksUrl: field,
  publicJwk: field,
  schoolIds: field,
  schoolsShown: field,
  applicationId: field,
})
export type ConnectionForm = z.output<typeof connectionFormSchema>

const first = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value[0] : value)?.trim() ?? ''
const all = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const optional = (value: string) => (value === '' ? undefined : value)

/** Reads the JWK textarea; malformed JSON stays a string so the contract reports the field. */
function jwkOf(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** The API body a submitted connection form stands for (the secret only when typed). */
export function bodyOfForm(form: ConnectionForm): Record<string, unknown> {
  const consumerKey = first(form.consumerKey)
  const secret = Array.isArray(form.secret) ? (form.secret[0] ?? '') : (form.secret ?? '')
  const loginUrl = first(form.loginUrl)
  const redirectUris = first(form.redirectUris)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  return {
    name: optional(first(form.name)),
    enabled: form.enabled !== undefined,
    launchUrl: optional(first(form.launchUrl)),
    transferEmail: form.transferEmail !== undefined,
    types: all(form.types),
    learningToolsList: {
      student: form.listStudent !== undefined,
      parent: form.listParent !== undefined,
    },
    customParameters: Array.isArray(form.customParameters)
      ? form.customParameters[0]
      : form.customParameters,
    lti11: consumerKey === '' ? undefined : { consumerKey, ...(secret === '' ? {} : { secret }) },
    lti13:
      loginUrl === ''
        ? undefined
        : {
            loginUrl,
            redirectUris,
            jwksUrl: optional(first(form.jwksUrl)),
            publicJwk: jwkOf(first(form.publicJwk)),
          },
    // Without the school list on the page (no schools at all) nothing is chosen.
    schoolIds: form.schoolsShown === undefined ? undefined : all(form.schoolIds),
  }
}

/** What the form shows: a saved connection, a prefill, or what was just submitted. */
export interface FormValues {
  readonly name: string
  readonly enabled: boolean
  readonly launchUrl: string
  readonly transferEmail: boolean
  readonly types: readonly string[]
  readonly listStudent: boolean
  readonly listParent: boolean
  readonly customParameters: string
  readonly consumerKey: string
  readonly hasSecret: boolean
  readonly loginUrl: string
  readonly redirectUris: string
  readonly jwksUrl: string
  readonly publicJwk: string
  /** `undefined`: every available school (the default of a new connection). */
  readonly schoolIds: readonly string[] | undefined
}

export function valuesOfForm(form: ConnectionForm, hasSecret: boolean): FormValues {
  return {
    name: first(form.name),
    enabled: form.enabled !== undefined,
    launchUrl: first(form.launchUrl),
    transferEmail: form.transferEmail !== undefined,
    types: all(form.types),
    listStudent: form.listStudent !== undefined,
    listParent: form.listParent !== undefined,
    customParameters: Array.isArray(form.customParameters)
      ? (form.customParameters[0] ?? '')
      : (form.customParameters ?? ''),
    consumerKey: first(form.consumerKey),
    hasSecret,
    loginUrl: first(form.loginUrl),
    redirectUris: first(form.redirectUris),
    jwksUrl: first(form.jwksUrl),
    publicJwk: first(form.publicJwk),
    schoolIds: form.schoolsShown === undefined ? undefined : all(form.schoolIds),
  }
}

function linesOf(custom: Readonly<Record<string, string>>): string {
  try {
    return formatCustomParameterLines(custom)
  } catch {
    return Object.entries(custom)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n')
  }
}

export function valuesOfConnection(connection: ConnectionView): FormValues {
  return {
    name: connection.name,
    enabled: connection.status !== 'disabled',
    launchUrl: connection.launchUrl,
    transferEmail: connection.transferEmail,
    types: connection.types,
    listStudent: connection.learningToolsList.student,
    listParent: connection.learningToolsList.parent,
    customParameters: linesOf(connection.customParameters),
    consumerKey: connection.lti11?.consumerKey ?? '',
    hasSecret: connection.lti11?.hasSecret ?? false,
    loginUrl: connection.lti13?.loginUrl ?? '',
    redirectUris: (connection.lti13?.redirectUris ?? []).join('\n'),
    jwksUrl: connection.lti13?.jwksUrl ?? '',
    publicJwk:
      connection.lti13?.publicJwk === undefined ? '' : JSON.stringify(connection.lti13.publicJwk),
    schoolIds: connection.schoolIds,
  }
}

export { linesOf }
