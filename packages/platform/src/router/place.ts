/**
 * Placing a tool's link in a course from the integrator's own pages: the resource link and, when
 * it is aligned with a points assignment of a connection that passes scores back, the line item
 * its launches name (the AGS `lineitem` claim), so the tool can post scores without creating one.
 */
import type { PlatformDeps } from '../config.js'
import type { LineItem, NewResourceLink, ResourceLink } from '../ports.js'

/** What {@link placeResourceLink} needs: a link, `custom` optional. */
export type ResourceLinkPlacement = Omit<NewResourceLink, 'custom'> & {
  readonly custom?: NewResourceLink['custom']
}

export async function placeResourceLink(
  deps: PlatformDeps,
  placement: ResourceLinkPlacement,
): Promise<{ readonly resourceLink: ResourceLink; readonly lineItem?: LineItem }> {
  const resourceLink = await deps.resourceLinks.create({
    ...placement,
    custom: placement.custom ?? {},
  })
  const { assignmentId } = placement
  if (assignmentId === undefined) return { resourceLink }
  const [assignment, connection] = await Promise.all([
    deps.directory.getAssignment(assignmentId),
    deps.connections.get(placement.connectionId),
  ])
  const graded =
    assignment?.scoringType === 'points' &&
    assignment.pointsPossible !== undefined &&
    connection?.features.scorePassback === true
  if (!graded) return { resourceLink }
  const lineItem = await deps.lineItems.create({
    contextId: placement.contextId,
    connectionId: placement.connectionId,
    label: placement.title,
    scoreMaximum: assignment.pointsPossible,
    resourceLinkId: resourceLink.id,
    assignmentId,
    extensions: {},
  })
  return { resourceLink, lineItem }
}
