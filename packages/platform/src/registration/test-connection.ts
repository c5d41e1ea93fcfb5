/**
 * "Test Connection" of the connection editor: a real handshake with the tool as the user running
 * the test, the way launches will use the connection, with each check reported. Requires the
 * tester to have an email address, since tools match LMS users by email.
 */
import type { PlatformDeps } from '../config.js'
import type { Deployment, Lti11Credentials, Lti13Registration, LmsUser } from '../ports.js'
import { checkLti11 } from './check-lti11.js'
import { checkDeployments, checkKeys, checkLogin } from './check-lti13.js'
import { checkHttpOf, type ConnectionCheck, fail, pass } from './connection-http.js'

export type { ConnectionCheck } from './connection-http.js'

export interface ConnectionTestReport {
  readonly passed: boolean
  readonly checks: readonly ConnectionCheck[]
}

/**
 * What a test needs of a connection: a stored {@link ToolConnection} fits, and so do the settings
 * of a form not saved yet (no client_id, no deployments until it is).
 */
export interface ConnectionUnderTest {
  readonly id: string
  readonly schoolIds: readonly string[]
  readonly privacy: { readonly sendName: boolean; readonly sendEmail: boolean }
  readonly customParameters: Readonly<Record<string, string>>
  readonly lti11?: Lti11Credentials
  readonly lti13?: Pick<
    Lti13Registration,
    'initiateLoginUri' | 'targetLinkUri' | 'jwksUri' | 'publicJwk'
  > & {
    readonly clientId?: string
    /** Unknown before the connection is saved: the deployments check is then left out. */
    readonly deployments?: readonly Deployment[]
  }
}

/**
 * Tests a connection as `user` (who must have an email address). LTI 1.1: a real signed launch
 * POST to the launch URL, passed when the tool answers below 400. LTI 1.3: a third-party login
 * to the login initiation URL (answered below 400; a redirect back must name this client_id),
 * the tool's keys hold an RS256 public key, and every enabled school has a deployment. Tool URLs
 * must be https (http on a loopback host with `settings.dangerouslyAllowInsecureLoopback`).
 * Returns every check with what it found; never throws for a failing tool.
 *
 * @example
 * const report = await testConnection(deps, connection, admin)
 * // { passed: false, checks: [{ name: 'lti11.launch', label: 'LTI 1.1 signed launch',
 * //   passed: false, detail: 'the tool refused the launch with HTTP 401: check the key and the secret' }] }
 * @see https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
 */
export async function testConnection(
  deps: Pick<PlatformDeps, 'settings' | 'clock' | 'fetch'>,
  connection: ConnectionUnderTest,
  user: LmsUser,
): Promise<ConnectionTestReport> {
  if (user.email === undefined || user.email.trim() === '') {
    const check = fail('user.email', 'the user performing the test needs an email address')
    return { passed: false, checks: [check] }
  }
  const checks: ConnectionCheck[] = [pass('user.email', 'present')]
  const http = checkHttpOf(deps)
  if (connection.lti11 === undefined && connection.lti13 === undefined) {
    checks.push(fail('connection.protocol', 'no LTI 1.1 key or LTI 1.3 registration to test'))
  }
  if (connection.lti11 !== undefined) {
    checks.push(await checkLti11(deps, http, connection, user))
  }
  const { lti13 } = connection
  if (lti13 !== undefined) {
    checks.push(await checkLogin(deps, http, lti13, user))
    checks.push(await checkKeys(http, lti13))
    if (lti13.deployments !== undefined)
      checks.push(checkDeployments(connection, lti13.deployments))
  }
  return { passed: checks.every((check) => check.passed), checks }
}
