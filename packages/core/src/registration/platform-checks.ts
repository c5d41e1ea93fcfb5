import { LtiError } from '../errors/lti-error.js'
import {
  formatIssuePath,
  isSecureUrl,
  parseAbsoluteUrl,
  schemaError,
} from '../internal/services-http.js'
import { type ToolRegistration, toolRegistrationSchema } from './schema.js'
import { DR_KEY, PRIVATE_KEY_JWT } from './uris.js'

/** What a platform accepts in a tool registration. */
export interface RegistrationPolicy {
  /**
   * Refuse `redirect_uris` and launch URLs whose host is not `domain`, one of
   * `secondary_domains`, or a subdomain of them. Default true.
   */
  readonly requireUrlsInToolDomains?: boolean | undefined
  /**
   * @deprecated Local development only: accepts `http://` URLs on loopback hosts
   * (`localhost`, `127.0.0.1`, `[::1]`). Never set this in production.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean | undefined
}

type Raw = Record<string, unknown>

const TOOL = DR_KEY.toolConfiguration

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  )
}

/** The required fields (DR §3.1, notes §23.3): login initiation, JWKS, redirects, name, LTI object. */
const REQUIRED: readonly (readonly string[])[] = [
  ['initiate_login_uri'],
  ['jwks_uri'],
  ['redirect_uris'],
  ['client_name'],
  [TOOL],
  [TOOL, 'domain'],
  [TOOL, 'target_link_uri'],
]

function valueAt(body: Raw, path: readonly string[]): unknown {
  let value: unknown = body
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Raw)[key]
  }
  return value
}

/** Step 1: every required field is present and not blank. */
function requireFields(body: Raw): void {
  for (const path of REQUIRED) {
    if (isBlank(valueAt(body, path))) {
      throw new LtiError('ERR_LTI_DR_MISSING_FIELD', { claim: formatIssuePath(path) })
    }
  }
}

/** Step 2: "token_endpoint_auth_method: private_key_jwt" (LTI uses signed client assertions). */
function requirePrivateKeyJwt(body: Raw): void {
  if (body['token_endpoint_auth_method'] !== PRIVATE_KEY_JWT) {
    throw new LtiError('ERR_LTI_DR_UNSUPPORTED_AUTH_METHOD', {
      claim: 'token_endpoint_auth_method',
    })
  }
}

/** Step 3: "response_types: must contain id_token" (LTI launches are id_token responses). */
function requireIdTokenResponseType(body: Raw): void {
  const types = body['response_types']
  if (!Array.isArray(types) || !types.includes('id_token')) {
    throw new LtiError('ERR_LTI_DR_ID_TOKEN_RESPONSE_TYPE_REQUIRED', { claim: 'response_types' })
  }
}

/** Step 4: types and URL syntax. */
function matchSchema(body: Raw): ToolRegistration {
  const parsed = toolRegistrationSchema.safeParse(body)
  if (!parsed.success) throw schemaError('ERR_LTI_DR_INVALID_METADATA', parsed.error)
  return parsed.data
}

/** Every URL of a registration with the field path that holds it. */
function registrationUrls(registration: ToolRegistration): [string, string][] {
  const tool = registration[TOOL]
  const urls: [string, string | undefined][] = [
    ['initiate_login_uri', registration.initiate_login_uri],
    ...registration.redirect_uris.map((url, i): [string, string] => [`redirect_uris[${i}]`, url]),
    ['jwks_uri', registration.jwks_uri],
    ['logo_uri', registration.logo_uri],
    ['client_uri', registration.client_uri],
    ['policy_uri', registration.policy_uri],
    ['tos_uri', registration.tos_uri],
    [formatIssuePath([TOOL, 'target_link_uri']), tool.target_link_uri],
    ...(tool.messages ?? []).flatMap((message, i): [string, string | undefined][] => [
      [formatIssuePath([TOOL, 'messages', i, 'target_link_uri']), message.target_link_uri],
      [formatIssuePath([TOOL, 'messages', i, 'icon_uri']), message.icon_uri],
    ]),
  ]
  return urls.filter((entry): entry is [string, string] => entry[1] !== undefined)
}

/** Step 5: every URL is https (loopback http only on the loud development opt-in). */
function requireHttps(registration: ToolRegistration, policy: RegistrationPolicy): void {
  const allowLoopback = policy.dangerouslyAllowInsecureLoopback === true
  for (const [claim, value] of registrationUrls(registration)) {
    const url = parseAbsoluteUrl(value)
    if (url === undefined || !isSecureUrl(url, allowLoopback)) {
      throw new LtiError('ERR_LTI_DR_INSECURE_URL', { claim })
    }
  }
}

/** A declared domain as a host matcher: `tool.example` or `tool.example:8443`, lower case. */
function normalizeDomain(domain: string): string {
  const asUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain) ? parseAbsoluteUrl(domain) : undefined
  return (asUrl?.host ?? domain).trim().toLowerCase().replace(/\.$/, '')
}

/** Whether a URL's host is one of the domains or a subdomain of one (port compared when given). */
export function hostWithinDomains(value: string, domains: readonly string[]): boolean {
  const url = parseAbsoluteUrl(value)
  if (url === undefined) return false
  return domains.map(normalizeDomain).some((domain) => {
    const host = domain.includes(':') ? url.host : url.hostname
    return host === domain || host.endsWith(`.${domain}`)
  })
}

/** Step 6: redirect and launch URLs stay on the declared domains (platform policy, §23.3). */
function requireUrlsInDomains(registration: ToolRegistration, policy: RegistrationPolicy): void {
  if (policy.requireUrlsInToolDomains === false) return
  const tool = registration[TOOL]
  const domains = [tool.domain, ...(tool.secondary_domains ?? [])]
  const launchUrls: [string, string | undefined][] = [
    ...registration.redirect_uris.map((url, i): [string, string] => [`redirect_uris[${i}]`, url]),
    [formatIssuePath([TOOL, 'target_link_uri']), tool.target_link_uri],
    ...(tool.messages ?? []).map((message, i): [string, string | undefined] => [
      formatIssuePath([TOOL, 'messages', i, 'target_link_uri']),
      message.target_link_uri,
    ]),
  ]
  for (const [claim, url] of launchUrls) {
    if (url !== undefined && !hostWithinDomains(url, domains)) {
      throw new LtiError('ERR_LTI_DR_URL_OUTSIDE_DOMAIN', {
        claim,
        detail: `not within ${domains.join(', ')}`,
      })
    }
  }
}

/** Checks on the raw JSON object, before the schema: they name the rule that failed precisely. */
const RAW_CHECKS: readonly ((body: Raw) => void)[] = [
  requireFields,
  requirePrivateKeyJwt,
  requireIdTokenResponseType,
]

/** Checks on the validated registration, under the platform's policy. */
const POLICY_CHECKS: readonly ((
  registration: ToolRegistration,
  policy: RegistrationPolicy,
) => void)[] = [requireHttps, requireUrlsInDomains]

/**
 * Runs the registration checks in order: required fields, `private_key_jwt`, `id_token`, the
 * schema, https, domains. Each step throws a coded `LtiError`.
 */
export function runRegistrationChecks(body: Raw, policy: RegistrationPolicy): ToolRegistration {
  for (const check of RAW_CHECKS) check(body)
  const registration = matchSchema(body)
  for (const check of POLICY_CHECKS) check(registration, policy)
  return registration
}
