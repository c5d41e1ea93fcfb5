import { assertValid } from '../internal/services-http.js'
import { type FollowPagesOptions, followPages } from '../paging/follow.js'
import type { ParsedLink } from '../paging/link-header.js'
import {
  buildServiceRequest,
  secureServiceUrl,
  type ServiceRequestOptions,
} from '../paging/service-request.js'
import { processServiceJson, type ServiceResponseOptions } from '../paging/service-response.js'
import { assertOk, invalidResponseError } from '../paging/upstream-error.js'
import { AGS_ACCEPTED_MEDIA_TYPES, AGS_MEDIA_TYPE } from './media-types.js'
import { type LineItem, lineItemContainerSchema, lineItemSchema } from './schema.js'

/** Filters of `GET {lineitems}` (AGS §3.2.3); the platform ANDs them. */
export interface LineItemsFilter {
  readonly resourceLinkId?: string | undefined
  readonly resourceId?: string | undefined
  readonly tag?: string | undefined
  /** A page size hint. */
  readonly limit?: number | undefined
}

/** One page of the line item container. */
export interface LineItemsPage {
  readonly lineItems: readonly LineItem[]
  /** `rel="next"`: the next page, absent on the last one. */
  readonly next?: string
  readonly links: readonly ParsedLink[]
}

/** Sets a query parameter, keeping the URL's existing query (Moodle's `type_id`). */
export function setParam(url: URL, name: string, value: string | number | undefined): void {
  if (value === undefined) return
  if (typeof value === 'number' && (!Number.isSafeInteger(value) || value < 1)) {
    throw new TypeError(`${name} must be a positive integer`)
  }
  url.searchParams.set(name, String(value))
}

/**
 * `GET {lineitems}` with the filters, `Accept: application/vnd.ims.lis.v2.lineitemcontainer+json`
 * and the bearer token.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#container-request-filters
 */
export function buildLineItemsRequest(
  lineItemsUrl: string,
  accessToken: string,
  filter: LineItemsFilter = {},
  options: ServiceRequestOptions = {},
): Request {
  const url = secureServiceUrl(lineItemsUrl, options)
  setParam(url, 'resource_link_id', filter.resourceLinkId)
  setParam(url, 'resource_id', filter.resourceId)
  setParam(url, 'tag', filter.tag)
  setParam(url, 'limit', filter.limit)
  return buildServiceRequest(
    url,
    { method: 'GET', accept: AGS_MEDIA_TYPE.lineItemContainer, accessToken },
    options,
  )
}

/**
 * Reads one page of the line item container (a JSON array) and its `rel="next"` link.
 * @throws UpstreamError for a non-2xx status or an unusable body.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export async function processLineItemsResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<LineItemsPage> {
  const page = await processServiceJson(
    response,
    AGS_ACCEPTED_MEDIA_TYPES.lineItemContainer,
    lineItemContainerSchema,
    options,
  )
  return {
    lineItems: page.body,
    links: page.links,
    ...(page.next === undefined ? {} : { next: page.next }),
  }
}

/** Options of {@link fetchAllLineItems}. */
export interface FetchLineItemsOptions
  extends FollowPagesOptions, ServiceRequestOptions, ServiceResponseOptions {
  readonly filter?: LineItemsFilter | undefined
}

/**
 * Every line item of the container, following `rel="next"` verbatim across pages, with a page
 * limit and same-origin https checks on every link.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export async function* fetchAllLineItems(
  lineItemsUrl: string,
  accessToken: string,
  options: FetchLineItemsOptions = {},
): AsyncGenerator<LineItem, void, undefined> {
  const first = buildLineItemsRequest(lineItemsUrl, accessToken, options.filter, options)
  const next = (url: string) =>
    buildServiceRequest(
      url,
      { method: 'GET', accept: AGS_MEDIA_TYPE.lineItemContainer, accessToken },
      options,
    )
  const pages = followPages(first, next, (r) => processLineItemsResponse(r, options), options)
  for await (const page of pages) yield* page.lineItems
}

function lineItemBody(lineItem: LineItem): string {
  return JSON.stringify(assertValid(lineItemSchema, lineItem, 'lineItem'))
}

/**
 * `POST {lineitems}`: creates a line item. Content-Type and Accept
 * `application/vnd.ims.lis.v2.lineitem+json`. An `id` in `lineItem` is not sent.
 * Throws `TypeError` when the line item is invalid (blank label, scoreMaximum ≤ 0, …).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
export function buildCreateLineItemRequest(
  lineItemsUrl: string,
  lineItem: LineItem,
  accessToken: string,
  options: ServiceRequestOptions = {},
): Request {
  const body: LineItem = { ...lineItem }
  delete body.id // platform-assigned
  return buildServiceRequest(
    lineItemsUrl,
    {
      method: 'POST',
      accept: AGS_MEDIA_TYPE.lineItem,
      contentType: AGS_MEDIA_TYPE.lineItem,
      body: lineItemBody(body),
      accessToken,
    },
    options,
  )
}

/**
 * `GET {lineitem}`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function buildGetLineItemRequest(
  lineItemUrl: string,
  accessToken: string,
  options: ServiceRequestOptions = {},
): Request {
  return buildServiceRequest(
    lineItemUrl,
    { method: 'GET', accept: AGS_MEDIA_TYPE.lineItem, accessToken },
    options,
  )
}

/**
 * `PUT {lineitem}`: replaces the whole line item (GET it first; keep `id` and `resourceLinkId`).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#updating-a-line-item
 */
export function buildUpdateLineItemRequest(
  lineItemUrl: string,
  lineItem: LineItem,
  accessToken: string,
  options: ServiceRequestOptions = {},
): Request {
  return buildServiceRequest(
    lineItemUrl,
    {
      method: 'PUT',
      accept: AGS_MEDIA_TYPE.lineItem,
      contentType: AGS_MEDIA_TYPE.lineItem,
      body: lineItemBody(lineItem),
      accessToken,
    },
    options,
  )
}

/**
 * `DELETE {lineitem}`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function buildDeleteLineItemRequest(
  lineItemUrl: string,
  accessToken: string,
  options: ServiceRequestOptions = {},
): Request {
  return buildServiceRequest(lineItemUrl, { method: 'DELETE', accessToken }, options)
}

/**
 * Reads the line item a platform returns from POST (201), GET or PUT (200). It must carry `id`.
 * @throws UpstreamError for a non-2xx status or an unusable body.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
export async function processLineItemResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<LineItem> {
  const { body } = await processServiceJson(
    response,
    AGS_ACCEPTED_MEDIA_TYPES.lineItem,
    lineItemSchema,
    options,
  )
  if (body.id === undefined)
    throw invalidResponseError(response.status, 'id', 'line item without id')
  return body
}

/**
 * Checks the answer to `DELETE {lineitem}` (200 or 204).
 * @throws UpstreamError for a non-2xx status.
 */
export async function processDeleteLineItemResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<void> {
  await assertOk(response, options.clock)
  await response.body?.cancel()
}
