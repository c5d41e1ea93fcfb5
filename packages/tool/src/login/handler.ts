import {
  buildAuthenticationRequest,
  createLoginState,
  type LoginInitiation,
  parseLoginInitiation,
} from '../internal/core.js'
import { stateCookie } from '../internal/cookies.js'
import { randomToken, sha256 } from '../internal/random.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { PlatformRegistration } from '../records.js'
import { loginPage } from './page.js'
import { registrationForLogin } from './registration.js'

/** `lti_storage_target` values accepted: a frame name, or `_parent`. */
const STORAGE_TARGET = /^[A-Za-z0-9_-]{1,64}$/

/** The login initiation again as a GET URL of this tool, for the new-window fallback. */
function newWindowUrl(runtime: ToolRuntime, login: LoginInitiation): string {
  const url = new URL(runtime.urls.login)
  const params: [string, string | undefined][] = [
    ['iss', login.issuer],
    ['login_hint', login.loginHint],
    ['target_link_uri', login.targetLinkUri],
    ['lti_message_hint', login.ltiMessageHint],
    ['client_id', login.clientId],
    ['lti_deployment_id', login.deploymentId],
  ]
  for (const [name, value] of params) if (value !== undefined) url.searchParams.set(name, value)
  return url.href
}

/**
 * Step 1 → 2 of the LTI 1.3 launch (lti-notes §3): validates the login initiation (GET or POST),
 * finds the registration by (iss, client_id), records state ↔ nonce ↔ browser binding server-side
 * (single use, with a TTL), binds the state to the browser with a cookie and, when the platform
 * offers it, platform storage, and continues to the platform's authentication endpoint.
 *
 * Errors (unknown platform, foreign target_link_uri, malformed request) are thrown as coded errors;
 * the tool turns them into an error page. Nothing redirects for an unknown platform.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
export async function handleLogin(request: Request, runtime: ToolRuntime): Promise<Response> {
  // Only the tool's own origin may be the target: an open-redirect guard (CORE: the tool SHOULD
  // check target_link_uri is one of its own URLs).
  const login = await parseLoginInitiation(request, {
    allowedTargetLinkOrigins: [runtime.urls.origin],
    // A development tool (loopback opt-in) accepts a platform on loopback over http too.
    ...(runtime.allowInsecureLoopback ? { dangerouslyAllowHttpLoopbackIssuer: true } : {}),
  })
  const registration = await registrationForLogin(
    runtime.ports.registrations,
    login.issuer,
    login.clientId,
  )
  return startLogin(runtime, login, registration)
}

async function startLogin(
  runtime: ToolRuntime,
  login: LoginInitiation,
  registration: PlatformRegistration,
): Promise<Response> {
  const { state, nonce } = createLoginState()
  const binding = randomToken(32)
  const storageTarget =
    login.ltiStorageTarget !== undefined && STORAGE_TARGET.test(login.ltiStorageTarget)
      ? login.ltiStorageTarget
      : undefined
  await runtime.ports.launchStates.save({
    state,
    nonce,
    registrationId: registration.id,
    targetLinkUri: login.targetLinkUri,
    bindingHash: await sha256(binding),
    ...(storageTarget === undefined ? {} : { storageTarget }),
    expiresAt: runtime.clock() + runtime.stateTtlMs,
  })
  const authUrl = buildAuthenticationRequest({
    authLoginUrl: registration.authLoginUrl,
    clientId: registration.clientId,
    redirectUri: runtime.urls.launch,
    loginHint: login.loginHint,
    ...(login.ltiMessageHint === undefined ? {} : { ltiMessageHint: login.ltiMessageHint }),
    ...(storageTarget === undefined ? {} : { ltiStorageTarget: storageTarget }),
    state,
    nonce,
  })
  return loginPage({
    authUrl: authUrl.href,
    platformOrigin: new URL(registration.authLoginUrl).origin,
    state,
    binding,
    storageTarget,
    newWindowUrl: newWindowUrl(runtime, login),
    setCookie: stateCookie(state, binding, Math.floor(runtime.stateTtlMs / 1000)),
  })
}
