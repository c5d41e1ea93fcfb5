/**
 * The deep linking return: the tool posts its signed `LtiDeepLinkingResponse` to the session's
 * return URL. The platform verifies it against the session, then creates what it accepted:
 * assignment resources (resource links, with line items when given) and embeddable content.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import { requireActive, requireLti13 } from '../internal/access.js'
import {
  type ContentItem,
  type HtmlItem,
  htmlItemSchema,
  type ImageItem,
  imageItemSchema,
  LtiError,
  type LtiResourceLinkItem,
  ltiResourceLinkItemSchema,
  verifyDeepLinkingResponse,
} from '../internal/core.js'
import { readForm } from '../internal/http.js'
import type {
  DateWindow,
  DeepLinkingSession,
  LineItem,
  ResourceLink,
  ToolConnection,
} from '../ports.js'
import { originsOf } from '../storage/script.js'
import { toolKeyResolver } from '../token/endpoint.js'
import { settingsOf } from './plan.js'

/** What a deep linking return created, and the tool's messages for the user and the log. */
export interface DeepLinkingResult {
  readonly session: DeepLinkingSession
  readonly resourceLinks: readonly ResourceLink[]
  readonly lineItems: readonly LineItem[]
  readonly embeddedContentIds: readonly string[]
  /** `msg` / `errormsg`: show to the user. `log` / `errorlog`: log only. */
  readonly msg?: string
  readonly log?: string
  readonly errorMsg?: string
  readonly errorLog?: string
}

/** Where the return came from: the session id of the URL, and the signed-in user if any. */
export interface DeepLinkingReturnParams {
  readonly sessionId: string
  /**
   * The platform session's user, when the host has one (the post may arrive without cookies in
   * a third-party frame). When given, it must be the user who started the request.
   */
  readonly currentUserId?: string
}

/** Origins the tool lives on: where its resource links may point. */
function toolOrigins(connection: ToolConnection): string[] {
  const reg = connection.lti13
  if (reg === undefined) return []
  const urls = [reg.initiateLoginUri, reg.targetLinkUri, ...reg.redirectUris]
  if (reg.deepLinkingUri !== undefined) urls.push(reg.deepLinkingUri)
  return originsOf(urls)
}

/** A verified item, typed by the content types this platform accepts. */
type AcceptedItem =
  | { readonly type: 'ltiResourceLink'; readonly item: LtiResourceLinkItem }
  | { readonly type: 'image'; readonly item: ImageItem }
  | { readonly type: 'html'; readonly item: HtmlItem }

/** Types an item verified by core (which already checked it against its schema). */
function typed(item: ContentItem, path: string): AcceptedItem {
  if (item.type === 'ltiResourceLink') {
    return { type: item.type, item: ltiResourceLinkItemSchema.parse(item) }
  }
  if (item.type === 'image') return { type: item.type, item: imageItemSchema.parse(item) }
  if (item.type === 'html') return { type: item.type, item: htmlItemSchema.parse(item) }
  // accept_types never offers other types, and core refuses items outside accept_types.
  throw new LtiError('ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED', { claim: `${path}.type` })
}

/**
 * Types the items and checks what core cannot know. DL §3.3: a resource link `url` should be on
 * the tool's domain; a link elsewhere would send launches (and their id_tokens) to a third party.
 * The connection must also still enable each item's type: settings may have changed while the
 * teacher was picking.
 */
function checkItems(items: readonly ContentItem[], connection: ToolConnection): AcceptedItem[] {
  const origins = toolOrigins(connection)
  return items.map((raw, index) => {
    const path = `content_items[${index}]`
    const accepted = typed(raw, path)
    const enabled =
      accepted.type === 'ltiResourceLink'
        ? connection.features.assignmentResource
        : connection.features.embeddableContent
    if (!enabled) {
      throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
        claim: path,
        detail: `${accepted.type} is no longer enabled on the connection`,
      })
    }
    if (accepted.type === 'ltiResourceLink' && accepted.item.url !== undefined) {
      if (!origins.includes(new URL(accepted.item.url).origin)) {
        throw new LtiError('ERR_LTI_DL_CONTENT_ITEM_INVALID', {
          claim: `${path}.url`,
          detail: 'the resource link points outside the tool',
        })
      }
    }
    return accepted
  })
}

async function readJwt(request: Request): Promise<string> {
  const form = await readForm(request)
  const jwts = form.getAll('JWT')
  const [jwt] = jwts
  if (jwts.length !== 1 || jwt === undefined || jwt === '') {
    throw new LtiError('ERR_LTI_INVALID_PAYLOAD', { claim: 'JWT', detail: 'one JWT field needed' })
  }
  return jwt
}

async function consumeSession(
  deps: PlatformDeps,
  params: DeepLinkingReturnParams,
): Promise<DeepLinkingSession> {
  const session = await deps.deepLinkingSessions.consume(params.sessionId, deps.clock())
  if (session === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID', {
      detail: 'unknown, expired or already answered',
    })
  }
  if (params.currentUserId !== undefined && params.currentUserId !== session.userId) {
    throw new PlatformError('ERR_LTI_PLATFORM_LOGIN_REQUIRED', { detail: 'another user' })
  }
  return session
}

/** A DL time window as the port's `DateWindow` (only the two dates are kept). */
function windowOf(
  name: 'available' | 'submission',
  value: { startDateTime?: string | undefined; endDateTime?: string | undefined } | undefined,
): Partial<Record<'available' | 'submission', DateWindow>> {
  if (value === undefined) return {}
  const { startDateTime, endDateTime } = value
  return {
    [name]: {
      ...(startDateTime === undefined ? {} : { startDateTime }),
      ...(endDateTime === undefined ? {} : { endDateTime }),
    },
  }
}

async function createItems(
  deps: PlatformDeps,
  session: DeepLinkingSession,
  items: readonly AcceptedItem[],
) {
  const resourceLinks: ResourceLink[] = []
  const lineItems: LineItem[] = []
  const embeddedContentIds: string[] = []
  const base = {
    connectionId: session.connectionId,
    contextId: session.contextId,
    ...(session.assignmentId === undefined ? {} : { assignmentId: session.assignmentId }),
  }
  for (const { type, item } of items) {
    if (type === 'ltiResourceLink') {
      const link = await deps.resourceLinks.create({
        ...base,
        title: item.title ?? 'Tool resource',
        ...(item.text === undefined ? {} : { description: item.text }),
        ...(item.url === undefined ? {} : { url: item.url }),
        custom: item.custom ?? {},
        ...windowOf('available', item.available),
        ...windowOf('submission', item.submission),
      })
      resourceLinks.push(link)
      // DL: "accept_lineitem: false ⇒ ignored" — line items only when the platform offered them.
      if (item.lineItem !== undefined && session.acceptLineItem) {
        const { label, scoreMaximum, resourceId, tag, gradesReleased } = item.lineItem
        lineItems.push(
          await deps.lineItems.create({
            ...base,
            label: label ?? link.title,
            scoreMaximum,
            resourceLinkId: link.id,
            ...(resourceId === undefined ? {} : { resourceId }),
            ...(tag === undefined ? {} : { tag }),
            ...(gradesReleased === undefined ? {} : { gradesReleased }),
            extensions: {},
          }),
        )
      }
    } else if (type === 'image') {
      const { url, title, text, width, height } = item
      embeddedContentIds.push(
        await deps.embeddedContent.create({
          ...base,
          kind: 'image',
          url,
          ...(title === undefined ? {} : { title }),
          ...(text === undefined ? {} : { text }),
          ...(width === undefined ? {} : { width }),
          ...(height === undefined ? {} : { height }),
        }),
      )
    } else {
      embeddedContentIds.push(
        await deps.embeddedContent.create({
          ...base,
          kind: 'html',
          untrustedHtml: item.html,
          ...(item.title === undefined ? {} : { title: item.title }),
          ...(item.text === undefined ? {} : { text: item.text }),
        }),
      )
    }
  }
  return { resourceLinks, lineItems, embeddedContentIds }
}

/**
 * Receives a deep linking response (form field `JWT`). Consumes the session (single use), verifies
 * the JWT with the tool's keys against the session (issuer = client_id, audience = this platform,
 * deployment, `data`, nonce, item types, count, line items), checks every item, and only then
 * creates them. Nothing is created when any check fails. The session is consumed before the
 * JWT is verified (its id is a secret only the tool knows), so a failed answer also ends it and the
 * teacher starts again.
 *
 * @throws PlatformError DEEP_LINKING_SESSION_INVALID, LOGIN_REQUIRED, CONNECTION_UNAVAILABLE;
 *   LtiError for an unreadable post or a response that fails verification
 * @example
 * app.post('/lti/deep-linking/:id', async (request, id) =>
 *   renderResult(await receiveDeepLinkingResponse(request, deps, { sessionId: id })))
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function receiveDeepLinkingResponse(
  request: Request,
  deps: PlatformDeps,
  params: DeepLinkingReturnParams,
): Promise<DeepLinkingResult> {
  const jwt = await readJwt(request)
  const session = await consumeSession(deps, params)
  const connection = requireActive(await deps.connections.get(session.connectionId))
  const registration = requireLti13(connection)
  const keys = toolKeyResolver(deps, connection)
  if (keys === undefined || registration.clientId !== session.clientId) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: 'the registration changed since the request',
    })
  }
  const response = await verifyDeepLinkingResponse(jwt, {
    keys,
    clientId: registration.clientId,
    platformIssuer: deps.settings.issuer,
    deploymentId: session.deploymentId,
    settings: settingsOf(deps, session),
    nonceStore: deps.nonces,
    clock: deps.clock,
  })
  const items = checkItems(response.items, connection)
  const created = await createItems(deps, session, items)
  return {
    session,
    ...created,
    ...(response.msg === undefined ? {} : { msg: response.msg }),
    ...(response.log === undefined ? {} : { log: response.log }),
    ...(response.errormsg === undefined ? {} : { errorMsg: response.errormsg }),
    ...(response.errorlog === undefined ? {} : { errorLog: response.errorlog }),
  }
}
