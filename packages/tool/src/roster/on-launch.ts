import type { ToolRuntime } from '../internal/runtime.js'
import type { FinishedLaunch } from '../launch/finish.js'
import { syncRosterSource } from './sync.js'

/**
 * After an LTI 1.3 launch: remembers the context's NRPS endpoint (the scheduled sync needs it,
 * and NRPS URLs may change, so each launch refreshes it) and, when the publication syncs members
 * "on launch", syncs when a new user arrives. A failed sync never fails the launch.
 */
export async function afterLti13Launch(
  runtime: ToolRuntime,
  finished: FinishedLaunch,
): Promise<void> {
  const { launch } = finished
  if (
    launch.platform.kind !== 'lti13' ||
    launch.nrps === undefined ||
    launch.context === undefined
  ) {
    return
  }
  const source = {
    publicationId: launch.publication.id,
    registrationId: launch.platform.registrationId,
    deploymentId: launch.platform.deploymentId,
    contextId: launch.context.id,
    membershipsUrl: launch.nrps.contextMembershipsUrl,
    updatedAt: runtime.clock(),
  }
  await runtime.ports.rosterSources.save(source)
  const publication = await runtime.ports.publications.get(launch.publication.id)
  if (publication?.memberSync.trigger !== 'on-launch' || !finished.isNewMember) return
  try {
    await syncRosterSource(runtime, source)
  } catch (error) {
    runtime.emit({ type: 'roster.failed', publicationId: publication.id, error })
  }
}
