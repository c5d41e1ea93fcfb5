import type { ToolRuntime } from '../internal/runtime.js'
import type { FinishedLaunch } from '../launch/finish.js'
import type { RosterSource } from '../records.js'
import type { LaunchContext } from '../sessions.js'
import { syncRosterSource } from './sync.js'

/** LTI 1.1 consumers send the NRPS endpoint as this custom parameter (lti-notes §9.1, §13). */
const LTI11_MEMBERSHIPS_PARAMETER = 'context_memberships_v2_url'
const MAX_URL_LENGTH = 2048

/** The platform context a launch came from, when it offers member sync (NRPS). */
function rosterSourceOf(launch: LaunchContext, now: number): RosterSource | undefined {
  if (launch.context === undefined) return undefined
  const common = { publicationId: launch.publication.id, contextId: launch.context.id }
  if (launch.platform.kind === 'lti13') {
    if (launch.nrps === undefined) return undefined
    const { lineItemUrl, lineItemsUrl } = launch.ags ?? {}
    return {
      kind: 'lti13',
      ...common,
      registrationId: launch.platform.registrationId,
      deploymentId: launch.platform.deploymentId,
      membershipsUrl: launch.nrps.contextMembershipsUrl,
      ...(lineItemUrl === undefined ? {} : { lineItemUrl }),
      ...(lineItemsUrl === undefined ? {} : { lineItemsUrl }),
      updatedAt: now,
    }
  }
  const url = launch.custom[LTI11_MEMBERSHIPS_PARAMETER]
  if (url === undefined || url.length > MAX_URL_LENGTH || !URL.canParse(url)) return undefined
  return {
    kind: 'lti11',
    ...common,
    consumerKey: launch.platform.consumerKey,
    membershipsUrl: url,
    updatedAt: now,
  }
}

/**
 * After a launch: remembers the context's NRPS endpoint and AGS line item (the scheduled sync
 * and the results of learners who never launched need them, and platforms may change the URLs,
 * so each launch refreshes them) and, when the publication syncs members "on launch", syncs when
 * a new user arrives. The launching learner is never unenrolled by that sync. A failed sync
 * never fails the launch.
 */
export async function afterLaunch(runtime: ToolRuntime, finished: FinishedLaunch): Promise<void> {
  const { launch, publication } = finished
  const source = rosterSourceOf(launch, runtime.clock())
  if (source === undefined) return
  await runtime.ports.rosterSources.save(source)
  if (publication.memberSync.trigger !== 'on-launch' || !finished.isNewMember) return
  try {
    await syncRosterSource(runtime, source, { keepLearnerId: launch.learner.id })
  } catch (error) {
    runtime.emit({ type: 'roster.failed', publicationId: publication.id, error })
  }
}
