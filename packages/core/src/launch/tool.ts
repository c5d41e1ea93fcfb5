import type { LtiLaunchMessage } from '../claims/messages.js'
import type { LaunchCheckContext, LaunchStep } from './context.js'
import { resolveVerifyOptions, type VerifyIdTokenOptions } from './options.js'
import { MESSAGE_STEPS, TOKEN_STEPS } from './pipeline.js'

/** A verified launch. */
export interface VerifiedLaunch {
  /** The message, validated against the schema of its `message_type` (unknown claims kept). */
  readonly message: LtiLaunchMessage
  /** The names of the checks that passed, in order (for a launch debugger). */
  readonly checks: readonly string[]
}

async function runSteps(
  steps: readonly LaunchStep[],
  context: LaunchCheckContext,
  checks: string[],
) {
  for (const step of steps) {
    await step.run(context)
    checks.push(step.name)
  }
}

/**
 * Tool side: validates an id_token (the LTI 1.3 launch message) through the named steps of
 * `pipeline.ts`: size, JWS structure, algorithm allow-list, `kid`, signature, `iss`, `aud`/`azp`,
 * `exp`/`iat`, single-use nonce, version, message type, then per message type deployment,
 * `target_link_uri`, `sub` and the message schema. The first failure throws a coded `LtiError`.
 * Check the form post's `state` (`assertStateMatches`) before calling this.
 *
 * @throws LtiError ERR_LTI_INPUT_TOO_LARGE, ERR_LTI_JWT_* (MALFORMED, ALG_NOT_ALLOWED,
 *   SIGNATURE_INVALID, EXPIRED, NOT_YET_VALID, CLAIM_MISSING, CLAIM_INVALID), ERR_LTI_KID_MISSING,
 *   ERR_LTI_KID_UNKNOWN, ERR_LTI_JWKS_*, ERR_LTI_NONCE_REPLAYED, ERR_LTI_NONCE_MISMATCH,
 *   ERR_LTI_VERSION_UNSUPPORTED, ERR_LTI_MESSAGE_TYPE_UNSUPPORTED, ERR_LTI_DEPLOYMENT_NOT_ACCEPTED,
 *   ERR_LTI_TARGET_LINK_URI_MISMATCH
 * @example
 * const { message } = await verifyIdToken(idToken, {
 *   keys: remoteKeySet, issuer: registration.issuer, clientId: registration.clientId,
 *   nonceStore, isDeploymentAccepted: (id) => registration.deployments.includes(id),
 *   expectedTargetLinkUri: login.targetLinkUri,
 * })
 * const launch = launchView(message)
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export async function verifyIdToken(
  idToken: string,
  options: VerifyIdTokenOptions,
): Promise<VerifiedLaunch> {
  if (typeof idToken !== 'string') throw new TypeError('verifyIdToken: idToken must be a string')
  const resolved = resolveVerifyOptions(options)
  const context: LaunchCheckContext = { token: idToken, options: resolved, nowMs: resolved.clock() }
  const checks: string[] = []
  await runSteps(TOKEN_STEPS, context, checks)
  if (context.messageType === undefined) throw new TypeError('launch pipeline: no message type')
  await runSteps(MESSAGE_STEPS[context.messageType], context, checks)
  if (context.message === undefined) throw new TypeError('launch pipeline: no message-claims step')
  return { message: context.message, checks }
}
