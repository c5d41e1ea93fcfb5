import { isRetryableStatus } from '../grades/policy.js'
import {
  buildClientAssertion,
  buildTokenRequest,
  parseRetryAfter,
  processTokenResponse,
  signingKeyOf,
  type TokenSet,
  UpstreamError,
} from './core.js'
import type { ToolRuntime } from './runtime.js'
import { fetchUpstream } from './upstream.js'
import type { PlatformRegistration } from '../records.js'

/*
 * The one authenticated service client of the tool: every AGS and NRPS call gets its bearer token
 * here, from the shared cache, so no service repeats the registration look-up, the client
 * assertion or the token request.
 */

/**
 * Fails for a status that may heal (408, 425, 429, 5xx) before the body is interpreted: the token
 * endpoint and the outcome service have their own body formats, but the same transient statuses.
 */
export function assertNotTransient(runtime: ToolRuntime, response: Response, what: string): void {
  if (!isRetryableStatus(response.status)) return
  throw new UpstreamError(
    response.status === 429 ? 'ERR_LTI_UPSTREAM_RATE_LIMITED' : 'ERR_LTI_UPSTREAM_UNAVAILABLE',
    {
      upstreamStatus: response.status,
      retryable: true,
      retryAfter: parseRetryAfter(response.headers.get('retry-after'), runtime.clock),
      detail: `${what}: HTTP ${response.status}`,
    },
  )
}

async function requestToken(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  deploymentId: string,
  scopes: readonly string[],
): Promise<TokenSet> {
  const clientAssertion = await buildClientAssertion({
    clientId: registration.clientId,
    tokenEndpoint: registration.authTokenUrl,
    ...(registration.authServer === undefined ? {} : { audience: registration.authServer }),
    signingKey: signingKeyOf(await runtime.ports.keys.keyRing()),
    deploymentId,
    clock: runtime.clock,
  })
  const request = buildTokenRequest({
    tokenEndpoint: registration.authTokenUrl,
    clientAssertion,
    scopes,
    userAgent: runtime.userAgent,
  })
  const response = await fetchUpstream(runtime, request)
  assertNotTransient(runtime, response, 'token endpoint')
  return processTokenResponse(response, { clock: runtime.clock, requestedScopes: scopes })
}

/**
 * An access token for a registration and scopes, from the shared cache (one token request however
 * many deliveries wait for it). `fresh` drops the cached one first (after a 401).
 */
export function accessToken(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  deploymentId: string,
  scopes: readonly string[],
  fresh = false,
): Promise<TokenSet> {
  const key = { tokenEndpoint: registration.authTokenUrl, clientId: registration.clientId, scopes }
  if (fresh) runtime.tokens.invalidate(key)
  return runtime.tokens.get(key, () => requestToken(runtime, registration, deploymentId, scopes))
}
