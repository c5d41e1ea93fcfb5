import { ALL_SCOPES, type Scope } from '../claims/uris.js'
import { LtiError } from '../errors/lti-error.js'

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/
const MAX_SCOPE_LENGTH = 4096
const MAX_SCOPE_TOKENS = 64

/** Whether `value` is one RFC 6749 scope token (printable ASCII without space, `"` or `\`). */
export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value)
}

/**
 * Parses a space-separated `scope` parameter into its distinct tokens, in order. Runs of spaces
 * are tolerated (some clients send them); anything outside the RFC 6749 grammar, or an oversize
 * value, is `ERR_LTI_OAUTH_INVALID_SCOPE`.
 *
 * @example
 * parseScope('https://purl.imsglobal.org/spec/lti-ags/scope/score openid')
 * // → ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'openid']
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function parseScope(value: string): string[] {
  if (value.length > MAX_SCOPE_LENGTH) {
    throw new LtiError('ERR_LTI_OAUTH_INVALID_SCOPE', { claim: 'scope', detail: 'scope too long' })
  }
  const tokens = value.split(' ').filter((token) => token !== '')
  const invalid = tokens.find((token) => !isScopeToken(token))
  if (invalid !== undefined || tokens.length > MAX_SCOPE_TOKENS) {
    throw new LtiError('ERR_LTI_OAUTH_INVALID_SCOPE', { claim: 'scope', detail: 'malformed scope' })
  }
  return [...new Set(tokens)]
}

/**
 * Joins scopes into a `scope` parameter. Throws `TypeError` for a value that is not a scope token,
 * since that is a bug in the calling code.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function formatScope(scopes: readonly string[]): string {
  for (const scope of scopes) {
    if (!isScopeToken(scope))
      throw new TypeError(`not an OAuth scope token: ${JSON.stringify(scope)}`)
  }
  return [...new Set(scopes)].join(' ')
}

/** Whether `value` is one of the LTI Advantage scopes ltihub's platform grants (`SCOPE`). */
export function isKnownScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value)
}

/** The LTI Advantage scopes among `scopes`, in their order; others are dropped. */
export function knownScopes(scopes: readonly string[]): Scope[] {
  return scopes.filter(isKnownScope)
}

/**
 * The requested scopes that are also allowed, in the requested order, without repeats. A token
 * endpoint grants this subset (lti-notes §7.1: "requested scopes ⊆ scopes granted to that client,
 * else drop them or fail with invalid_scope").
 */
export function intersectScopes<T extends string>(
  requested: readonly string[],
  allowed: readonly T[],
): T[] {
  const allowedSet = new Set<string>(allowed)
  return [...new Set(requested)].filter((scope): scope is T => allowedSet.has(scope))
}
