/**
 * Resolves what a launch is about from the LMS: the user, the connection, the course section, the
 * resource link and assignment, and the user's part. Used when a launch starts and again when the
 * tool comes back for the id_token, so the message always reflects current data.
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import { enabledForSchool, requireActive } from '../internal/access.js'
import type {
  Assignment,
  LaunchTarget,
  LmsContext,
  LmsUser,
  ResourceLink,
  ToolConnection,
} from '../ports.js'
import { type LaunchRole, roleInContext, roleWithoutContext } from './roles.js'

/** Everything a launch message is built from. */
export interface LaunchPlan {
  readonly user: LmsUser
  readonly connection: ToolConnection
  readonly schoolId: string
  readonly context?: LmsContext
  /**
   * The placed link; for a Learning Tools entry, a stable link id derived from the entry; none for
   * a deep linking request.
   */
  readonly resourceLink?: Pick<ResourceLink, 'id' | 'title'> & Partial<ResourceLink>
  readonly assignment?: Assignment
  readonly role: LaunchRole
}

export type PlanDeps = Pick<PlatformDeps, 'directory' | 'connections' | 'resourceLinks'>

export async function requireUser(deps: PlanDeps, userId: string): Promise<LmsUser> {
  const user = await deps.directory.getUser(userId)
  if (user === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_LOGIN_REQUIRED', { detail: `no user ${userId}` })
  }
  return user
}

export async function requireContext(deps: PlanDeps, contextId: string): Promise<LmsContext> {
  const context = await deps.directory.getContext(contextId)
  if (context === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { detail: `no context ${contextId}` })
  }
  return context
}

export function requireSchool(connection: ToolConnection, schoolId: string): void {
  if (!enabledForSchool(connection, schoolId)) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: `connection ${connection.id} is not enabled for school ${schoolId}`,
    })
  }
}

/** A placed link: usable when the connection aligns resources or is a Learning Tool. */
async function planForLink(deps: PlanDeps, user: LmsUser, linkId: string): Promise<LaunchPlan> {
  const link = await deps.resourceLinks.get(linkId)
  if (link === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { detail: `no resource link ${linkId}` })
  }
  const connection = requireActive(await deps.connections.get(link.connectionId))
  if (!connection.features.assignmentResource && !connection.features.learningTool) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: 'neither ASSIGNMENT RESOURCE nor LEARNING TOOL is enabled',
    })
  }
  const context = await requireContext(deps, link.contextId)
  requireSchool(connection, context.schoolId)
  const role = await roleInContext(deps.directory, user, context)
  const assignment =
    link.assignmentId === undefined
      ? undefined
      : await deps.directory.getAssignment(link.assignmentId)
  return {
    user,
    connection,
    schoolId: context.schoolId,
    context,
    resourceLink: link,
    ...(assignment === undefined ? {} : { assignment }),
    role,
  }
}

/** Which portals list the tool: students and parents only when the district said so. */
function listedFor(connection: ToolConnection, user: LmsUser): boolean {
  if (user.kind === 'student') return connection.learningToolsList.student
  if (user.kind === 'parent') return connection.learningToolsList.parent
  return true
}

/**
 * The stable resource link id of a Learning Tools list entry: one placement per connection, school
 * and (when shown in a course) section.
 */
export function learningToolLinkId(target: Extract<LaunchTarget, { kind: 'learning-tool' }>) {
  const parts = ['lt', target.connectionId, target.schoolId, target.contextId ?? '']
  return parts.map(encodeURIComponent).join(':')
}

async function planForLearningTool(
  deps: PlanDeps,
  user: LmsUser,
  target: Extract<LaunchTarget, { kind: 'learning-tool' }>,
): Promise<LaunchPlan> {
  const connection = requireActive(await deps.connections.get(target.connectionId))
  if (!connection.features.learningTool) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: 'LEARNING TOOL is not enabled',
    })
  }
  requireSchool(connection, target.schoolId)
  if (!user.schoolIds.includes(target.schoolId) || !listedFor(connection, user)) {
    throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_DENIED', {
      detail: `the Learning Tools list of ${user.kind}s in ${target.schoolId} lacks the tool`,
    })
  }
  const resourceLink = { id: learningToolLinkId(target), title: connection.name }
  if (target.contextId === undefined) {
    return {
      user,
      connection,
      schoolId: target.schoolId,
      resourceLink,
      role: roleWithoutContext(user),
    }
  }
  const context = await requireContext(deps, target.contextId)
  if (context.schoolId !== target.schoolId) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { detail: 'context of another school' })
  }
  const role = await roleInContext(deps.directory, user, context)
  return { user, connection, schoolId: target.schoolId, context, resourceLink, role }
}

/**
 * Resolves a launch target for a user, checking every district setting on the way (connection
 * active and enabled for the school, connection type on, the user's role or portal listing).
 * @throws PlatformError LOGIN_REQUIRED, NOT_FOUND, CONNECTION_UNAVAILABLE, LAUNCH_DENIED
 */
export async function resolveLaunchPlan(
  deps: PlanDeps,
  userId: string,
  target: LaunchTarget,
): Promise<LaunchPlan> {
  const user = await requireUser(deps, userId)
  if (target.kind === 'resource-link') return planForLink(deps, user, target.resourceLinkId)
  return planForLearningTool(deps, user, target)
}
