import { compact, type LimitOptions, limitParam, singleParam, toUrl } from '../paging/query.js'

/** Filters of `GET {lineitems}`. */
export interface LineItemsQuery {
  readonly resourceLinkId?: string
  readonly resourceId?: string
  readonly tag?: string
  readonly limit?: number
}

/** Filters of `GET {lineitem}/results`. */
export interface ResultsQuery {
  readonly userId?: string
  readonly limit?: number
}

/**
 * Reads the filters of a line item container request. The platform "MUST support" the three
 * filters; given together they combine with AND. Other parameters (the platform's own paging
 * cursor, Moodle's `type_id`) are left for the caller.
 *
 * @throws LtiError `ERR_LTI_AGS_INVALID_QUERY` for a repeated or oversize filter or a bad limit.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#container-request-filters
 */
export function parseLineItemsQuery(url: string | URL, options: LimitOptions = {}): LineItemsQuery {
  const params = toUrl(url).searchParams
  const code = 'ERR_LTI_AGS_INVALID_QUERY'
  return compact({
    resourceLinkId: singleParam(params, 'resource_link_id', code),
    resourceId: singleParam(params, 'resource_id', code),
    tag: singleParam(params, 'tag', code),
    limit: limitParam(params, code, options),
  })
}

/**
 * Reads the filters of a result container request: `user_id` (at most one result) and `limit`.
 *
 * @throws LtiError `ERR_LTI_AGS_INVALID_QUERY` for a repeated or oversize filter or a bad limit.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export function parseResultsQuery(url: string | URL, options: LimitOptions = {}): ResultsQuery {
  const params = toUrl(url).searchParams
  const code = 'ERR_LTI_AGS_INVALID_QUERY'
  return compact({
    userId: singleParam(params, 'user_id', code),
    limit: limitParam(params, code, options),
  })
}
