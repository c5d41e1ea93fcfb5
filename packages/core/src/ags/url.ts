/** The services below a line item URL. */
export type LineItemService = 'scores' | 'results'

function absoluteUrl(value: string | URL, name: string): URL {
  try {
    return new URL(value)
  } catch {
    throw new TypeError(`${name} must be an absolute URL`)
  }
}

/**
 * The scores or results URL of a line item: the segment is appended to the **path** and the
 * query string is kept, so `…/lineitems/7/lineitem?type_id=3` gives
 * `…/lineitems/7/lineitem/scores?type_id=3` (Moodle's URLs look like that; naive concatenation
 * breaks them). A fragment is dropped.
 *
 * @example lineItemServiceUrl('https://lms/ctx/2/lineitems/7/lineitem?type_id=3', 'results')
 * // 'https://lms/ctx/2/lineitems/7/lineitem/results?type_id=3'
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#service-endpoint
 */
export function lineItemServiceUrl(lineItemUrl: string | URL, service: LineItemService): string {
  if (service !== 'scores' && service !== 'results') {
    throw new TypeError("service must be 'scores' or 'results'")
  }
  const url = absoluteUrl(lineItemUrl, 'lineItemUrl')
  url.hash = ''
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${service}`
  return url.href
}

/**
 * The line item URL a scores or results URL was derived from (the inverse of
 * `lineItemServiceUrl`), or undefined when the path does not end in `/{service}`. A platform
 * router uses it to find the line item a score was posted to. Query parameters the tool added
 * (`user_id`, `limit`) stay in the returned URL's query: strip them before comparing.
 *
 * @example lineItemUrlOf('https://lms/li/7/scores?type_id=3', 'scores') // 'https://lms/li/7?type_id=3'
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#service-endpoint
 */
export function lineItemUrlOf(
  serviceUrl: string | URL,
  service: LineItemService,
): string | undefined {
  const url = absoluteUrl(serviceUrl, 'serviceUrl')
  const suffix = `/${service}`
  const path = url.pathname.replace(/\/+$/, '')
  if (!path.endsWith(suffix)) return undefined
  url.hash = ''
  url.pathname = path.slice(0, -suffix.length)
  return url.href
}
