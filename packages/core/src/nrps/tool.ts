import { type FollowPagesOptions, followPages } from '../paging/follow.js'
import { findLink, type ParsedLink } from '../paging/link-header.js'
import {
  buildServiceRequest,
  secureServiceUrl,
  type ServiceRequestOptions,
} from '../paging/service-request.js'
import {
  processServiceJson,
  resolveLink,
  type ServiceResponseOptions,
} from '../paging/service-response.js'
import {
  type Member,
  type MembershipContainer,
  membershipContainerSchema,
  NRPS_ACCEPTED_MEDIA_TYPES,
  NRPS_MEDIA_TYPE,
} from './schema.js'

/** Filters of a membership request. */
export interface MembershipFilter {
  /** A full role URI or a short context role name (`Learner`). */
  readonly role?: string | undefined
  /** A page size hint. */
  readonly limit?: number | undefined
  /** Resource link membership: the `resource_link.id` from a launch. */
  readonly rlid?: string | undefined
}

/** One page of a membership response. */
export interface MembershipResponsePage {
  readonly id: string
  readonly context: MembershipContainer['context']
  readonly members: readonly Member[]
  /** `rel="next"`: the next page; absent on the last one. */
  readonly next?: string
  /** `rel="differences"`: changes since this response, when the platform offers it. */
  readonly differences?: string
  readonly links: readonly ParsedLink[]
}

/**
 * `GET {context_memberships_url}` with `role`, `limit` and `rlid` added to the URL's own query,
 * `Accept: application/vnd.ims.lti-nrps.v2.membershipcontainer+json` and the bearer token.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export function buildMembershipRequest(
  contextMembershipsUrl: string,
  accessToken: string,
  filter: MembershipFilter = {},
  options: ServiceRequestOptions = {},
): Request {
  const url = secureServiceUrl(contextMembershipsUrl, options)
  if (filter.role !== undefined) url.searchParams.set('role', filter.role)
  if (filter.limit !== undefined) {
    if (!Number.isSafeInteger(filter.limit) || filter.limit < 1) {
      throw new TypeError('limit must be a positive integer')
    }
    url.searchParams.set('limit', String(filter.limit))
  }
  if (filter.rlid !== undefined) url.searchParams.set('rlid', filter.rlid)
  return buildServiceRequest(
    url,
    { method: 'GET', accept: NRPS_MEDIA_TYPE.membershipContainer, accessToken },
    options,
  )
}

/**
 * Reads one membership page: the container (either NRPS media type, or `application/json`), and
 * its `rel="next"` and `rel="differences"` links resolved against the response URL.
 * @throws UpstreamError for a non-2xx status or an unusable body (naming the field at fault).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export async function processMembershipResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<MembershipResponsePage> {
  const page = await processServiceJson(
    response,
    NRPS_ACCEPTED_MEDIA_TYPES,
    membershipContainerSchema,
    options,
  )
  const differences = resolveLink(findLink(page.links, 'differences'), response)
  return {
    id: page.body.id,
    context: page.body.context,
    members: page.body.members,
    links: page.links,
    ...(page.next === undefined ? {} : { next: page.next }),
    ...(differences === undefined ? {} : { differences }),
  }
}

/** Options of {@link fetchMembershipPages} and {@link fetchAllMembers}. */
export interface FetchMembersOptions
  extends FollowPagesOptions, ServiceRequestOptions, ServiceResponseOptions {
  readonly filter?: MembershipFilter | undefined
}

/**
 * Every page of a membership, following `rel="next"` verbatim ("absence of next means the last
 * page") under a page limit, with same-origin https checks on every link. The last page's
 * `differences` link is the one to keep for the next sync.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#limit-query-parameter
 */
export function fetchMembershipPages(
  contextMembershipsUrl: string,
  accessToken: string,
  options: FetchMembersOptions = {},
): AsyncGenerator<MembershipResponsePage, void, undefined> {
  const first = buildMembershipRequest(contextMembershipsUrl, accessToken, options.filter, options)
  const next = (url: string) =>
    buildServiceRequest(
      url,
      { method: 'GET', accept: NRPS_MEDIA_TYPE.membershipContainer, accessToken },
      options,
    )
  return followPages(first, next, (r) => processMembershipResponse(r, options), options)
}

/**
 * Every member of a context (or of a resource link with `filter.rlid`), across pages.
 *
 * @example
 * for await (const member of fetchAllMembers(claim.context_memberships_url, token, { filter: { role: 'Learner' } })) {
 *   await enrol(member.user_id, member.roles)
 * }
 * @throws LtiError `ERR_LTI_PAGING_TOO_MANY_PAGES` past `maxPages` (default 100).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export async function* fetchAllMembers(
  contextMembershipsUrl: string,
  accessToken: string,
  options: FetchMembersOptions = {},
): AsyncGenerator<Member, void, undefined> {
  for await (const page of fetchMembershipPages(contextMembershipsUrl, accessToken, options)) {
    yield* page.members
  }
}
