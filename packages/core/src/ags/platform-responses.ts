import { assertValid } from '../internal/services-http.js'
import { type PageLinkUrls, pageLinkHeader } from '../paging/link-header.js'
import { AGS_MEDIA_TYPE } from './media-types.js'
import {
  type LineItem,
  lineItemContainerSchema,
  lineItemSchema,
  type Result,
  resultContainerSchema,
} from './schema.js'

function json(body: unknown, contentType: string, status: number, link?: string): Response {
  const headers = new Headers({ 'content-type': contentType })
  if (link !== undefined) headers.set('link', link)
  return new Response(JSON.stringify(body), { status, headers })
}

/**
 * A line item response: 201 after `POST {lineitems}` (the created item, with its `id`), 200
 * after GET or PUT (the item "as applied"). Content-Type `application/vnd.ims.lis.v2.lineitem+json`.
 * Throws `TypeError` when the line item is invalid or has no `id`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#creating-a-new-line-item
 */
export function lineItemResponse(lineItem: LineItem, status: 200 | 201 = 200): Response {
  const body = assertValid(lineItemSchema, lineItem, 'lineItem')
  if (body.id === undefined) throw new TypeError('a line item response must carry the id')
  return json(body, AGS_MEDIA_TYPE.lineItem, status)
}

/**
 * A page of the line item container: a JSON array, Content-Type
 * `application/vnd.ims.lis.v2.lineitemcontainer+json`, and a `Link` header with `rel="next"` when
 * more items exist.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function lineItemContainerResponse(
  lineItems: readonly LineItem[],
  links: PageLinkUrls = {},
): Response {
  const body = assertValid(lineItemContainerSchema, lineItems, 'lineItems')
  if (body.some((item) => item.id === undefined))
    throw new TypeError('every line item needs its id')
  return json(body, AGS_MEDIA_TYPE.lineItemContainer, 200, pageLinkHeader(links))
}

/**
 * A page of the result container: a JSON array, Content-Type
 * `application/vnd.ims.lis.v2.resultcontainer+json`, and `Link` paging as for line items.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export function resultContainerResponse(
  results: readonly Result[],
  links: PageLinkUrls = {},
): Response {
  const body = assertValid(resultContainerSchema, results, 'results')
  return json(body, AGS_MEDIA_TYPE.resultContainer, 200, pageLinkHeader(links))
}
