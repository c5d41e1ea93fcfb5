/**
 * Names and Role Provisioning Services: the roster of a course section for a tool, including
 * users who never launched it. Names and email only when the connection's privacy settings allow.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import {
  buildMembershipPage,
  CONTEXT_ROLE,
  CONTEXT_SUB_ROLE,
  type Member,
  membershipPageResponse,
  parseMembershipQuery,
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
import { lti13Roles } from '../launch/roles.js'
import type { CourseRole, ResourceLink, RosterEntry } from '../ports.js'
import { linkMessages } from './link-messages.js'

/** Course roles whose LTI roles include the filter role (principal or sub-role). */
const ROLES_BY_FILTER: Readonly<Record<string, readonly CourseRole[]>> = {
  [CONTEXT_ROLE.Instructor]: ['teacher', 'assistant'],
  [CONTEXT_SUB_ROLE.Instructor.TeachingAssistant]: ['assistant'],
  [CONTEXT_ROLE.Learner]: ['student'],
}

/** A member as the connection may see it. */
function memberOf(entry: RosterEntry, caller: ServiceCaller): Member {
  const { user } = entry
  const { privacy, lti11 } = caller.connection
  const optional: Record<string, string | undefined> = {}
  if (privacy.sendName) {
    optional.name = user.fullName
    optional.given_name = user.givenName
    optional.family_name = user.familyName
    optional.middle_name = user.middleName
    optional.picture = user.pictureUrl
    optional.lis_person_sourcedid = user.sourcedId
  }
  if (privacy.sendEmail) optional.email = user.email
  if (lti11 !== undefined && user.lti11UserId !== undefined) {
    optional.lti11_legacy_user_id = user.lti11UserId
  }
  return {
    user_id: user.id,
    roles: lti13Roles(user, { part: entry.role, menteeIds: [] }),
    status: entry.status === 'active' ? 'Active' : 'Inactive',
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  }
}

/**
 * `rlid`: the platform "MUST deny" a link that is not the tool's or not in this context. Every
 * member of the section can open the section's links, so the roster is the same.
 */
async function requireResourceLink(deps: PlatformDeps, caller: ServiceCaller, rlid: string) {
  const link = await deps.resourceLinks.get(rlid)
  if (link?.contextId !== caller.context.id || link.connectionId !== caller.connection.id) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { claim: 'rlid' })
  }
  return link
}

/** The page's members; with `rlid`, each with the `message` a launch of that link would carry. */
async function membersOf(
  deps: PlatformDeps,
  caller: ServiceCaller,
  rows: readonly RosterEntry[],
  link: ResourceLink | undefined,
): Promise<Member[]> {
  const members = rows.map((row) => memberOf(row, caller))
  if (link === undefined) return members
  const messages = await linkMessages(deps, caller, link, rows)
  return members.map((member) => ({ ...member, message: messages.get(member.user_id) ?? [] }))
}

/**
 * `GET {context_memberships_url}` with the `contextmembership.readonly` scope: one page of the
 * section roster (`limit`, paged with `Link: <…>; rel="next"`), filtered by `role` (short name or
 * URI) and `rlid` (each member then carries the `message` of a launch of that link: its
 * `custom` resolved for them, and their Basic Outcomes sourcedid where that applies). Statuses
 * are `Active` or `Inactive`.
 *
 * @example
 * app.get('/lti/contexts/:contextId/memberships', (request, { contextId }) =>
 *   handleMemberships(request, deps, { contextId }))
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#context-membership
 */
export function handleMemberships(
  request: Request,
  deps: PlatformDeps,
  params: { readonly contextId: string },
): Promise<Response> {
  return answerService(async () => {
    const refused = allowOnly(request, ['GET'])
    if (refused !== undefined) return refused
    const caller = await authorizeContextCall(request, deps, params.contextId, [
      SCOPE.contextMembershipReadOnly,
    ])
    const url = new URL(request.url)
    const query = parseMembershipQuery(url, { maxLimit: PAGE_SIZE.max })
    const offset = offsetOf(url, 'ERR_LTI_NRPS_INVALID_QUERY')
    const limit = query.limit ?? PAGE_SIZE.default
    const link =
      query.rlid === undefined ? undefined : await requireResourceLink(deps, caller, query.rlid)
    const roles = query.role === undefined ? undefined : (ROLES_BY_FILTER[query.role] ?? [])
    const rows =
      roles?.length === 0
        ? []
        : await deps.directory.listEnrolments(caller.context.id, {
            offset,
            limit: limit + 1,
            ...(roles === undefined ? {} : { roles }),
          })
    const publicUrl = deps.settings.endpoints.memberships(caller.context.id)
    const { context } = caller
    const page = buildMembershipPage({
      id: publicUrl,
      context: {
        id: context.id,
        title: context.title,
        ...(context.label === undefined ? {} : { label: context.label }),
      },
      members: await membersOf(deps, caller, rows.slice(0, limit), link),
      ...(rows.length > limit ? { next: nextPageUrl(publicUrl, url, offset, limit) } : {}),
    })
    return membershipPageResponse(page)
  })
}
