import { ToolError } from '../errors/tool-error.js'
import {
  buildDeepLinkingResponse,
  type ContentItem,
  deepLinkingResponseForm,
  type LtiResourceLinkItem,
  signingKeyOf,
} from '../internal/core.js'
import { readForm } from '../internal/form.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { DeepLinkingSession } from '../sessions.js'
import { CUSTOM } from '../launch/resolve.js'
import { type Pickable, pickablesFor } from './catalogue.js'
import { PICKER_FIELD } from './picker.js'

/** The `ltiResourceLink` item of one pick: a launch of the publication (and activity). */
export function contentItemOf(
  runtime: ToolRuntime,
  session: DeepLinkingSession,
  pick: Pickable,
): LtiResourceLinkItem {
  const custom: Record<string, string> = { [CUSTOM.publication]: pick.publication.id }
  if (pick.activity !== undefined) custom[CUSTOM.activity] = pick.activity.id
  // accept_lineitem false: "the platform will ignore" line items, so none is sent.
  const lineItem =
    pick.scoreMaximum === undefined || session.acceptLineItem === false
      ? {}
      : {
          lineItem: {
            scoreMaximum: pick.scoreMaximum,
            label: pick.title,
            resourceId: pick.key,
            tag: 'grade',
          },
        }
  return {
    type: 'ltiResourceLink',
    title: pick.title,
    url: runtime.urls.launch,
    custom,
    ...lineItem,
  }
}

/** The deep-linking session named by `id`, or `ERR_LTI_SESSION_UNKNOWN`. */
export async function deepLinkingSession(
  runtime: ToolRuntime,
  id: string | undefined,
): Promise<DeepLinkingSession> {
  const session =
    id === undefined ? undefined : await runtime.ports.sessions.get(id, runtime.clock())
  if (session?.kind !== 'deep-linking') throw new ToolError('ERR_LTI_SESSION_UNKNOWN')
  return session.deepLinking
}

/** Options of {@link respondToDeepLinking}. */
export interface DeepLinkingAnswer {
  /** Keys of the chosen items (see `Pickable.key`); empty with `cancelled`. */
  readonly selected: readonly string[]
  readonly cancelled?: boolean
}

/**
 * Answers a deep-linking request: the chosen publications and activities become
 * `ltiResourceLink` items (with line items when graded), signed as an `LtiDeepLinkingResponse`
 * with the tool's key and auto-posted to the platform's return URL. The session is used once.
 * Throws `ERR_LTI_SELECTION_INVALID` for no item, an unknown one, or several where the platform
 * accepts one.
 *
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function respondToDeepLinking(
  runtime: ToolRuntime,
  session: DeepLinkingSession,
  answer: DeepLinkingAnswer,
): Promise<Response> {
  const registration = await runtime.ports.registrations.get(session.registrationId)
  if (registration === undefined) throw new ToolError('ERR_LTI_PLATFORM_UNKNOWN')
  let items: ContentItem[] = []
  if (answer.cancelled !== true) {
    const pickables = await pickablesFor(runtime.ports, registration.id, registration.lmsIdPrefix)
    const chosen = answer.selected.map((key) => pickables.find((pick) => pick.key === key))
    if (chosen.length === 0 || chosen.some((pick) => pick === undefined)) {
      throw new ToolError('ERR_LTI_SELECTION_INVALID', { detail: answer.selected.join(',') })
    }
    if (chosen.length > 1 && !session.acceptMultiple) {
      throw new ToolError('ERR_LTI_SELECTION_INVALID', { detail: 'accept_multiple is false' })
    }
    items = chosen.flatMap((pick) =>
      pick === undefined ? [] : [contentItemOf(runtime, session, pick)],
    )
  }
  const jwt = await buildDeepLinkingResponse({
    signingKey: signingKeyOf(await runtime.ports.keys.keyRing()),
    clientId: session.clientId,
    platformIssuer: session.issuer,
    deploymentId: session.deploymentId,
    data: session.data,
    contentItems: items,
    clock: runtime.clock,
    ...(answer.cancelled === true ? { msg: 'Nothing was added.' } : {}),
  })
  // Single use: a second submit of the same picker finds no session.
  const now = runtime.clock()
  await runtime.ports.sessions.save({
    kind: 'deep-linking',
    id: session.sessionId,
    expiresAt: now,
    deepLinking: { ...session, expiresAt: now },
  })
  return deepLinkingResponseForm(session.returnUrl, jwt)
}

/** The picker's form post → {@link respondToDeepLinking}. */
export async function handleDeepLinkingSubmit(
  request: Request,
  runtime: ToolRuntime,
): Promise<Response> {
  const form = await readForm(request)
  const session = await deepLinkingSession(runtime, form.get(PICKER_FIELD.session) ?? undefined)
  return respondToDeepLinking(runtime, session, {
    selected: form.getAll(PICKER_FIELD.item),
    cancelled: form.get(PICKER_FIELD.action) === 'cancel',
  })
}
