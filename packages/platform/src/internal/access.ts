/**
 * Who may use which connection where: the district's settings turned into checks. Every check
 * throws a coded error; none of them writes anything.
 */
import { PlatformError } from '../errors.js'
import type {
  Deployment,
  Lti11Credentials,
  Lti13Registration,
  LmsContext,
  ToolConnection,
} from '../ports.js'

/** A connection that is active (approved and not disabled). */
export function requireActive(connection: ToolConnection | undefined): ToolConnection {
  if (connection === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', { detail: 'no such connection' })
  }
  if (connection.status !== 'active') {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: `connection ${connection.id} is ${connection.status}`,
    })
  }
  return connection
}

/** The connection's LTI 1.3 registration, or a coded error when it has none. */
export function requireLti13(connection: ToolConnection): Lti13Registration {
  if (connection.lti13 === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: `connection ${connection.id} has no LTI 1.3 registration`,
    })
  }
  return connection.lti13
}

/** The connection's LTI 1.1 credentials, or a coded error when it has none. */
export function requireLti11(connection: ToolConnection): Lti11Credentials {
  if (connection.lti11 === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: `connection ${connection.id} has no LTI 1.1 key`,
    })
  }
  return connection.lti11
}

/** Whether the district enabled the connection for `schoolId` ("Enabled Schools"). */
export function enabledForSchool(connection: ToolConnection, schoolId: string): boolean {
  return connection.schoolIds.includes(schoolId)
}

/**
 * The deployment of `registration` that covers `schoolId`, when the connection is enabled there.
 * "Each school can only have one connection per provider", so at most one deployment matches.
 */
export function deploymentFor(
  connection: ToolConnection,
  registration: Lti13Registration,
  schoolId: string,
): Deployment {
  const deployment = enabledForSchool(connection, schoolId)
    ? registration.deployments.find((d) => d.schoolIds.includes(schoolId))
    : undefined
  if (deployment === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE', {
      detail: `connection ${connection.id} has no deployment for school ${schoolId}`,
    })
  }
  return deployment
}

/**
 * Whether a tool holding a token of `connection` (optionally scoped to one deployment) may reach
 * `context`: the connection is enabled for the context's school and a deployment covers it.
 * A tool never reaches a course of a school it is not deployed in.
 */
export function toolReachesContext(
  connection: ToolConnection,
  context: LmsContext,
  deploymentId?: string,
): boolean {
  const registration = connection.lti13
  if (registration === undefined || !enabledForSchool(connection, context.schoolId)) return false
  return registration.deployments.some(
    (d) =>
      d.schoolIds.includes(context.schoolId) &&
      (deploymentId === undefined || d.deploymentId === deploymentId),
  )
}
