/**
 * "Test Connection" of the connection editor: tries the connection the way launches will use it
 * and reports each check. Requires the testing user to have an email address, since tools match
 * LMS users by email.
 */
import type { PlatformDeps } from '../config.js'
import {
  buildLti11Launch,
  RemoteKeySets,
  staticKeyResolver,
  type KeyResolver,
} from '../internal/core.js'
import { lti11Roles } from '../launch/roles.js'
import type { Lti11Credentials, Lti13Registration, LmsUser, ToolConnection } from '../ports.js'

/** One check of a connection test. */
export interface ConnectionCheck {
  /** Stable name, e.g. `lti11.launch`. */
  readonly name: string
  readonly passed: boolean
  /** What was found, for the administrator (never a secret). */
  readonly detail: string
}

export interface ConnectionTestReport {
  readonly passed: boolean
  readonly checks: readonly ConnectionCheck[]
}

const TIMEOUT_MS = 10_000

const pass = (name: string, detail: string): ConnectionCheck => ({ name, passed: true, detail })
const fail = (name: string, detail: string): ConnectionCheck => ({ name, passed: false, detail })

function httpsUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

async function send(deps: PlatformDeps, request: Request): Promise<Response | string> {
  const fetcher = deps.fetch ?? fetch
  try {
    return await fetcher(request, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) })
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable'
  }
}

/** LTI 1.1: a real signed launch POST with the tester's identity; the tool must accept it. */
async function checkLti11(
  deps: PlatformDeps,
  connection: ToolConnection,
  credentials: Lti11Credentials,
  user: LmsUser,
): Promise<ConnectionCheck[]> {
  const url = httpsUrl(credentials.launchUrl)
  if (url === undefined)
    return [fail('lti11.launch-url', 'the launch URL must start with https://')]
  const { privacy } = connection
  const form = await buildLti11Launch({
    launchUrl: url,
    consumerKey: credentials.consumerKey,
    secret: credentials.secret,
    clock: deps.clock,
    params: {
      resource_link_id: `ltihub-test-connection-${connection.id}`,
      resource_link_title: 'Test connection',
      user_id: user.lti11UserId ?? user.id,
      roles: lti11Roles(user, { part: 'admin', menteeIds: [] }),
      tool_consumer_instance_guid: deps.settings.instance.guid,
      tool_consumer_info_product_family_code: deps.settings.instance.productFamilyCode,
      ...(privacy.sendEmail && user.email !== undefined
        ? { lis_person_contact_email_primary: user.email }
        : {}),
      ...(privacy.sendName && user.fullName !== undefined
        ? { lis_person_name_full: user.fullName }
        : {}),
    },
  })
  const response = await send(
    deps,
    new Request(form.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
    }),
  )
  if (typeof response === 'string')
    return [pass('lti11.launch-url', url.href), fail('lti11.launch', response)]
  await response.body?.cancel()
  const { status } = response
  const refused = status === 401 || status === 403
  const detail = refused ? `HTTP ${status}: the tool refused the key or secret` : `HTTP ${status}`
  return [
    pass('lti11.launch-url', url.href),
    status < 400 ? pass('lti11.launch', detail) : fail('lti11.launch', detail),
  ]
}

/** The login initiation URL answers (any HTTP status below 500 means the tool is there). */
async function checkLoginUrl(
  deps: PlatformDeps,
  registration: Lti13Registration,
): Promise<ConnectionCheck> {
  const url = httpsUrl(registration.initiateLoginUri)
  if (url === undefined)
    return fail('lti13.login-url', 'the login initiation URL must start with https://')
  const response = await send(deps, new Request(url, { method: 'GET' }))
  if (typeof response === 'string') return fail('lti13.login-url', response)
  await response.body?.cancel()
  const detail = `HTTP ${response.status}`
  return response.status < 500 ? pass('lti13.login-url', detail) : fail('lti13.login-url', detail)
}

/** The tool's keys resolve exactly as the token endpoint and deep linking return will use them. */
async function checkKeys(
  deps: PlatformDeps,
  registration: Lti13Registration,
): Promise<ConnectionCheck> {
  const name = 'lti13.jwks'
  try {
    if (registration.publicJwk !== undefined) {
      const jwk = registration.publicJwk
      const alg = typeof jwk.alg === 'string' ? jwk.alg : 'RS256'
      await resolveKey(
        staticKeyResolver({ ...jwk }),
        alg,
        typeof jwk.kid === 'string' ? jwk.kid : undefined,
      )
      return pass(name, 'the registered public key is valid')
    }
    if (registration.jwksUri === undefined) return fail(name, 'neither a JWKS URL nor a public key')
    const fetcher = deps.fetch ?? fetch
    const response = await send(deps, new Request(registration.jwksUri))
    if (typeof response === 'string') return fail(name, response)
    const body = (await response.json().catch(() => undefined)) as { keys?: unknown } | undefined
    const keys = Array.isArray(body?.keys) ? (body.keys as Record<string, unknown>[]) : undefined
    if (response.status !== 200 || keys === undefined || keys.length === 0) {
      return fail(name, `HTTP ${response.status}: not a key set with keys`)
    }
    // A fresh cache, so the check fetches the current key set through the same code as launches.
    const resolver = new RemoteKeySets({ fetch: fetcher }).resolver(registration.jwksUri)
    for (const key of keys) {
      await resolveKey(resolver, typeof key.alg === 'string' ? key.alg : 'RS256', String(key.kid))
    }
    return pass(name, `${keys.length} valid signing key(s)`)
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error
        ? String(error.code)
        : 'invalid'
    return fail(name, code)
  }
}

async function resolveKey(resolver: KeyResolver, alg: string, kid: string | undefined) {
  await resolver({ alg, ...(kid === undefined ? {} : { kid }) }, { payload: '', signature: '' })
}

/** Every enabled school has a deployment, so launches from it can carry a deployment_id. */
function checkDeployments(
  connection: ToolConnection,
  registration: Lti13Registration,
): ConnectionCheck {
  const missing = connection.schoolIds.filter(
    (school) => !registration.deployments.some((d) => d.schoolIds.includes(school)),
  )
  return missing.length === 0
    ? pass('lti13.deployments', `${connection.schoolIds.length} school(s) covered`)
    : fail('lti13.deployments', `no deployment for ${missing.join(', ')}`)
}

/**
 * Tests a connection as `user` (who must have an email address). LTI 1.1: a real signed launch
 * POST to the launch URL, passed when the tool answers below 400. LTI 1.3: the login initiation
 * URL is reachable, the tool's key set is valid, and every enabled school has a deployment.
 * Returns every check with what it found; never throws for a failing tool.
 *
 * @example
 * const report = await testConnection(deps, connection, admin)
 * // { passed: false, checks: [{ name: 'lti11.launch', passed: false, detail: 'HTTP 401: ...' }] }
 */
export async function testConnection(
  deps: PlatformDeps,
  connection: ToolConnection,
  user: LmsUser,
): Promise<ConnectionTestReport> {
  const checks: ConnectionCheck[] = []
  if (user.email === undefined || user.email === '') {
    checks.push(fail('user.email', 'the user performing the test needs an email address'))
    return { passed: false, checks }
  }
  checks.push(pass('user.email', 'present'))
  if (connection.lti11 === undefined && connection.lti13 === undefined) {
    checks.push(fail('connection.protocol', 'neither an LTI 1.1 key nor an LTI 1.3 registration'))
  }
  if (connection.lti11 !== undefined)
    checks.push(...(await checkLti11(deps, connection, connection.lti11, user)))
  if (connection.lti13 !== undefined) {
    checks.push(await checkLoginUrl(deps, connection.lti13))
    checks.push(await checkKeys(deps, connection.lti13))
    checks.push(checkDeployments(connection, connection.lti13))
  }
  return { passed: checks.every((check) => check.passed), checks }
}
