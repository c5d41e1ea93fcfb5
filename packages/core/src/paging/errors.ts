import { defineErrors } from '../errors/define.js'

const RFC8288 = 'https://www.rfc-editor.org/rfc/rfc8288'
const RFC9110 = 'https://www.rfc-editor.org/rfc/rfc9110'

/**
 * Catalogue entries of paging/: following `Link` headers across pages, and the errors a tool-side
 * service client raises when a platform service answers badly (shared by AGS, NRPS and DR).
 * Each `ERR_LTI_UPSTREAM_*` error is an `UpstreamError` carrying the upstream status, whether a
 * retry can succeed and the `Retry-After` delay, so a delivery job can retry or dead-letter.
 */
export const pagingErrors = defineErrors({
  ERR_LTI_PAGING_TOO_MANY_PAGES: {
    status: 502,
    spec: `${RFC8288}#section-3`,
    description: 'The platform kept sending rel="next" links past the page limit.',
    cause: 'A very large collection, a tiny page size, or a platform that links pages in a cycle.',
    fix: 'Raise maxPages if the collection is really that large, or ask for a larger limit.',
  },
  ERR_LTI_PAGING_UNSAFE_LINK: {
    status: 502,
    spec: `${RFC8288}#section-3.2`,
    description: 'A paging link points somewhere the access token must not be sent.',
    cause:
      'The rel="next" link is on another origin, is not https, is malformed or repeats a page already read.',
    fix: 'Fix the platform so its paging links stay on the service origin, over https, without cycles.',
  },
  ERR_LTI_INSECURE_SERVICE_URL: {
    status: 502,
    spec: 'https://www.imsglobal.org/spec/security/v1p0/#securing_web_services',
    description: 'A service URL is not https, so no access token is sent to it.',
    cause: 'The platform advertised an http:// (or malformed) service endpoint.',
    fix: 'Configure the platform to advertise https endpoints. Loopback http is only for local tests.',
  },
  ERR_LTI_UPSTREAM_REJECTED: {
    status: 502,
    spec: `${RFC9110}#name-client-error-4xx`,
    description: 'The platform service rejected the request; sending it again will not help.',
    cause: 'The platform answered 400, 404, 405, 410, 422 or another client error.',
    fix: 'Read the upstream status and detail in the log; fix the payload or the URL before retrying.',
  },
  ERR_LTI_UPSTREAM_UNAUTHORIZED: {
    status: 502,
    spec: 'https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant',
    description: 'The platform service refused the access token (401) or its scope (403).',
    cause: 'The token expired or was revoked (401), or the scope was not granted (403).',
    fix: 'On 401 drop the cached token and retry with a new one; on 403 request the needed scope.',
  },
  ERR_LTI_UPSTREAM_CONFLICT: {
    status: 502,
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp',
    description:
      'The platform service answered 409 Conflict; the same request will conflict again.',
    cause: 'A score whose timestamp is not later than the one the platform stored.',
    fix: 'Send a new score with a later timestamp, or dead-letter the stale one.',
  },
  ERR_LTI_UPSTREAM_RATE_LIMITED: {
    status: 503,
    spec: 'https://www.rfc-editor.org/rfc/rfc6585#section-4',
    description: 'The platform service is rate limiting the tool (429).',
    cause: 'Too many requests in a short time.',
    fix: 'Retry after the Retry-After delay the error carries, with backoff.',
  },
  ERR_LTI_UPSTREAM_UNAVAILABLE: {
    status: 503,
    spec: `${RFC9110}#name-server-error-5xx`,
    description: 'The platform service failed or could not be reached; a later retry may succeed.',
    cause: 'A 5xx answer, a 408 timeout, or a network error.',
    fix: 'Retry later with backoff, honouring Retry-After when present.',
  },
  ERR_LTI_UPSTREAM_INVALID_RESPONSE: {
    status: 502,
    spec: `${RFC9110}#name-content-type`,
    description: 'The platform service answered with a body ltihub cannot use.',
    cause:
      'Wrong media type, broken or oversize JSON, a shape the spec does not allow, or a redirect.',
    fix: 'Check the platform endpoint; the error names the field at fault when there is one.',
  },
})
