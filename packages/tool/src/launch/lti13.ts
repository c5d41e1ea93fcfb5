import { ToolError } from '../errors/tool-error.js'
import {
  type LaunchView,
  launchView,
  MESSAGE_TYPE,
  LtiError,
  parseAuthenticationResponse,
  verifyIdToken,
} from '../internal/core.js'
import { readStateCookie } from '../internal/cookies.js'
import { single } from '../internal/form.js'
import { sha256, timingSafeEqual } from '../internal/random.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { LaunchStateRecord, PlatformRegistration } from '../records.js'
import { acceptDeployment } from './deployment.js'
import { RELAY_FIELD, relayPage } from './relay.js'

/** A launch whose id_token verified, with the registration it belongs to. */
export interface VerifiedLti13 {
  readonly kind: 'verified'
  readonly state: string
  readonly registration: PlatformRegistration
  readonly view: LaunchView
}

/** The launch cannot be tied to the browser yet: answer with this page (platform storage). */
export interface NeedsRelay {
  readonly kind: 'relay'
  readonly response: Response
}

/**
 * Whether the browser that posts the launch is the one that started the login: the state cookie,
 * or else the binding the relay page read from platform storage. Both are compared with the hash
 * recorded at login, in constant time. There is no mode that skips this check.
 */
async function browserBinding(
  request: Request,
  record: LaunchStateRecord,
  relayed: string | undefined,
): Promise<'bound' | 'relay'> {
  const presented = readStateCookie(request, record.state) ?? relayed
  if (presented === undefined || presented === '') {
    if (record.storageTarget !== undefined && relayed === undefined) return 'relay'
    throw new LtiError('ERR_LTI_STATE_MISMATCH', {
      claim: 'state',
      detail: 'no state cookie and no platform-storage binding',
    })
  }
  if (!timingSafeEqual(await sha256(presented), record.bindingHash)) {
    throw new LtiError('ERR_LTI_STATE_MISMATCH', { claim: 'state', detail: 'binding differs' })
  }
  return 'bound'
}

async function registrationOf(runtime: ToolRuntime, id: string): Promise<PlatformRegistration> {
  const registration = await runtime.ports.registrations.get(id)
  if (registration === undefined) throw new ToolError('ERR_LTI_PLATFORM_UNKNOWN', { detail: id })
  if (!registration.enabled) throw new ToolError('ERR_LTI_PLATFORM_DISABLED', { detail: id })
  return registration
}

/**
 * Step 3 of the LTI 1.3 launch (lti-notes §3.3, §4.3): reads the form post (an OIDC `error` post
 * fails the launch), finds the pending login by `state` (unknown, expired or used → refused),
 * checks the browser binding (cookie, or platform storage through the relay page), consumes the
 * state, then verifies the id_token with core's pipeline: keys from the registration's JWKS (cached,
 * refetched on an unknown kid), issuer, audience, times, the login's nonce (single use), the
 * deployment policy, and the login's target_link_uri. A post with a wrong binding leaves the state
 * in place, for the browser that holds the right one.
 *
 * `request` is the launch post and `form` its body, already read by the caller.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export async function verifyLti13Launch(
  request: Request,
  form: URLSearchParams,
  runtime: ToolRuntime,
): Promise<VerifiedLti13 | NeedsRelay> {
  const response = await parseAuthenticationResponse(request)
  const relayed = single(form, RELAY_FIELD)
  const { launchStates } = runtime.ports
  const pending = await launchStates.find(response.state, runtime.clock())
  if (pending === undefined) throw new ToolError('ERR_LTI_STATE_UNKNOWN')
  const registration = await registrationOf(runtime, pending.registrationId)
  if ((await browserBinding(request, pending, relayed)) === 'relay') {
    return {
      kind: 'relay',
      response: relayPage({
        redirectUri: runtime.urls.launch,
        idToken: response.idToken,
        state: response.state,
        storageTarget: pending.storageTarget ?? '_parent',
        platformOrigin: new URL(registration.authLoginUrl).origin,
      }),
    }
  }
  // Single use: whoever takes the state first owns the launch; a replay finds nothing.
  const record = await launchStates.take(response.state, runtime.clock())
  if (record === undefined) throw new ToolError('ERR_LTI_STATE_UNKNOWN', { detail: 'taken' })
  const { message } = await verifyIdToken(response.idToken, {
    keys: runtime.keySets.resolver(registration.jwksUrl),
    issuer: registration.issuer,
    clientId: registration.clientId,
    nonceStore: runtime.ports.nonces,
    expectedNonce: record.nonce,
    expectedTargetLinkUri: record.targetLinkUri,
    expectedMessageTypes: [MESSAGE_TYPE.resourceLink, MESSAGE_TYPE.deepLinkingRequest],
    isDeploymentAccepted: (deploymentId) => acceptDeployment(runtime, registration, deploymentId),
    clock: runtime.clock,
  })
  return { kind: 'verified', state: record.state, registration, view: launchView(message) }
}
