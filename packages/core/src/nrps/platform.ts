import { LtiError } from '../errors/lti-error.js'
import { assertValid, parseAbsoluteUrl } from '../internal/services-http.js'
import { type PageLinkUrls, pageLinkHeader } from '../paging/link-header.js'
import { compact, type LimitOptions, limitParam, singleParam, toUrl } from '../paging/query.js'
import { toLti13Role } from '../roles/index.js'
import {
  type Member,
  type MembershipContainer,
  membershipContainerSchema,
  NRPS_MEDIA_TYPE,
} from './schema.js'

/** Filters of a membership request, as a platform reads them. */
export interface MembershipQuery {
  /** The role filter as a full LTI 1.3 role URI (short names are expanded). */
  readonly role?: string
  /** Page size hint, lowered to `maxLimit`. */
  readonly limit?: number
  /** Resource link membership: the `resource_link.id` whose members are wanted. */
  readonly rlid?: string
  /** The platform's own opaque marker for a differences request, when it uses `since`. */
  readonly since?: string
}

const CODE = 'ERR_LTI_NRPS_INVALID_QUERY'

/**
 * `role=Learner` and `role=http://purl.imsglobal.org/vocab/lis/v2/membership%23Learner` must give
 * the same result: short names and LTI 1.1 URNs become the LTI 1.3 URI; other absolute URIs
 * (vendor roles) are kept verbatim.
 */
function roleParam(params: URLSearchParams): string | undefined {
  const raw = singleParam(params, 'role', CODE)
  if (raw === undefined) return undefined
  const known = toLti13Role(raw)
  if (known !== undefined) return known
  const trimmed = raw.trim()
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(trimmed) && parseAbsoluteUrl(trimmed) !== undefined) {
    return trimmed
  }
  throw new LtiError(CODE, { claim: 'role', detail: 'role is neither a known role nor a URI' })
}

function rlidParam(params: URLSearchParams): string | undefined {
  const rlid = singleParam(params, 'rlid', CODE)
  if (rlid !== undefined && (rlid === '' || rlid.length > 255)) {
    throw new LtiError(CODE, { claim: 'rlid', detail: 'rlid must be 1-255 characters' })
  }
  return rlid
}

/**
 * Reads the filters of `GET {context_memberships_url}`: `role` (short name or full URI), `limit`
 * (a hint, lowered to `maxLimit`), `rlid` (resource link membership: the caller MUST then deny
 * with 403/404 a link that is not the tool's or not in this context) and `since`, an opaque marker
 * the platform may put into its own `rel="differences"` URLs. Other parameters (the platform's
 * paging cursor) are left for the caller.
 *
 * @throws LtiError `ERR_LTI_NRPS_INVALID_QUERY` naming the parameter at fault.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter
 */
export function parseMembershipQuery(
  url: string | URL,
  options: LimitOptions = {},
): MembershipQuery {
  const params = toUrl(url).searchParams
  return compact({
    role: roleParam(params),
    limit: limitParam(params, CODE, options),
    rlid: rlidParam(params),
    since: singleParam(params, 'since', CODE),
  })
}

/** What a platform puts into one page of a membership response. */
export interface MembershipPageInput extends PageLinkUrls {
  /** The URL of this membership container (usually the `context_memberships_url`). */
  readonly id: string
  readonly context: MembershipContainer['context']
  readonly members: readonly Member[]
}

/** A membership page ready to send: the body and its `Link` header. */
export interface MembershipPage {
  readonly body: MembershipContainer
  /** `rel="next"` when more members exist, `rel="differences"` when the platform offers it. */
  readonly link?: string
  readonly contentType: typeof NRPS_MEDIA_TYPE.membershipContainer
}

/**
 * Builds one page of a membership response: the container body and a `Link` header with
 * `rel="next"` (more members exist; its absence means the last page) and, optionally,
 * `rel="differences"`. Throws `TypeError` when the input is invalid (a member without `user_id`
 * or `roles`, a context without `id`).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export function buildMembershipPage(input: MembershipPageInput): MembershipPage {
  const { id, context, members, ...links } = input
  const body = assertValid(membershipContainerSchema, { id, context, members }, 'membership page')
  const link = pageLinkHeader(links)
  return {
    body,
    contentType: NRPS_MEDIA_TYPE.membershipContainer,
    ...(link === undefined ? {} : { link }),
  }
}

/**
 * The 200 response for a membership page, Content-Type
 * `application/vnd.ims.lti-nrps.v2.membershipcontainer+json`.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type
 */
export function membershipPageResponse(page: MembershipPage): Response {
  const headers = new Headers({ 'content-type': page.contentType })
  if (page.link !== undefined) headers.set('link', page.link)
  return new Response(JSON.stringify(page.body), { status: 200, headers })
}
