/**
 * Who may add content from a tool, where, and what the platform offers to accept. Shared by the
 * start of a deep linking request and the id_token built for it.
 */
import type { PlatformDeps } from '../config.js'
import { PlatformError } from '../errors.js'
import { requireActive } from '../internal/access.js'
import { buildDeepLinkingSettings, type DeepLinkingSettingsClaim } from '../internal/core.js'
import {
  type LaunchPlan,
  type PlanDeps,
  requireContext,
  requireSchool,
  requireUser,
} from '../launch/resolve.js'
import { roleInContext } from '../launch/roles.js'
import type { DeepLinkingSession, ToolConnection } from '../ports.js'

/** The content types a connection's enabled types let the platform accept. */
export function acceptTypesOf(connection: ToolConnection): DeepLinkingSession['acceptTypes'] {
  const types: DeepLinkingSession['acceptTypes'][number][] = []
  if (connection.features.assignmentResource) types.push('ltiResourceLink')
  if (connection.features.embeddableContent) types.push('image', 'html')
  return types
}

/** Where a deep linking request goes: a course section, optionally one assignment. */
export interface DeepLinkingTarget {
  readonly userId: string
  readonly connectionId: string
  readonly contextId: string
  readonly assignmentId?: string
}

/**
 * Resolves a deep linking request: the connection must be active, enabled for the section's
 * school, with ASSIGNMENT RESOURCE or EMBEDDABLE CONTENT on; the user must teach the section (or
 * administer its school) and hold the External Learning Tools tool right.
 * @throws PlatformError LOGIN_REQUIRED, NOT_FOUND, CONNECTION_UNAVAILABLE, LAUNCH_DENIED,
 *   NO_TOOL_RIGHTS
 */
export async function resolveDeepLinkingPlan(
  deps: PlanDeps,
  target: DeepLinkingTarget,
): Promise<LaunchPlan> {
  const user = await requireUser(deps, target.userId)
  const connection = requireActive(await deps.connections.get(target.connectionId))
  if (acceptTypesOf(connection).length === 0) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: 'neither ASSIGNMENT RESOURCE nor EMBEDDABLE CONTENT is enabled',
    })
  }
  const context = await requireContext(deps, target.contextId)
  requireSchool(connection, context.schoolId)
  const role = await roleInContext(deps.directory, user, context)
  if (role.part !== 'teacher' && role.part !== 'assistant' && role.part !== 'admin') {
    throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_DENIED', {
      detail: `a ${role.part} cannot add content to a course`,
    })
  }
  if (!user.canUseExternalTools) {
    throw new PlatformError('ERR_LTI_PLATFORM_NO_TOOL_RIGHTS', { detail: `user ${user.id}` })
  }
  let assignment
  if (target.assignmentId !== undefined) {
    assignment = await deps.directory.getAssignment(target.assignmentId)
    if (assignment?.contextId !== context.id) {
      throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', {
        detail: `no assignment ${target.assignmentId} in context ${context.id}`,
      })
    }
  }
  return {
    user,
    connection,
    schoolId: context.schoolId,
    context,
    ...(assignment === undefined ? {} : { assignment }),
    role,
  }
}

/** How created items may be shown: in the LMS page or in a new window. */
const PRESENTATION_TARGETS = ['iframe', 'window'] as const

/**
 * The `deep_linking_settings` claim of a session, built the same way when the request is sent and
 * when the response is verified against it.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings
 */
export function settingsOf(
  deps: Pick<PlatformDeps, 'settings'>,
  session: DeepLinkingSession,
  title?: string,
): DeepLinkingSettingsClaim {
  return buildDeepLinkingSettings({
    deepLinkReturnUrl: deps.settings.endpoints.deepLinkingReturn(session.id),
    acceptTypes: session.acceptTypes,
    acceptPresentationDocumentTargets: PRESENTATION_TARGETS,
    acceptMultiple: session.acceptMultiple,
    acceptLineItem: session.acceptLineItem,
    autoCreate: false,
    data: session.data,
    ...(title === undefined ? {} : { title }),
  })
}
