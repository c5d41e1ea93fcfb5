/**
 * Content-Item Message 1.0 (Deep Linking 1.0) for LTI 1.1 connections: the teacher's "add tool
 * content" sends a signed `ContentItemSelectionRequest`, and the tool's signed
 * `ContentItemSelection` comes back to the content-item return URL of the session. The same deep
 * linking session record (single-use, `data` echoed) and the same checks as Deep Linking 2.0
 * apply: teacher with the External Learning Tools right, types the connection enables, resource
 * links on the tool's own origin, line items only with score passback.
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */
import { lifetime, type PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import { requireActive } from '../internal/access.js'
import {
  buildContentItemSelectionRequest,
  type Lti11FormPost,
  LtiError,
  type MappedContentItem,
  verifyContentItemSelection,
} from '../internal/core.js'
import { randomToken } from '../internal/random.js'
import type { DeepLinkingSession } from '../ports.js'
import { acceptTypesOf, resolveDeepLinkingPlan } from './plan.js'

const LTI_LINK = 'application/vnd.ims.lti.v1.ltilink'

function mediaTypesOf(session: DeepLinkingSession): string[] {
  const types: string[] = []
  if (session.acceptTypes.includes('ltiResourceLink')) types.push(LTI_LINK)
  if (session.acceptTypes.includes('image')) types.push('image/*')
  if (session.acceptTypes.includes('html')) types.push('text/html')
  return types
}

/** What a Content-Item selection is started for: a teacher adding content to an assignment. */
export interface StartContentItemInput {
  readonly userId: string
  readonly connectionId: string
  readonly contextId: string
  readonly assignmentId: string
}

/**
 * Starts a Content-Item selection for an LTI 1.1 connection: the same checks as a deep linking
 * request, a single-use session, and the signed request form (auto-post it from the browser, for
 * example with `lti11LaunchResponse`).
 * @throws PlatformError as `startDeepLinking` does, CONNECTION_UNAVAILABLE without an LTI 1.1 key
 */
export async function startContentItemSelection(
  deps: PlatformDeps,
  input: StartContentItemInput,
): Promise<Lti11FormPost & { readonly sessionId: string }> {
  const plan = await resolveDeepLinkingPlan(deps, input)
  const lti11 = plan.connection.lti11
  if (lti11 === undefined || plan.context === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', { detail: 'no LTI 1.1 key' })
  }
  const points = plan.assignment === undefined || plan.assignment.scoringType === 'points'
  const session: DeepLinkingSession = {
    id: randomToken(),
    data: randomToken(),
    userId: plan.user.id,
    connectionId: plan.connection.id,
    clientId: '',
    deploymentId: '',
    contextId: plan.context.id,
    ...(plan.assignment === undefined ? {} : { assignmentId: plan.assignment.id }),
    acceptTypes: acceptTypesOf(plan.connection),
    acceptMultiple: true,
    acceptLineItem: plan.connection.features.scorePassback && points,
    expiresAt: deps.clock() + lifetime(deps.settings, 'deepLinkingTtlMs'),
  }
  await deps.deepLinkingSessions.save(session)
  const form = await buildContentItemSelectionRequest({
    launchUrl: lti11.launchUrl,
    consumerKey: lti11.consumerKey,
    secret: lti11.secret,
    contentItemReturnUrl: deps.settings.endpoints.contentItemReturn(session.id),
    acceptMediaTypes: mediaTypesOf(session),
    acceptPresentationDocumentTargets: ['iframe', 'window'],
    acceptMultiple: true,
    data: session.data,
    params: [
      ['user_id', plan.user.lti11UserId ?? plan.user.id],
      ['roles', 'Instructor'],
      ['context_id', plan.context.id],
      ['context_title', plan.context.title],
      ['tool_consumer_instance_guid', deps.settings.instance.guid],
    ],
    clock: deps.clock,
  })
  return { ...form, sessionId: session.id }
}

/** The items the selection may create, checked like Deep Linking 2.0 items. */
function checkItem(
  item: MappedContentItem,
  session: DeepLinkingSession,
  toolOrigin: string,
  index: number,
) {
  const claim = `content_items[${index}]`
  if (item.type !== 'ltiResourceLink' && item.type !== 'image' && item.type !== 'html') {
    throw new LtiError('ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED', { claim })
  }
  if (!session.acceptTypes.includes(item.type)) {
    throw new LtiError('ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED', { claim })
  }
  if (
    item.type === 'ltiResourceLink' &&
    item.url !== undefined &&
    new URL(item.url).origin !== toolOrigin
  ) {
    throw new LtiError('ERR_LTI_DL_CONTENT_ITEM_INVALID', {
      claim: `${claim}.url`,
      detail: 'outside the tool',
    })
  }
  return item
}

async function create(deps: PlatformDeps, session: DeepLinkingSession, item: MappedContentItem) {
  const base = {
    connectionId: session.connectionId,
    contextId: session.contextId,
    ...(session.assignmentId === undefined ? {} : { assignmentId: session.assignmentId }),
  }
  const text = (name: 'title' | 'text', value: string | undefined) =>
    value === undefined ? {} : { [name]: value }
  if (item.type === 'ltiResourceLink') {
    const link = await deps.resourceLinks.create({
      ...base,
      title: item.title ?? 'Tool resource',
      ...(item.text === undefined ? {} : { description: item.text }),
      ...(item.url === undefined ? {} : { url: item.url }),
      custom: item.custom ?? {},
    })
    if (item.lineItem !== undefined && session.acceptLineItem) {
      await deps.lineItems.create({
        ...base,
        label: item.lineItem.label ?? link.title,
        scoreMaximum: item.lineItem.scoreMaximum,
        resourceLinkId: link.id,
        extensions: {},
      })
    }
  } else if (item.type === 'image') {
    await deps.embeddedContent.create({
      ...base,
      kind: 'image',
      url: item.url,
      ...text('title', item.title),
      ...text('text', item.text),
    })
  } else if (item.type === 'html') {
    await deps.embeddedContent.create({
      ...base,
      kind: 'html',
      untrustedHtml: item.html,
      ...text('title', item.title),
    })
  }
}

/** What a Content-Item return created, and the tool's message for the user. */
export interface ContentItemResult {
  readonly session: DeepLinkingSession
  readonly created: number
  readonly msg?: string
}

/**
 * Receives a `ContentItemSelection`: consumes the session, verifies the OAuth 1 signature with the
 * connection's secret (timestamp, nonce), the `data` echo and the media types, checks every item,
 * then creates them. Returns how many were created and the tool's message for the user.
 * @throws PlatformError DEEP_LINKING_SESSION_INVALID, CONNECTION_UNAVAILABLE; LtiError otherwise
 */
export async function receiveContentItemSelection(
  request: Request,
  deps: PlatformDeps,
  input: { readonly sessionId: string },
): Promise<ContentItemResult> {
  const session = await deps.deepLinkingSessions.consume(input.sessionId, deps.clock())
  if (session === undefined || session.clientId !== '') {
    throw new PlatformError('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID', {
      detail: 'unknown or used',
    })
  }
  const lti11 = requireActive(await deps.connections.get(session.connectionId)).lti11
  if (lti11 === undefined) throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE')
  const selection = await verifyContentItemSelection(request, {
    url: deps.settings.endpoints.contentItemReturn(session.id),
    lookupConsumerSecret: async (key) => (key === lti11.consumerKey ? lti11.secret : undefined),
    nonceStore: deps.nonces,
    clock: deps.clock,
    expected: { data: session.data, acceptMediaTypes: mediaTypesOf(session), acceptMultiple: true },
  })
  const origin = new URL(lti11.launchUrl).origin
  const items = selection.deepLinkingItems.map((item, index) =>
    checkItem(item, session, origin, index),
  )
  for (const item of items) await create(deps, session, item)
  return {
    session,
    created: items.length,
    ...(selection.ltiMsg === undefined ? {} : { msg: selection.ltiMsg }),
  }
}
