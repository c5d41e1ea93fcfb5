/**
 * AGS line item service: the container of a course section (GET, POST) and one line item (GET,
 * PUT, DELETE). A tool sees and changes only its own line items in sections it reaches.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import {
  checkLineItemUpdate,
  lineItemContainerResponse,
  lineItemResponse,
  parseLineItemRequest,
  parseLineItemsQuery,
  SCOPE,
} from '../internal/core.js'
import { allowOnly } from '../internal/http.js'
import {
  answerService,
  authorizeContextCall,
  nextPageUrl,
  offsetOf,
  PAGE_SIZE,
  type ServiceCaller,
} from '../internal/services.js'
import type { LineItem } from '../ports.js'
import { fromAgsLineItem, lineItemUrl, ownLineItem, toAgsLineItem } from './shared.js'

const READ_SCOPES = [SCOPE.lineItem, SCOPE.lineItemReadOnly]
const WRITE_SCOPES = [SCOPE.lineItem]

async function listLineItems(request: Request, deps: PlatformDeps, contextId: string) {
  const caller = await authorizeContextCall(request, deps, contextId, READ_SCOPES)
  const url = new URL(request.url)
  const query = parseLineItemsQuery(url, { maxLimit: PAGE_SIZE.max })
  const offset = offsetOf(url, 'ERR_LTI_AGS_INVALID_QUERY')
  const limit = query.limit ?? PAGE_SIZE.default
  // The three filters the platform "MUST support" combine with AND; no match is `[]`.
  const rows = await deps.lineItems.list({
    contextId: caller.context.id,
    connectionId: caller.connection.id,
    offset,
    limit: limit + 1,
    ...(query.resourceLinkId === undefined ? {} : { resourceLinkId: query.resourceLinkId }),
    ...(query.resourceId === undefined ? {} : { resourceId: query.resourceId }),
    ...(query.tag === undefined ? {} : { tag: query.tag }),
  })
  const publicUrl = deps.settings.endpoints.lineItems(caller.context.id)
  return lineItemContainerResponse(
    rows.slice(0, limit).map((item) => toAgsLineItem(deps, item)),
    rows.length > limit ? { next: nextPageUrl(publicUrl, url, offset, limit) } : {},
  )
}

/**
 * A `resourceLinkId` "must exist in the context and belong to the tool, else 404 on create".
 * The new line item flows into that link's assignment.
 */
async function linkedAssignment(deps: PlatformDeps, caller: ServiceCaller, linkId: string) {
  const link = await deps.resourceLinks.get(linkId)
  if (link?.contextId !== caller.context.id || link.connectionId !== caller.connection.id) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { claim: 'resourceLinkId' })
  }
  return link.assignmentId
}

async function createLineItem(request: Request, deps: PlatformDeps, contextId: string) {
  const caller = await authorizeContextCall(request, deps, contextId, WRITE_SCOPES)
  const body = await parseLineItemRequest(request, 'create')
  const linkId = body.resourceLinkId ?? undefined
  const assignmentId =
    linkId === undefined ? undefined : await linkedAssignment(deps, caller, linkId)
  const created = await deps.lineItems.create({
    ...fromAgsLineItem(body),
    contextId: caller.context.id,
    connectionId: caller.connection.id,
    ...(linkId === undefined ? {} : { resourceLinkId: linkId }),
    ...(assignmentId === undefined ? {} : { assignmentId }),
  })
  const response = lineItemResponse(toAgsLineItem(deps, created), 201)
  response.headers.set('location', lineItemUrl(deps, created))
  return response
}

/**
 * `GET {lineitems}` (`lineitem` or `lineitem.readonly` scope): the caller's line items of the
 * section, filtered by `resource_link_id`, `resource_id`, `tag`, paged by `limit`.
 * `POST {lineitems}` (`lineitem` scope): creates a line item, 201 with its `id` and `Location`.
 *
 * @example
 * app.all('/lti/contexts/:contextId/lineitems', (request, { contextId }) =>
 *   handleLineItemContainer(request, deps, { contextId }))
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function handleLineItemContainer(
  request: Request,
  deps: PlatformDeps,
  params: { readonly contextId: string },
): Promise<Response> {
  return answerService(async () => {
    const refused = allowOnly(request, ['GET', 'POST'])
    if (refused !== undefined) return refused
    if (request.method === 'GET') return listLineItems(request, deps, params.contextId)
    return createLineItem(request, deps, params.contextId)
  })
}

/**
 * PUT replaces the definition; the tool "MUST NOT change" `resourceLinkId` (a different value is
 * refused, an absent one keeps the stored link) and the stored `id`, context, owner and assignment
 * stay. Answers the line item as applied.
 */
async function updateLineItem(
  request: Request,
  deps: PlatformDeps,
  caller: ServiceCaller,
  stored: LineItem,
) {
  const update = checkLineItemUpdate(
    toAgsLineItem(deps, stored),
    await parseLineItemRequest(request, 'update'),
  )
  const applied: LineItem = {
    ...fromAgsLineItem(update),
    id: stored.id,
    contextId: caller.context.id,
    connectionId: caller.connection.id,
    ...(stored.resourceLinkId === undefined ? {} : { resourceLinkId: stored.resourceLinkId }),
    ...(stored.assignmentId === undefined ? {} : { assignmentId: stored.assignmentId }),
  }
  await deps.lineItems.update(applied)
  return lineItemResponse(toAgsLineItem(deps, applied), 200)
}

/**
 * `GET {lineitem}` (read scopes), `PUT {lineitem}` and `DELETE {lineitem}` (`lineitem` scope) on
 * one of the caller's line items; another tool's or another section's answers 404. DELETE
 * removes the item and its results and answers 204.
 *
 * @example
 * app.all('/lti/contexts/:contextId/lineitems/:lineItemId', (request, p) =>
 *   handleLineItem(request, deps, p))
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function handleLineItem(
  request: Request,
  deps: PlatformDeps,
  params: { readonly contextId: string; readonly lineItemId: string },
): Promise<Response> {
  return answerService(async () => {
    const refused = allowOnly(request, ['GET', 'PUT', 'DELETE'])
    if (refused !== undefined) return refused
    const scopes = request.method === 'GET' ? READ_SCOPES : WRITE_SCOPES
    const caller = await authorizeContextCall(request, deps, params.contextId, scopes)
    const stored = await ownLineItem(deps, caller, params.lineItemId)
    if (request.method === 'GET') return lineItemResponse(toAgsLineItem(deps, stored), 200)
    if (request.method === 'PUT') return updateLineItem(request, deps, caller, stored)
    await deps.lineItems.delete(stored.id)
    return new Response(null, { status: 204 })
  })
}
