/**
 * LTI 1.3 checks of Test Connection: the tool's login initiation URL answers a third-party login
 * (and, when it redirects to this platform, names this connection's client_id), the tool's keys
 * hold an RS256 public signing key, and every enabled school has a deployment.
 * @see https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
 */
import type { PlatformDeps } from '../config.js'
import { staticKeyResolver } from '../internal/core.js'
import type { LmsUser } from '../ports.js'
import {
  type CheckHttp,
  type ConnectionCheck,
  fail,
  networkDetail,
  pass,
  send,
  toolUrl,
} from './connection-http.js'
import type { ConnectionUnderTest } from './test-connection.js'

type Lti13UnderTest = NonNullable<ConnectionUnderTest['lti13']>

const MAX_JWKS_BYTES = 64 * 1024

/** The third-party login request, as a launch of this connection starts it. */
function loginRequest(
  deps: Pick<PlatformDeps, 'settings'>,
  url: URL,
  lti13: Lti13UnderTest,
  user: LmsUser,
): URL {
  const login = new URL(url)
  login.searchParams.set('iss', deps.settings.issuer)
  login.searchParams.set('login_hint', user.id)
  login.searchParams.set('target_link_uri', lti13.targetLinkUri)
  if (lti13.clientId !== undefined) login.searchParams.set('client_id', lti13.clientId)
  const deploymentId = lti13.deployments?.[0]?.deploymentId
  if (deploymentId !== undefined) login.searchParams.set('lti_deployment_id', deploymentId)
  return login
}

/** Login initiation: answered below 400; a redirect to our authorization endpoint is checked. */
export async function checkLogin(
  deps: Pick<PlatformDeps, 'settings'>,
  http: CheckHttp,
  lti13: Lti13UnderTest,
  user: LmsUser,
): Promise<ConnectionCheck> {
  const name = 'lti13.login-url'
  const url = toolUrl(lti13.initiateLoginUri, 'login initiation URL', http.allowInsecureLoopback)
  if (!(url instanceof URL)) return fail(name, url.problem)
  const login = loginRequest(deps, url, lti13, user)
  const response = await send(http, login)
  if (!(response instanceof Response)) return fail(name, response.problem)
  await response.body?.cancel()
  const { status } = response
  if (status >= 400) return fail(name, `the login initiation URL answered HTTP ${status}`)
  const location = response.headers.get('location')
  if (location === null) return pass(name, `reachable (HTTP ${status})`)
  const target = URL.canParse(location, login) ? new URL(location, login) : undefined
  if (target === undefined || !target.href.startsWith(deps.settings.endpoints.authorization)) {
    return pass(name, `reachable (HTTP ${status}, redirects elsewhere)`)
  }
  const sent = target.searchParams.get('client_id')
  if (lti13.clientId !== undefined && sent !== lti13.clientId) {
    return fail(
      name,
      `the tool answered with client_id "${sent ?? ''}", not this connection's ${lti13.clientId}: check the tool's registration`,
    )
  }
  return pass(name, 'the tool redirected to our authorization endpoint')
}

/** The key set at the JWKS URL, or why it cannot be read. */
async function readJwks(http: CheckHttp, value: string): Promise<unknown[] | string> {
  const url = toolUrl(value, 'JWKS URL', http.allowInsecureLoopback)
  if (!(url instanceof URL)) return url.problem
  const response = await send(http, url, {
    headers: { accept: 'application/json' },
    redirect: 'error',
  })
  if (!(response instanceof Response)) return response.problem
  if (!response.ok) {
    await response.body?.cancel()
    return `the JWKS URL answered HTTP ${response.status}`
  }
  let buffer: ArrayBuffer
  try {
    buffer = await response.arrayBuffer()
  } catch (error) {
    return networkDetail(error, url, http.timeoutMs)
  }
  if (buffer.byteLength > MAX_JWKS_BYTES) return `the JWKS is larger than ${MAX_JWKS_BYTES} bytes`
  try {
    const body = JSON.parse(new TextDecoder().decode(buffer)) as { keys?: unknown }
    if (!Array.isArray(body.keys)) return 'the JWKS URL did not answer a key set ({"keys": [...]})'
    return body.keys
  } catch {
    return 'the JWKS URL did not answer JSON'
  }
}

/**
 * Imports `key` as launches and client assertions will (core's key resolver, RS256): its error
 * code when it cannot be used, `undefined` when it can.
 */
async function keyProblem(key: unknown): Promise<string | undefined> {
  if (typeof key !== 'object' || key === null) return 'ERR_LTI_KEY_INVALID'
  const jwk = key as Record<string, unknown>
  if (jwk['kty'] !== 'RSA' || 'd' in jwk || (jwk['use'] !== undefined && jwk['use'] !== 'sig')) {
    return 'not an RSA public signing key'
  }
  try {
    const kid = typeof jwk['kid'] === 'string' ? jwk['kid'] : undefined
    await staticKeyResolver({ ...jwk })(
      { alg: 'RS256', ...(kid === undefined ? {} : { kid }) },
      { payload: '', signature: '' },
    )
    return undefined
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : ''
    return typeof code === 'string' && code !== '' ? code : 'ERR_LTI_KEY_INVALID'
  }
}

/** The tool's keys (JWKS URL or pasted public key) hold at least one usable RS256 public key. */
export async function checkKeys(http: CheckHttp, lti13: Lti13UnderTest): Promise<ConnectionCheck> {
  const name = 'lti13.jwks'
  if (lti13.jwksUri === undefined && lti13.publicJwk === undefined) {
    return fail(name, 'no JWKS URL and no public key')
  }
  const keys = lti13.jwksUri === undefined ? [lti13.publicJwk] : await readJwks(http, lti13.jwksUri)
  if (typeof keys === 'string') return fail(name, keys)
  const problems = await Promise.all(keys.map(keyProblem))
  const usable = problems.filter((problem) => problem === undefined).length
  if (usable === 0) {
    const first = problems.find((problem) => problem !== undefined)
    const why = first === undefined ? '' : ` (${first})`
    return fail(name, `no RS256 public signing key in the tool keys${why}`)
  }
  const ignored = keys.length - usable
  return pass(
    name,
    `${usable} RS256 public key${usable === 1 ? '' : 's'} found` +
      (ignored === 0 ? '' : `, ${ignored} unusable key${ignored === 1 ? '' : 's'} ignored`),
  )
}

/** Every enabled school has a deployment, so launches from it can carry a deployment_id. */
export function checkDeployments(
  connection: ConnectionUnderTest,
  deployments: NonNullable<Lti13UnderTest['deployments']>,
): ConnectionCheck {
  const missing = connection.schoolIds.filter(
    (school) => !deployments.some((d) => d.schoolIds.includes(school)),
  )
  return missing.length === 0
    ? pass('lti13.deployments', `${connection.schoolIds.length} school(s) covered`)
    : fail('lti13.deployments', `no deployment for ${missing.join(', ')}`)
}
