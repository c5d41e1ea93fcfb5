import { SignJWT } from 'jose'
import { z } from 'zod'
import { CLAIM } from '../claims/uris.js'
import { LtiError } from '../errors/lti-error.js'
import { epochSeconds, systemClock, type Clock } from '../internal/clock.js'
import { randomId } from '../internal/random.js'
import type { SigningKey } from '../keys/types.js'
import { unguardedFetch } from '../outbound/unguarded.js'
import { mediaType, readBodyLimited } from './http.js'
import { formatScope, parseScope } from './scope.js'
import { CLIENT_ASSERTION_TYPE } from './types.js'

/** Options of {@link buildClientAssertion}. */
export interface ClientAssertionOptions {
  /** The tool's client_id at the platform: both `iss` and `sub`. */
  readonly clientId: string
  /** The platform's token endpoint: the `aud` unless `audience` is given. */
  readonly tokenEndpoint: string
  /** The `aud` to use instead, e.g. the platform's advertised `authorization_server`. */
  readonly audience?: string | readonly string[]
  readonly signingKey: SigningKey
  /** CORE §6.2.1: the deployment_id claim SHOULD be included. */
  readonly deploymentId?: string
  readonly clock?: Clock
  /** Default 300 s: short, because an intercepted assertion is a credential until it expires. */
  readonly lifetimeSeconds?: number
}

/**
 * Signs the JWT a tool authenticates with at the platform's token endpoint (RFC 7523): `iss` and
 * `sub` are the client_id, `aud` the token endpoint, `jti` is fresh from the CSPRNG, and the header
 * names the signing key's `kid` so the platform finds it in the tool's key set.
 *
 * @example
 * const assertion = await buildClientAssertion({ clientId, tokenEndpoint, signingKey })
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export async function buildClientAssertion(options: ClientAssertionOptions): Promise<string> {
  const lifetime = options.lifetimeSeconds ?? 300
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 3600) {
    throw new TypeError('lifetimeSeconds must be an integer from 1 to 3600')
  }
  if (options.clientId === '') throw new TypeError('clientId must not be empty')
  const { signingKey, deploymentId } = options
  const now = epochSeconds(options.clock ?? systemClock)
  const audience = options.audience ?? options.tokenEndpoint
  return new SignJWT(deploymentId === undefined ? {} : { [CLAIM.deploymentId]: deploymentId })
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: 'JWT' })
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(typeof audience === 'string' ? audience : [...audience])
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .setJti(randomId(24))
    .sign(signingKey.privateKey)
}

/** Options of {@link buildTokenRequest}. */
export interface TokenRequestOptions {
  readonly tokenEndpoint: string
  readonly clientAssertion: string
  readonly scopes: readonly string[]
  readonly userAgent?: string
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

function tokenEndpointUrl(value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch (cause) {
    throw new LtiError('ERR_LTI_OAUTH_TOKEN_ENDPOINT_INVALID', { detail: 'not a URL', cause })
  }
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  if ((url.protocol !== 'https:' && !loopback) || url.username !== '' || url.password !== '') {
    throw new LtiError('ERR_LTI_OAUTH_TOKEN_ENDPOINT_INVALID', { detail: url.protocol })
  }
  return url
}

/**
 * Builds the token request (lti-notes §7.1): a form POST with `grant_type=client_credentials`, the
 * JWT bearer `client_assertion_type`, the assertion and the space-separated scopes. Send it with
 * any `fetch`, then read the answer with {@link processTokenResponse}.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export function buildTokenRequest(options: TokenRequestOptions): Request {
  if (options.scopes.length === 0) throw new TypeError('request at least one scope')
  const url = tokenEndpointUrl(options.tokenEndpoint)
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: options.clientAssertion,
    scope: formatScope(options.scopes),
  })
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  })
  if (options.userAgent !== undefined) headers.set('user-agent', options.userAgent)
  // A token endpoint never redirects; following one could send the assertion elsewhere.
  return new Request(url, { method: 'POST', headers, body, redirect: 'error' })
}

/** A usable access token as the tool keeps it. */
export interface TokenSet {
  readonly accessToken: string
  readonly tokenType: 'Bearer'
  /** Epoch milliseconds. */
  readonly expiresAt: number
  readonly expiresIn: number
  readonly scopes: readonly string[]
}

/** Options of {@link processTokenResponse}. */
export interface ProcessTokenResponseOptions {
  readonly clock?: Clock
  /** RFC 6749 §5.1: a response without `scope` grants what was requested. */
  readonly requestedScopes?: readonly string[]
}

const MAX_RESPONSE_BYTES = 64 * 1024
/** RFC 6749 makes expires_in optional; assume little when it is absent. */
const DEFAULT_EXPIRES_IN = 300

const successSchema = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer'),
  expires_in: z.number().int().positive().max(31_536_000).optional(),
  scope: z.string().optional(),
})
const errorSchema = z.object({
  error: z.string().max(256),
  error_description: z.string().max(1024).optional(),
})

async function readJson(response: Response): Promise<unknown> {
  const text = await readBodyLimited(
    response,
    MAX_RESPONSE_BYTES,
    'ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID',
  )
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function rejected(status: number, body: unknown): LtiError {
  const parsed = errorSchema.safeParse(body)
  const detail = JSON.stringify({
    status,
    ...(parsed.success ? parsed.data : { error: 'unparseable error response' }),
  })
  return new LtiError('ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED', { detail })
}

/**
 * Reads the platform's token response. A 200 JSON bearer token becomes a {@link TokenSet}; an OAuth
 * error becomes `ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED` whose `detail` keeps `error` and
 * `error_description`; anything else is `ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function processTokenResponse(
  response: Response,
  options: ProcessTokenResponseOptions = {},
): Promise<TokenSet> {
  const body = await readJson(response)
  if (response.status !== 200) throw rejected(response.status, body)
  if (!mediaType(response.headers).includes('json') || body === undefined) {
    throw new LtiError('ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID', { detail: 'not a JSON body' })
  }
  const parsed = successSchema.safeParse(body)
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? ''
    throw new LtiError('ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID', { claim: field })
  }
  const { access_token: accessToken, expires_in: expiresIn = DEFAULT_EXPIRES_IN } = parsed.data
  const scopes =
    parsed.data.scope === undefined
      ? [...(options.requestedScopes ?? [])]
      : parseScope(parsed.data.scope)
  const now = (options.clock ?? systemClock)()
  return { accessToken, tokenType: 'Bearer', expiresAt: now + expiresIn * 1000, expiresIn, scopes }
}

/** Options of {@link requestAccessToken}. */
export interface RequestAccessTokenOptions extends ClientAssertionOptions {
  readonly scopes: readonly string[]
  readonly userAgent?: string
  /** Sends the token request. Default: the global `fetch`. */
  readonly fetch?: (request: Request) => Promise<Response>
}

/**
 * Obtains an access token: {@link buildClientAssertion}, {@link buildTokenRequest}, `fetch`, then
 * {@link processTokenResponse}. Wrap it in an `AccessTokenCache` so services reuse tokens.
 *
 * @example
 * const token = await cache.get(key, () => requestAccessToken({ clientId, tokenEndpoint, signingKey, scopes }))
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export async function requestAccessToken(options: RequestAccessTokenOptions): Promise<TokenSet> {
  const clientAssertion = await buildClientAssertion(options)
  const request = buildTokenRequest({
    tokenEndpoint: options.tokenEndpoint,
    clientAssertion,
    scopes: options.scopes,
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  })
  const send = options.fetch ?? ((input: Request) => unguardedFetch(input))
  const response = await send(request)
  return processTokenResponse(response, {
    requestedScopes: options.scopes,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
}
