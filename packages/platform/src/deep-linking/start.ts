/**
 * Starting a deep linking request: a teacher picks content in the tool for a course section (or
 * one assignment). The request travels through the same OIDC login as a launch.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
import { lifetime, type PlatformDeps } from '../config.js'
import { deploymentFor, requireLti13 } from '../internal/access.js'
import { MESSAGE_TYPE } from '../internal/core.js'
import { randomToken } from '../internal/random.js'
import {
  type IntentDraft,
  issueLoginInitiation,
  type LoginInitiationStart,
} from '../launch/start.js'
import type { DeepLinkingSession, PresentationTarget } from '../ports.js'
import { acceptTypesOf, type DeepLinkingTarget, resolveDeepLinkingPlan } from './plan.js'

/** What the LMS asks for when a teacher adds content from a tool. */
export interface StartDeepLinkingInput extends DeepLinkingTarget {
  readonly presentation: PresentationTarget
  readonly returnUrl?: string
  /** `lti_storage_target` when platform storage is offered (see `startLaunch`). */
  readonly storageTarget?: string
  /** The launching browser's binding value (see `StartLaunchInput.browserBinding`). */
  readonly browserBinding?: string
}

/**
 * Starts an `LtiDeepLinkingRequest`: checks the teacher and the connection, records the deep
 * linking session (what may come back, where it goes) and a launch intent, and returns the login
 * initiation. The platform accepts `ltiResourceLink` items on ASSIGNMENT RESOURCE connections and
 * `image`/`html` items on EMBEDDABLE CONTENT ones, several at once; line items are accepted when
 * score passback is on and the assignment (if any) is scored by points.
 *
 * @throws PlatformError LOGIN_REQUIRED, NOT_FOUND, CONNECTION_UNAVAILABLE, LAUNCH_DENIED,
 *   NO_TOOL_RIGHTS
 * @example
 * const start = await startDeepLinking(deps, { userId, connectionId, contextId,
 *   assignmentId, presentation: 'iframe', storageTarget: '_parent' })
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export async function startDeepLinking(
  deps: PlatformDeps,
  input: StartDeepLinkingInput,
): Promise<LoginInitiationStart & { readonly sessionId: string }> {
  const plan = await resolveDeepLinkingPlan(deps, input)
  const registration = requireLti13(plan.connection)
  const deployment = deploymentFor(plan.connection, registration, plan.schoolId)
  const context = plan.context
  if (context === undefined) throw new TypeError('a deep linking plan has a context')
  const acceptLineItem =
    plan.connection.features.scorePassback &&
    (plan.assignment === undefined || plan.assignment.scoringType === 'points')
  const session: DeepLinkingSession = {
    id: randomToken(),
    data: randomToken(),
    userId: plan.user.id,
    connectionId: plan.connection.id,
    clientId: registration.clientId,
    deploymentId: deployment.deploymentId,
    contextId: context.id,
    ...(plan.assignment === undefined ? {} : { assignmentId: plan.assignment.id }),
    acceptTypes: acceptTypesOf(plan.connection),
    acceptMultiple: true,
    acceptLineItem,
    expiresAt: deps.clock() + lifetime(deps.settings, 'deepLinkingTtlMs'),
  }
  const draft: IntentDraft = {
    userId: plan.user.id,
    connectionId: plan.connection.id,
    clientId: registration.clientId,
    deploymentId: deployment.deploymentId,
    messageType: MESSAGE_TYPE.deepLinkingRequest,
    target: { kind: 'deep-linking', session },
    targetLinkUri: registration.deepLinkingUri ?? registration.targetLinkUri,
    presentation: input.presentation,
    ...(input.returnUrl === undefined ? {} : { returnUrl: input.returnUrl }),
    ...(input.storageTarget === undefined ? {} : { storageTarget: input.storageTarget }),
    ...(input.browserBinding === undefined ? {} : { browserBinding: input.browserBinding }),
  }
  await deps.deepLinkingSessions.save(session)
  const start = await issueLoginInitiation(deps, draft, registration.initiateLoginUri)
  return { ...start, sessionId: session.id }
}
