import {
  buildDeepLinkingResponse,
  deepLinkingResponseForm,
  type LaunchView,
  signingKeyOf,
} from '../internal/core.js'
import { compact } from '../internal/objects.js'
import { randomToken } from '../internal/random.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { PlatformRegistration } from '../records.js'
import type { DeepLinkingSession } from '../sessions.js'
import { pickablesFor } from './catalogue.js'
import { pickerPage } from './picker.js'

/**
 * A verified `LtiDeepLinkingRequest`: stores a deep-linking session (return URL, `data` to echo,
 * `accept_multiple`, `accept_lineitem`) and shows the picker: the application's own when it gave
 * `onDeepLinking`, else the built-in one. A platform that does not accept `ltiResourceLink` items
 * gets an immediate response with an error message, so its dialog can close.
 *
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export async function startDeepLinking(
  runtime: ToolRuntime,
  request: Request,
  registration: PlatformRegistration,
  view: LaunchView,
): Promise<Response> {
  const settings = view.deepLinking
  if (settings === undefined) throw new TypeError('startDeepLinking needs a deep-linking request')
  const now = runtime.clock()
  const session: DeepLinkingSession = {
    sessionId: randomToken(24),
    registrationId: registration.id,
    issuer: registration.issuer,
    clientId: registration.clientId,
    deploymentId: view.deploymentId,
    returnUrl: settings.returnUrl,
    acceptMultiple: settings.acceptMultiple === true,
    createdAt: now,
    expiresAt: now + runtime.sessionTtlMs,
    ...compact({
      acceptLineItem: settings.acceptLineItem,
      data: settings.data,
      context:
        view.context === undefined
          ? undefined
          : compact({ id: view.context.id, title: view.context.title }),
    }),
  }
  if (!settings.acceptTypes.includes('ltiResourceLink')) {
    const jwt = await buildDeepLinkingResponse({
      signingKey: signingKeyOf(await runtime.ports.keys.keyRing()),
      clientId: registration.clientId,
      platformIssuer: registration.issuer,
      deploymentId: view.deploymentId,
      data: settings.data,
      contentItems: [],
      errormsg: 'This tool provides LTI resource links only.',
      clock: runtime.clock,
    })
    return deepLinkingResponseForm(settings.returnUrl, jwt)
  }
  await runtime.ports.sessions.save({
    kind: 'deep-linking',
    id: session.sessionId,
    expiresAt: session.expiresAt,
    deepLinking: session,
  })
  if (runtime.onDeepLinking !== undefined) return runtime.onDeepLinking(session, request)
  const items = await pickablesFor(runtime.ports, registration.id, registration.lmsIdPrefix)
  return pickerPage(session, items, runtime.urls.deepLinking)
}
