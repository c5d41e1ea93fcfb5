import { accessToken } from '../internal/access-token.js'
import {
  buildCreateLineItemRequest,
  fetchAllLineItems,
  type LineItem,
  processLineItemResponse,
  SCOPE,
} from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { fetchUpstream } from '../internal/upstream.js'
import type { PlatformRegistration, Publication, RosterSource } from '../records.js'
import { withFreshTokenOn401 } from './members.js'

type Lti13Source = Extract<RosterSource, { kind: 'lti13' }>

/** The tag of the line items the tool creates (AGS §3.2.8 example value). */
const TAG = 'grade'

/** Points of the line item: the grade activity's, as deep linking uses (default 100). */
async function scoreMaximumOf(runtime: ToolRuntime, publication: Publication): Promise<number> {
  const course = await runtime.ports.content.getCourse(publication.courseId)
  const activityId = publication.activityId ?? course?.gradeActivityId
  const activity =
    activityId === undefined ? undefined : await runtime.ports.content.getActivity(activityId)
  return activity?.scoreMaximum ?? 100
}

/** The publication's line item in the container: found by `resource_id` + `tag`, else created. */
async function findOrCreate(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  source: Lti13Source & { readonly lineItemsUrl: string },
  publication: Publication,
): Promise<string> {
  const loopback = runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}
  return withFreshTokenOn401(async (fresh) => {
    const scopes = [SCOPE.lineItem]
    const token = await accessToken(runtime, registration, source.deploymentId, scopes, fresh)
    const existing = fetchAllLineItems(source.lineItemsUrl, token.accessToken, {
      filter: { resourceId: publication.id, tag: TAG },
      fetch: runtime.fetch,
      userAgent: runtime.userAgent,
      clock: runtime.clock,
      ...loopback,
    })
    // Platforms are asked to filter, but one that ignores the filter must not lead astray.
    for await (const item of existing) {
      if (item.resourceId === publication.id && item.tag === TAG && item.id !== undefined) {
        return item.id
      }
    }
    const lineItem: LineItem = {
      label: publication.name,
      scoreMaximum: await scoreMaximumOf(runtime, publication),
      resourceId: publication.id,
      tag: TAG,
    }
    const request = buildCreateLineItemRequest(source.lineItemsUrl, lineItem, token.accessToken, {
      userAgent: runtime.userAgent,
      ...loopback,
    })
    const created = await processLineItemResponse(await fetchUpstream(runtime, request), {
      clock: runtime.clock,
    })
    // processLineItemResponse refuses a line item without id; the type cannot say so.
    if (created.id === undefined) throw new TypeError('line item without id')
    return created.id
  })
}

/**
 * Gives a context whose launches named no `lineitem` (only the `lineitems` container) a line item
 * for the publication, so results of learners a member sync enrolled (who never launched, so have
 * no grade target of their own) can go back: an existing one with the publication's `resource_id`
 * and tag `grade` is reused (no duplicates after a course copy or a second tool instance), else
 * one is created. Needs the AGS line item scope; resolves the source with `lineItemUrl` set,
 * after saving it.
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export async function ensureContextLineItem(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  source: Lti13Source,
  publication: Publication,
): Promise<Lti13Source> {
  if (!publication.grades.sendBack) return source
  // The stored source may know a line item this launch's claim did not carry.
  const stored = (await runtime.ports.rosterSources.list(publication.id)).find(
    (s) =>
      s.kind === 'lti13' &&
      s.registrationId === source.registrationId &&
      s.contextId === source.contextId,
  )
  const current = stored?.kind === 'lti13' ? stored : source
  if (current.lineItemUrl !== undefined || current.lineItemsUrl === undefined) return current
  const lineItemUrl = await findOrCreate(
    runtime,
    registration,
    { ...current, lineItemsUrl: current.lineItemsUrl },
    publication,
  )
  const updated: Lti13Source = { ...current, lineItemUrl }
  await runtime.ports.rosterSources.save(updated)
  return updated
}
