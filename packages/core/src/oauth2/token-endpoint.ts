import { decodeJwt, jwtVerify, type JWTPayload } from 'jose'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'
import { systemClock, type Clock } from '../internal/clock.js'
import { toLtiError } from '../keys/jose-errors.js'
import { DEFAULT_ALGORITHMS, type KeyResolver, type SigningAlgorithm } from '../keys/types.js'
import type { NonceStore } from '../ports.js'
import type { AccessTokenIssuer } from './access-token.js'
import { jsonResponse, mediaType, readBodyLimited } from './http.js'
import { intersectScopes, parseScope } from './scope.js'
import { CLIENT_ASSERTION_TYPE, type OAuthErrorCode } from './types.js'

/** What the token endpoint needs to know about a client (a tool registration). */
export interface TokenEndpointClient {
  /** The tool's public keys: usually `RemoteKeySets#resolver(jwksUrl)`. */
  readonly keys: KeyResolver
  /** Scopes this client may be granted. */
  readonly allowedScopes: readonly string[]
  /** Accepted assertion algorithms. Default `['RS256']`; never taken from the token. */
  readonly algorithms?: readonly SigningAlgorithm[]
  /** Carried into the access token as its `registration` claim. */
  readonly registrationId?: string
}

/** Dependencies of {@link handleTokenRequest}. */
export interface TokenEndpointDeps {
  /** This endpoint's URL: the `aud` a client assertion must name. */
  readonly tokenEndpointUrl: string
  /** Other accepted `aud` values, such as an advertised `authorization_server` identifier. */
  readonly acceptedAudiences?: readonly string[]
  /** Finds a client by `client_id`; `undefined` when unknown or disabled. */
  readonly lookupClient: (clientId: string) => Promise<TokenEndpointClient | undefined>
  /** Records each assertion `jti` until it expires (replay protection). */
  readonly nonceStore: NonceStore
  readonly accessTokens: AccessTokenIssuer
  readonly clock?: Clock
  /** Longest accepted `exp - iat` and age of `iat`. Default 3600 s. */
  readonly maxAssertionLifetimeSeconds?: number
  /** Accepted clock skew with the client. Default 30 s (Canvas allows iat ≤ 30 s in the future). */
  readonly clockToleranceSeconds?: number
}

const MAX_BODY_BYTES = 64 * 1024
const MAX_ASSERTION_LENGTH = 16 * 1024
const MAX_JTI_LENGTH = 256

/** The OAuth error each failure answers with; every other code is a failed client authentication. */
const OAUTH_ERROR: Partial<Record<LtiErrorCode, OAuthErrorCode>> = {
  ERR_LTI_OAUTH_INVALID_REQUEST: 'invalid_request',
  ERR_LTI_INPUT_TOO_LARGE: 'invalid_request',
  ERR_LTI_UNSUPPORTED_MEDIA_TYPE: 'invalid_request',
  ERR_LTI_OAUTH_UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
  ERR_LTI_OAUTH_INVALID_SCOPE: 'invalid_scope',
}

/**
 * The RFC 6749 §5.2 error response for a failure: the OAuth `error`, the public description, and
 * ltihub's stable `code`. `invalid_client` answers 401, every other error 400.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function tokenErrorResponse(error: LtiError): Response {
  const oauthError = OAUTH_ERROR[error.code] ?? 'invalid_client'
  const body = { error: oauthError, error_description: error.description, code: error.code }
  return jsonResponse(body, oauthError === 'invalid_client' ? 401 : 400)
}

function invalidRequest(detail: string, claim?: string): LtiError {
  return new LtiError('ERR_LTI_OAUTH_INVALID_REQUEST', { detail, ...(claim ? { claim } : {}) })
}

/** Step 1: a form POST of bounded size, each parameter at most once (RFC 6749 §3.2). */
async function readTokenParams(request: Request): Promise<URLSearchParams> {
  if (request.method !== 'POST') throw invalidRequest(`method ${request.method}`)
  if (mediaType(request.headers) !== 'application/x-www-form-urlencoded') {
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', { detail: mediaType(request.headers) })
  }
  const params = new URLSearchParams(
    await readBodyLimited(request, MAX_BODY_BYTES, 'ERR_LTI_INPUT_TOO_LARGE'),
  )
  const names = [...params.keys()]
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
  if (repeated !== undefined) throw invalidRequest('repeated parameter', repeated)
  return params
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name)
  if (value === null || value === '') throw invalidRequest('missing parameter', name)
  return value
}

/** Step 2: the grant, the client authentication method and the scope request. */
function readGrant(params: URLSearchParams): { assertion: string; scopes: string[] } {
  if (required(params, 'grant_type') !== 'client_credentials') {
    throw new LtiError('ERR_LTI_OAUTH_UNSUPPORTED_GRANT_TYPE', { claim: 'grant_type' })
  }
  if (required(params, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
    throw new LtiError('ERR_LTI_OAUTH_CLIENT_ASSERTION_TYPE_INVALID', {
      claim: 'client_assertion_type',
    })
  }
  const assertion = required(params, 'client_assertion')
  if (assertion.length > MAX_ASSERTION_LENGTH) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { claim: 'client_assertion' })
  }
  // RFC 6749 §3.3: without a scope the server "MUST ... fail the request indicating an invalid
  // scope" unless it has a default; LTI services have none.
  const scopes = parseScope(params.get('scope') ?? '')
  if (scopes.length === 0) throw new LtiError('ERR_LTI_OAUTH_INVALID_SCOPE', { claim: 'scope' })
  return { assertion, scopes }
}

/** Step 3 (unverified): who the assertion claims to come from. Only used to find its keys. */
function claimedClientId(assertion: string, clientIdParam: string | null): string {
  let claims: JWTPayload
  try {
    claims = decodeJwt(assertion)
  } catch (error) {
    throw toLtiError(error)
  }
  const { iss, sub } = claims
  if (typeof iss !== 'string' || iss === '') {
    throw new LtiError('ERR_LTI_JWT_CLAIM_MISSING', { claim: 'iss' })
  }
  // RFC 7523 §3: "the JWT MUST contain a 'sub' ... the client_id of the OAuth client", and LTI
  // sets iss to the same client_id.
  if (sub !== iss) throw new LtiError('ERR_LTI_CLIENT_ASSERTION_SUBJECT_MISMATCH', { claim: 'sub' })
  if (clientIdParam !== null && clientIdParam !== iss) {
    throw new LtiError('ERR_LTI_CLIENT_ASSERTION_SUBJECT_MISMATCH', { claim: 'client_id' })
  }
  return iss
}

interface AuthenticatedClient {
  readonly clientId: string
  readonly client: TokenEndpointClient
}

/** Step 4: signature, audience, lifetime, then single use of the `jti`. */
async function authenticateClient(
  assertion: string,
  clientIdParam: string | null,
  deps: TokenEndpointDeps,
): Promise<AuthenticatedClient> {
  const clientId = claimedClientId(assertion, clientIdParam)
  const client = await deps.lookupClient(clientId)
  if (client === undefined) throw new LtiError('ERR_LTI_OAUTH_CLIENT_UNKNOWN', { detail: clientId })
  const clock = deps.clock ?? systemClock
  const maxLifetime = deps.maxAssertionLifetimeSeconds ?? 3600
  const tolerance = deps.clockToleranceSeconds ?? 30
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(assertion, client.keys, {
      algorithms: [...(client.algorithms ?? DEFAULT_ALGORITHMS)],
      issuer: clientId,
      subject: clientId,
      // RFC 7523 §3: the AS "MUST reject any JWT that does not contain its own identity as the
      // intended audience".
      audience: [deps.tokenEndpointUrl, ...(deps.acceptedAudiences ?? [])],
      requiredClaims: ['exp', 'iat', 'jti'],
      maxTokenAge: maxLifetime,
      clockTolerance: tolerance,
      currentDate: new Date(clock()),
    }))
  } catch (error) {
    throw toLtiError(error)
  }
  const { jti, exp, iat } = payload as { jti: unknown; exp: number; iat: number }
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
    throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', { claim: 'jti' })
  }
  if (exp - iat > maxLifetime) {
    throw new LtiError('ERR_LTI_CLIENT_ASSERTION_LIFETIME_TOO_LONG', { claim: 'exp' })
  }
  // RFC 7523 §3: the AS "MAY ensure that JWTs are not replayed by maintaining the set of used 'jti'
  // values for the length of time for which the JWT would be considered valid".
  const fresh = await deps.nonceStore.consume(
    `client_assertion:${clientId}`,
    jti,
    (exp + tolerance) * 1000,
  )
  if (!fresh) throw new LtiError('ERR_LTI_CLIENT_ASSERTION_REPLAYED', { claim: 'jti' })
  return { clientId, client }
}

/**
 * The platform's OAuth 2.0 token endpoint for LTI Advantage services: the client credentials grant
 * with a JWT bearer client assertion (RFC 7523), as the 1EdTech Security Framework requires.
 * Answers the RFC 6749 token response (`Cache-Control: no-store`) granting the allowed subset of
 * the requested scopes, or an RFC 6749 error carrying ltihub's stable `code`. Errors thrown by the
 * dependencies (store or look-up failures) propagate: the host answers them with a 500.
 *
 * @example
 * app.post('/token', (request) => handleTokenRequest(request, {
 *   tokenEndpointUrl: 'https://lms.example/token', lookupClient, nonceStore, accessTokens,
 * }))
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export async function handleTokenRequest(
  request: Request,
  deps: TokenEndpointDeps,
): Promise<Response> {
  try {
    const params = await readTokenParams(request)
    const grant = readGrant(params)
    const { clientId, client } = await authenticateClient(
      grant.assertion,
      params.get('client_id'),
      deps,
    )
    const scopes = intersectScopes(grant.scopes, client.allowedScopes)
    if (scopes.length === 0) throw new LtiError('ERR_LTI_OAUTH_INVALID_SCOPE', { claim: 'scope' })
    const registration = client.registrationId
    const issued = await deps.accessTokens.issue({
      clientId,
      scopes,
      ...(registration === undefined ? {} : { registrationId: registration }),
    })
    const body = {
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: scopes.join(' '),
    }
    return jsonResponse(body, 200)
  } catch (error) {
    if (error instanceof LtiError) return tokenErrorResponse(error)
    throw error
  }
}
