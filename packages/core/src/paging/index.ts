/**
 * Shared service-client plumbing of LTI Advantage (AGS, NRPS, DR): RFC 8288 `Link` headers,
 * following `rel="next"` safely, and the `UpstreamError` a platform's bad answer becomes.
 */
export {
  findLink,
  formatLinkHeader,
  type LinkToFormat,
  MAX_LINK_HEADER_LENGTH,
  type PageLinkUrls,
  pageLinkHeader,
  type ParsedLink,
  parseLinkHeader,
} from './link-header.js'
export {
  DEFAULT_MAX_PAGES,
  type FollowPagesOptions,
  followPages,
  type LinkedPage,
  type ServiceFetch,
} from './follow.js'
export { DEFAULT_MAX_LIMIT, type LimitOptions } from './query.js'
export { type ServiceRequestOptions } from './service-request.js'
export { DEFAULT_MAX_RESPONSE_BYTES, type ServiceResponseOptions } from './service-response.js'
export {
  isUpstreamError,
  parseRetryAfter,
  UpstreamError,
  type UpstreamErrorCode,
  type UpstreamErrorOptions,
} from './upstream-error.js'
