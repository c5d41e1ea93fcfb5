/**
 * Errors of the platform layer: LMS policy decisions that are not protocol rules of core (a tool
 * touching another course, a score for a user who is not enrolled, an assignment scored by marks).
 * Protocol errors stay core `LtiError`s; both kinds have a stable code, a status, a public
 * description and private detail, and both render as the same problem details.
 */
import {
  CatalogueError,
  type CatalogueErrorOptions,
  type CodedProblem,
  defineErrors,
  type ErrorDocSection,
  isLtiError,
  type LtiError,
  SPEC,
} from './internal/core.js'

/** Catalogue of the platform layer's codes, in the same shape as core's `errorCatalogue`. */
export const platformErrors = defineErrors({
  ERR_LTI_PLATFORM_LOGIN_REQUIRED: {
    status: 401,
    spec: `${SPEC.security}#step-2-authentication-request`,
    description: 'The launch belongs to a user who is not signed in to the platform.',
    cause: 'No platform session, or the login_hint names another user than the signed-in one.',
    fix: 'Sign in to the LMS as the user who started the launch and start it again.',
  },
  ERR_LTI_PLATFORM_LAUNCH_EXPIRED: {
    status: 400,
    spec: `${SPEC.security}#step-2-authentication-request`,
    description: 'The launch has expired.',
    cause:
      'The tool came back with lti_message_hint after its lifetime (5 minutes by default), or the registration changed in between.',
    fix: 'Start the launch again from the LMS.',
  },
  ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID: {
    status: 400,
    spec: `${SPEC.security}#step-2-authentication-request`,
    description: 'The launch hint is missing, malformed or was not issued for this tool.',
    cause:
      'lti_message_hint is absent, altered (its signature fails), or was issued for another client_id.',
    fix: 'The tool must echo lti_message_hint unchanged; start the launch again from the LMS.',
  },
  ERR_LTI_PLATFORM_LAUNCH_REPLAYED: {
    status: 400,
    spec: `${SPEC.security}#step-2-authentication-request`,
    description: 'The launch was already used.',
    cause: 'The same lti_message_hint came back a second time (a reload, a back button, a replay).',
    fix: 'Start the launch again from the LMS; each launch can be completed once.',
  },
  ERR_LTI_PLATFORM_LAUNCH_FOREIGN: {
    status: 403,
    spec: `${SPEC.security}#step-2-authentication-request`,
    description: 'The launch was started by another person or in another browser.',
    cause:
      'The browser answering the tool is not the one that opened the launch page (no matching launch binding cookie and no session of the same person), or another person is signed in: a forwarded launch link or a login CSRF attempt.',
    fix: 'Open the tool from the LMS in the browser you are signed in with.',
  },
  ERR_LTI_PLATFORM_CONNECTION_UNAVAILABLE: {
    status: 403,
    description: 'The tool connection is not enabled for this school.',
    cause:
      'The connection is disabled, pending approval, lacks a deployment for the school, or the connection type is off.',
    fix: 'Enable the connection and the school in Digital Learning Applications Configuration.',
  },
  ERR_LTI_PLATFORM_LAUNCH_DENIED: {
    status: 403,
    description: 'This user may not launch the tool here.',
    cause:
      'The user has no role in the course section and is no parent of an enrolled student, or the Learning Tools list does not include their portal.',
    fix: 'Enrol the user or add the portal to the Learning Tools list of the connection.',
  },
  ERR_LTI_PLATFORM_NO_TOOL_RIGHTS: {
    status: 403,
    description: 'The user lacks the External Learning Tools tool right.',
    cause: 'Only teachers with the tool right may add content from LTI tools.',
    fix: 'Grant the External Learning Tools tool right to the user.',
  },
  ERR_LTI_PLATFORM_NOT_FOUND: {
    status: 404,
    description: 'The resource does not exist or does not belong to this tool.',
    cause: 'An unknown id, or a line item, context or resource link of another tool or course.',
    fix: 'Use the URLs the platform sent in the launch; a tool only sees its own resources.',
  },
  ERR_LTI_PLATFORM_METHOD_NOT_ALLOWED: {
    status: 405,
    spec: `${SPEC.ags}#scope-and-allowed-http-methods`,
    description: 'This endpoint does not support the HTTP method.',
    cause: 'For example a GET on the write-only scores endpoint.',
    fix: 'Use a method the endpoint allows (see the Allow header).',
  },
  ERR_LTI_PLATFORM_ROUTE_NOT_FOUND: {
    status: 404,
    description: 'There is no platform endpoint at this address.',
    cause: 'The path under the platform router is mistyped, or the router is mounted elsewhere.',
    fix: 'Use the URLs the platform sent in the launch or publishes in its OpenID configuration.',
  },
  ERR_LTI_PLATFORM_INTERNAL: {
    status: 500,
    description: 'The platform failed to answer the request.',
    cause: 'An unexpected failure in the LMS ports or storage (a database error, a bug).',
    fix: 'Look for the logged detail of the request and retry once the cause is fixed.',
  },
  ERR_LTI_PLATFORM_USER_NOT_ENROLLED: {
    status: 422,
    description: 'The user is not enrolled in the course section of the line item.',
    cause: 'The score names a userId that is not on the roster of the line item context.',
    fix: 'Send scores only for users the membership service lists for the context.',
  },
  ERR_LTI_PLATFORM_NOT_POINTS_ASSIGNMENT: {
    status: 422,
    description: 'The assignment is not scored by points and cannot receive scores from a tool.',
    cause: 'Score passback targets an assignment scored with marks or a rubric.',
    fix: 'Score the assignment by points, or do not pass scores back for it.',
  },

  ERR_LTI_PLATFORM_DEEP_LINKING_SESSION_INVALID: {
    status: 400,
    spec: `${SPEC.deepLinking}#deep-linking-response-message`,
    description: 'The deep linking request is unknown, expired or was already answered.',
    cause: 'The response was posted twice, too late, or to a forged return URL.',
    fix: 'Start the deep linking flow again from the LMS.',
  },
})

/** The platform layer's section of `docs/errors.md`. */
export const platformErrorSection: ErrorDocSection = {
  title: 'Platform layer (`@ltihub/platform`)',
  intro:
    'LMS policy decisions around the protocol: who may launch, which course and assignment a tool may touch. Generated from `packages/platform/src/errors.ts`.',
  catalogue: platformErrors,
}

export type PlatformErrorCode = keyof typeof platformErrors

export type PlatformErrorOptions = CatalogueErrorOptions

/** The public body of a platform error: the same problem details as core's, with a platform code. */
export type PlatformProblem = CodedProblem<PlatformErrorCode>

/**
 * An LMS policy error with a stable code. `description` is public; `detail` stays on the server.
 * Misuse by calling code raises `TypeError` instead.
 */
export class PlatformError extends CatalogueError<PlatformErrorCode> {
  override readonly name = 'PlatformError'

  constructor(code: PlatformErrorCode, options: PlatformErrorOptions = {}) {
    super(code, platformErrors[code], options)
  }
}

/** Narrows an unknown value to a `PlatformError`, optionally of one code. */
export function isPlatformError(value: unknown, code?: PlatformErrorCode): value is PlatformError {
  return value instanceof PlatformError && (code === undefined || value.code === code)
}

/** Whether `value` is a coded error of either layer (it then has `status` and `toProblem()`). */
export function isCodedError(value: unknown): value is PlatformError | LtiError {
  return isPlatformError(value) || isLtiError(value)
}
