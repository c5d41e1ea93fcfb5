/**
 * Resource link membership (`rlid`): each member carries a `message` array with the LTI 1.3
 * claims a launch of that link would give them: `message_type`, the link's `custom` parameters
 * resolved for that member, and, where Basic Outcomes applies, the basicoutcome claim with their
 * own `lis_result_sourcedid`.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#resource-link-membership-service
 */
import type { PlatformDeps } from '../config.js'
import { CLAIM, type Member, MESSAGE_TYPE } from '../internal/core.js'
import type { ServiceCaller } from '../internal/services.js'
import { passbackEligible } from '../launch/message.js'
import type { LaunchPlan } from '../launch/resolve.js'
import { lti13Roles } from '../launch/roles.js'
import { customParametersFor, type LaunchExtras } from '../launch/substitution.js'
import type { Assignment, ResourceLink, RosterEntry } from '../ports.js'

export type MemberMessage = NonNullable<Member['message']>[number]

type Deps = Pick<PlatformDeps, 'settings' | 'directory' | 'lineItems' | 'sourcedIds'>

/** `$LineItem.url` has a value only when the link has exactly one line item (as in launches). */
async function lineItemUrls(deps: Deps, caller: ServiceCaller, link: ResourceLink) {
  const { endpoints } = deps.settings
  const items = await deps.lineItems.list({
    contextId: caller.context.id,
    connectionId: caller.connection.id,
    resourceLinkId: link.id,
    offset: 0,
    limit: 2,
  })
  const [only] = items
  return {
    lineItemsUrl: endpoints.lineItems(caller.context.id),
    ...(items.length === 1 && only !== undefined
      ? { lineItemUrl: endpoints.lineItem(caller.context.id, only.id) }
      : {}),
  }
}

/** Basic Outcomes for this member: a learner, passback possible, the connection has a 1.1 key. */
async function basicOutcome(deps: Deps, plan: LaunchPlan, link: ResourceLink) {
  if (
    plan.connection.lti11 === undefined ||
    plan.role.part !== 'student' ||
    !passbackEligible(plan, MESSAGE_TYPE.resourceLink)
  ) {
    return {}
  }
  const sourcedId = await deps.sourcedIds.issue({
    connectionId: plan.connection.id,
    resourceLinkId: link.id,
    userId: plan.user.id,
  })
  return {
    [CLAIM.basicOutcome]: {
      lis_result_sourcedid: sourcedId,
      lis_outcome_service_url: deps.settings.endpoints.outcomes,
    },
  }
}

/**
 * The `message` array of each listed member, by user id, for a page of a link's membership.
 * @example
 * const messages = await linkMessages(deps, caller, link, rows)
 * members.map((m) => ({ ...m, message: messages.get(m.user_id) }))
 */
export async function linkMessages(
  deps: Deps,
  caller: ServiceCaller,
  link: ResourceLink,
  entries: readonly RosterEntry[],
): Promise<Map<string, MemberMessage[]>> {
  const assignment: Assignment | undefined =
    link.assignmentId === undefined
      ? undefined
      : await deps.directory.getAssignment(link.assignmentId)
  const urls = await lineItemUrls(deps, caller, link)
  const messages = new Map<string, MemberMessage[]>()
  for (const entry of entries) {
    const role = { part: entry.role, menteeIds: [] }
    const plan: LaunchPlan = {
      user: entry.user,
      connection: caller.connection,
      schoolId: caller.context.schoolId,
      context: caller.context,
      resourceLink: link,
      ...(assignment === undefined ? {} : { assignment }),
      role,
    }
    const extras: LaunchExtras = {
      presentation: 'iframe',
      roles: lti13Roles(entry.user, role),
      ...urls,
    }
    const custom = customParametersFor(deps.settings, plan, extras)
    messages.set(entry.user.id, [
      {
        [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
        ...(Object.keys(custom).length === 0 ? {} : { [CLAIM.custom]: custom }),
        ...(await basicOutcome(deps, plan, link)),
      },
    ])
  }
  return messages
}
