import type { Scope } from '../claims/uris.js'
import { LtiError } from '../errors/lti-error.js'
import type { AccessTokenGrant, AccessTokenIssuer } from './access-token.js'

/** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/**
 * Authorizes a call to an LTI Advantage service: reads the `Authorization: Bearer` token, verifies
 * it and checks it carries at least one of `anyOf`. Tokens in the query string are refused (house
 * style §9: no tokens in URLs, where logs and referrers keep them).
 *
 * Fails with `ERR_LTI_ACCESS_TOKEN_MISSING` (401), `ERR_LTI_ACCESS_TOKEN_INVALID` (401),
 * `ERR_LTI_ACCESS_TOKEN_IN_QUERY` (400) or `ERR_LTI_INSUFFICIENT_SCOPE` (403); answer them with
 * {@link bearerErrorResponse}.
 *
 * @example
 * const grant = await authorizeServiceRequest(request, issuer, [SCOPE.score])
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export async function authorizeServiceRequest(
  request: Request,
  issuer: AccessTokenIssuer,
  anyOf: readonly Scope[],
): Promise<AccessTokenGrant> {
  if (anyOf.length === 0) throw new TypeError('anyOf must name at least one scope')
  if (new URL(request.url).searchParams.has('access_token')) {
    throw new LtiError('ERR_LTI_ACCESS_TOKEN_IN_QUERY', { claim: 'access_token' })
  }
  const header = request.headers.get('authorization')
  if (header === null || !/^bearer(\s|$)/i.test(header)) {
    throw new LtiError('ERR_LTI_ACCESS_TOKEN_MISSING')
  }
  const token = BEARER.exec(header)?.[1]
  if (token === undefined) {
    throw new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: 'malformed Authorization header' })
  }
  const grant = await issuer.verify(token)
  if (!anyOf.some((scope) => grant.scopes.includes(scope))) {
    throw new LtiError('ERR_LTI_INSUFFICIENT_SCOPE', { detail: `needs one of ${anyOf.join(' ')}` })
  }
  return grant
}

const quoted = (value: string) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`

/** Options of {@link bearerChallenge}. */
export interface BearerChallengeOptions {
  readonly realm?: string
  /** For `insufficient_scope`: the scopes that would have sufficed. */
  readonly scopes?: readonly string[]
}

/**
 * The RFC 6750 §3 `WWW-Authenticate` value for a failed service call: no error attribute when the
 * token was missing, `invalid_token`, `invalid_request` or `insufficient_scope` otherwise.
 *
 * @example
 * bearerChallenge(error) // 'Bearer realm="ltihub", error="invalid_token", error_description="…"'
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function bearerChallenge(error: LtiError, options: BearerChallengeOptions = {}): string {
  const parts = [`realm=${quoted(options.realm ?? 'ltihub')}`]
  const oauthError = {
    ERR_LTI_ACCESS_TOKEN_INVALID: 'invalid_token',
    ERR_LTI_ACCESS_TOKEN_IN_QUERY: 'invalid_request',
    ERR_LTI_INSUFFICIENT_SCOPE: 'insufficient_scope',
  }[error.code as string]
  // RFC 6750 §3.1: "If the request lacks any authentication information ... the resource server
  // SHOULD NOT include an error code or other error information."
  if (oauthError !== undefined) {
    parts.push(`error=${quoted(oauthError)}`, `error_description=${quoted(error.description)}`)
  }
  if (oauthError === 'insufficient_scope' && options.scopes !== undefined) {
    parts.push(`scope=${quoted(options.scopes.join(' '))}`)
  }
  return `Bearer ${parts.join(', ')}`
}

/**
 * An `application/problem+json` response for a failed service authorization, with the
 * `WWW-Authenticate` challenge RFC 6750 requires on 401 (and sends on 403 and 400 too).
 */
export function bearerErrorResponse(
  error: LtiError,
  options: BearerChallengeOptions = {},
): Response {
  return new Response(JSON.stringify(error.toProblem()), {
    status: error.status,
    headers: {
      'content-type': 'application/problem+json',
      'www-authenticate': bearerChallenge(error, options),
      'cache-control': 'no-store',
    },
  })
}
