/**
 * Starting an LTI 1.3 launch: checks that the user may launch the target, records a single-use
 * launch intent, and builds the third-party login initiation for the tool.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
import { lifetime, type PlatformDeps } from '../config.js'
import { deploymentFor, requireLti13 } from '../internal/access.js'
import { buildLoginInitiation, MESSAGE_TYPE } from '../internal/core.js'
import { randomToken } from '../internal/random.js'
import type { LaunchIntent, LaunchTarget, PresentationTarget } from '../ports.js'
import { bindingDigest, signLaunchHint } from './hint.js'
import { resolveLaunchPlan } from './resolve.js'

/** What the LMS asks for when a user opens a tool. */
export interface StartLaunchInput {
  /** The signed-in user (the platform session resolves it). */
  readonly userId: string
  readonly target: LaunchTarget
  readonly presentation: PresentationTarget
  /** Where the tool may send the user back (`launch_presentation.return_url`). */
  readonly returnUrl?: string
  /**
   * Offer platform storage: the `lti_storage_target` frame name, usually `'_parent'` for a tool
   * in an iframe of a page running `platformStorageScript`.
   */
  readonly storageTarget?: string
  /**
   * A random value the host keeps in the launching browser (a cookie), so the authorization
   * endpoint can recognise that browser where the session cookie does not arrive (a framed tool
   * on another site). Only its digest is stored.
   */
  readonly browserBinding?: string
}

/** The login initiation to send the browser to, both as a GET URL and as a POST form. */
export interface LoginInitiationStart {
  /** The launch intent id (`lti_message_hint` carries it, signed). */
  readonly intentId: string
  /** The `lti_message_hint`: the intent id and expiry, signed. */
  readonly messageHint: string
  readonly connectionId: string
  /** GET form: redirect the browser (or set it as the iframe `src`). */
  readonly url: string
  /** POST form: auto-submit these fields to `action`. */
  readonly action: string
  readonly fields: Readonly<Record<string, string>>
}

/** Fields shared by every intent a start creates (the binding as the raw value). */
export type IntentDraft = Omit<LaunchIntent, 'id' | 'expiresAt' | 'browserBinding'> & {
  readonly browserBinding?: string
}

/**
 * Saves a launch intent for `draft` and builds the login initiation carrying it. The
 * `login_hint` is the user id and the `lti_message_hint` the signed intent id: the
 * authentication request must come back with both, from the browser that started the launch.
 */
export async function issueLoginInitiation(
  deps: Pick<PlatformDeps, 'settings' | 'clock' | 'launchIntents' | 'launchHintSecret'>,
  draft: IntentDraft,
  initiateLoginUri: string,
): Promise<LoginInitiationStart> {
  const { browserBinding, ...fields } = draft
  const intent: LaunchIntent = {
    ...fields,
    ...(browserBinding === undefined
      ? {}
      : { browserBinding: await bindingDigest(browserBinding) }),
    id: randomToken(),
    expiresAt: deps.clock() + lifetime(deps.settings, 'launchIntentTtlMs'),
  }
  const hint = await signLaunchHint(deps.launchHintSecret, {
    intentId: intent.id,
    expiresAt: intent.expiresAt,
  })
  const initiation = buildLoginInitiation({
    toolLoginUrl: initiateLoginUri,
    issuer: deps.settings.issuer,
    loginHint: intent.userId,
    targetLinkUri: intent.targetLinkUri,
    ltiMessageHint: hint,
    clientId: intent.clientId,
    deploymentId: intent.deploymentId,
    ...(intent.storageTarget === undefined ? {} : { ltiStorageTarget: intent.storageTarget }),
  })
  await deps.launchIntents.save(intent)
  return {
    intentId: intent.id,
    messageHint: hint,
    connectionId: intent.connectionId,
    url: initiation.url.href,
    action: initiation.action,
    fields: initiation.fields,
  }
}

/**
 * Starts an LTI 1.3 resource link launch for a placed link or a Learning Tools list entry.
 *
 * @throws PlatformError LOGIN_REQUIRED (unknown user), NOT_FOUND, CONNECTION_UNAVAILABLE (disabled,
 *   pending, no LTI 1.3 registration or no deployment for the school), LAUNCH_DENIED
 * @example
 * const start = await startLaunch(deps, { userId: session.userId, presentation: 'iframe',
 *   target: { kind: 'resource-link', resourceLinkId }, storageTarget: '_parent' })
 * return Response.redirect(start.url, 303)
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resource-link-launch-request-message
 */
export async function startLaunch(
  deps: PlatformDeps,
  input: StartLaunchInput,
): Promise<LoginInitiationStart> {
  const plan = await resolveLaunchPlan(deps, input.userId, input.target)
  const link = plan.resourceLink
  if (link === undefined) throw new TypeError('a resource link launch resolves to a link')
  const registration = requireLti13(plan.connection)
  const deployment = deploymentFor(plan.connection, registration, plan.schoolId)
  const draft: IntentDraft = {
    userId: plan.user.id,
    connectionId: plan.connection.id,
    clientId: registration.clientId,
    deploymentId: deployment.deploymentId,
    messageType: MESSAGE_TYPE.resourceLink,
    target: input.target,
    // DL `url`: "the platform MUST use it as the target_link_uri" when launching the link.
    targetLinkUri: link.url ?? registration.targetLinkUri,
    presentation: input.presentation,
    ...(input.returnUrl === undefined ? {} : { returnUrl: input.returnUrl }),
    ...(input.storageTarget === undefined ? {} : { storageTarget: input.storageTarget }),
    ...(input.browserBinding === undefined ? {} : { browserBinding: input.browserBinding }),
  }
  return issueLoginInitiation(deps, draft, registration.initiateLoginUri)
}
