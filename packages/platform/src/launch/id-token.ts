/**
 * Signs the id_token of a launch intent with the platform's current key, from fresh LMS data.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-3-authentication-response
 */
import { lifetime, type PlatformDeps } from '../config.js'
import { resolveDeepLinkingPlan, settingsOf } from '../deep-linking/plan.js'
import { PlatformError } from '../errors.js'
import { deploymentFor, requireActive, requireLti13 } from '../internal/access.js'
import { buildIdToken, buildLti1p1Claim, CLAIM, signingKeyOf } from '../internal/core.js'
import type { LaunchIntent } from '../ports.js'
import { launchMessageClaims } from './message.js'
import { resolveLaunchPlan } from './resolve.js'

async function planAndSettings(deps: PlatformDeps, intent: LaunchIntent) {
  const target = intent.target
  if (target.kind !== 'deep-linking') {
    return { plan: await resolveLaunchPlan(deps, intent.userId, target), settings: undefined }
  }
  const { session } = target
  const plan = await resolveDeepLinkingPlan(deps, {
    userId: intent.userId,
    connectionId: session.connectionId,
    contextId: session.contextId,
    ...(session.assignmentId === undefined ? {} : { assignmentId: session.assignmentId }),
  })
  return { plan, settings: settingsOf(deps, session, plan.assignment?.title) }
}

/**
 * The signed LTI message for a consumed launch intent and the tool's `nonce`. The user, link and
 * connection are read again, so a connection disabled or a user unenrolled since the launch
 * started no longer gets a message.
 * @throws PlatformError when the launch is no longer allowed
 */
export async function buildLaunchIdToken(
  deps: PlatformDeps,
  intent: LaunchIntent,
  nonce: string,
): Promise<string> {
  const { plan, settings } = await planAndSettings(deps, intent)
  const connection = requireActive(plan.connection)
  const registration = requireLti13(connection)
  const deployment = deploymentFor(connection, registration, plan.schoolId)
  if (
    registration.clientId !== intent.clientId ||
    deployment.deploymentId !== intent.deploymentId
  ) {
    throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_EXPIRED', {
      detail: 'the registration or deployment changed since the launch started',
    })
  }
  const message = await launchMessageClaims(deps, plan, intent, settings)
  // One instant for the token and the lti1p1 signature, which covers the token's `exp`.
  const now = deps.clock()
  const lifetimeSeconds = lifetime(deps.settings, 'idTokenTtlSeconds')
  const exp = Math.floor(now / 1000) + lifetimeSeconds
  const lti11 = connection.lti11
  if (lti11 !== undefined) {
    message[CLAIM.lti1p1] = await buildLti1p1Claim({
      oauthConsumerKey: lti11.consumerKey,
      oauthConsumerSecret: lti11.secret,
      deploymentId: deployment.deploymentId,
      issuer: deps.settings.issuer,
      clientId: registration.clientId,
      exp,
      nonce,
      userId: plan.user.lti11UserId ?? plan.user.id,
      ...(plan.context === undefined ? {} : { contextId: plan.context.id }),
      ...(plan.resourceLink === undefined ? {} : { resourceLinkId: plan.resourceLink.id }),
      lti13: {
        sub: plan.user.id,
        ...(plan.context === undefined ? {} : { contextId: plan.context.id }),
        ...(plan.resourceLink === undefined ? {} : { resourceLinkId: plan.resourceLink.id }),
      },
    })
  }
  const ring = await deps.keys.keyRing()
  return buildIdToken({
    signingKey: signingKeyOf(ring),
    issuer: deps.settings.issuer,
    clientId: registration.clientId,
    deploymentId: deployment.deploymentId,
    nonce,
    subject: plan.user.id,
    message: message as Parameters<typeof buildIdToken>[0]['message'],
    clock: () => now,
    lifetimeSeconds,
  })
}
