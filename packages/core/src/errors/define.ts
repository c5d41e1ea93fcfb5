/**
 * One entry of the error catalogue. Every error ltihub raises for bad input has one, so that logs,
 * APIs and `docs/errors.md` all speak of the same stable code.
 */
export interface ErrorDefinition {
  /** HTTP status an endpoint answers with when this error ends a request. */
  readonly status: number
  /** The spec rule this error enforces (a URL with an anchor), when there is one. */
  readonly spec?: string
  /** Public description: safe to show to any caller. Never holds secrets or internal detail. */
  readonly description: string
  /** The likely cause, for the administrator reading `docs/errors.md`. */
  readonly cause: string
  /** What to do about it. */
  readonly fix: string
}

/** Declares a group of catalogue entries while keeping their literal keys for the code union. */
export function defineErrors<const T extends Record<`ERR_${string}`, ErrorDefinition>>(
  entries: T,
): T {
  return entries
}

/** Spec anchors used by several features. */
export const SPEC = {
  core: 'https://www.imsglobal.org/spec/lti/v1p3/',
  security: 'https://www.imsglobal.org/spec/security/v1p0/',
  idTokenValidation:
    'https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation',
  ags: 'https://www.imsglobal.org/spec/lti-ags/v2p0/',
  nrps: 'https://www.imsglobal.org/spec/lti-nrps/v2p0/',
  deepLinking: 'https://www.imsglobal.org/spec/lti-dl/v2p0/',
  dynamicRegistration: 'https://www.imsglobal.org/spec/lti-dr/v1p0',
  migration: 'https://www.imsglobal.org/spec/lti/v1p3/migr',
  lti11: 'https://www.imsglobal.org/specs/ltiv1p1/implementation-guide',
  oauth1: 'https://www.rfc-editor.org/rfc/rfc5849',
  bodyHash: 'https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-18',
} as const
