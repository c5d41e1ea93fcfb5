import {
  buildClientAssertion,
  buildOutcomeRequest,
  buildScoreRequest,
  isUpstreamError,
  parseRetryAfter,
  processOutcomeResponse,
  processScoreResponse,
  processTokenResponse,
  SCOPE,
  signingKeyOf,
  buildTokenRequest,
  type TokenSet,
  UpstreamError,
} from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { fetchUpstream } from '../internal/upstream.js'
import type { GradeOutboxItem, GradeTarget, PlatformRegistration } from '../records.js'
import { DeliveryFailure, isRetryableStatus } from './policy.js'

/**
 * Fails for a status that may heal (408, 425, 429, 5xx) before the body is interpreted: the token
 * endpoint and the outcome service have their own body formats, but the same transient statuses.
 */
function assertNotTransient(runtime: ToolRuntime, response: Response, what: string): void {
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

type AgsTarget = Extract<GradeTarget, { kind: 'ags' }>

async function postScore(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  item: GradeOutboxItem,
  target: AgsTarget,
  fresh: boolean,
): Promise<void> {
  const token = await accessToken(runtime, registration, target.deploymentId, [SCOPE.score], fresh)
  const request = buildScoreRequest(
    target.lineItemUrl,
    // The ORIGINAL timestamp, on every attempt: the platform orders scores by it.
    { ...item.score, userId: target.userId, timestamp: item.timestamp },
    token.accessToken,
    {
      userAgent: runtime.userAgent,
      ...(runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}),
    },
  )
  await processScoreResponse(await fetchUpstream(runtime, request), { clock: runtime.clock })
}

/**
 * Sends one AGS score. A 401 may only mean the cached token expired early: the token is dropped
 * and the score sent once more with a fresh one; a second 401 is final.
 */
export async function sendAgsScore(
  runtime: ToolRuntime,
  item: GradeOutboxItem,
  target: AgsTarget,
): Promise<void> {
  const registration = await runtime.ports.registrations.get(target.registrationId)
  if (registration === undefined) {
    throw new DeliveryFailure(
      'the platform registration no longer exists',
      false,
      undefined,
      undefined,
    )
  }
  try {
    await postScore(runtime, registration, item, target, false)
  } catch (error) {
    if (!isUpstreamError(error) || error.upstreamStatus !== 401) throw error
    await postScore(runtime, registration, item, target, true)
  }
}

/** True for a URL on localhost or a loopback address. */
function isLoopbackUrl(value: string): boolean {
  const host = URL.canParse(value) ? new URL(value).hostname : ''
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host)
}

type OutcomeTarget = Extract<GradeTarget, { kind: 'lti11-outcome' }>

/**
 * Sends one LTI 1.1 replaceResult (POX signed with the consumer key's secret and body hash).
 * Platforms answer 200 even for a failure, so success is `codeMajor` "success"; "processing" is
 * retried, anything else is final.
 */
export async function sendOutcome(
  runtime: ToolRuntime,
  item: GradeOutboxItem,
  target: OutcomeTarget,
): Promise<void> {
  const consumer = await runtime.ports.consumerKeys.find(target.consumerKey)
  if (consumer?.enabled !== true) {
    throw new DeliveryFailure(
      'the consumer key is unknown or disabled',
      false,
      undefined,
      undefined,
    )
  }
  const score = item.score.scoreGiven
  if (score === undefined)
    throw new DeliveryFailure('no score to send', false, undefined, undefined)
  const messageIdentifier = item.id
  const request = await buildOutcomeRequest({
    serviceUrl: target.serviceUrl,
    consumerKey: consumer.key,
    secret: consumer.secret,
    operation: { operation: 'replaceResult', sourcedId: target.sourcedId, score },
    messageIdentifier,
    clock: runtime.clock,
    ...(runtime.allowInsecureLoopback && isLoopbackUrl(target.serviceUrl)
      ? { dangerouslyAllowHttp: true }
      : {}),
  })
  request.headers.set('user-agent', runtime.userAgent)
  const response = await fetchUpstream(runtime, request)
  assertNotTransient(runtime, response, 'outcome service')
  // The echo of our message identifier is checked only on success: a platform that could not
  // read (or authenticate) the request answers failure without one, and that failure is the news.
  const outcome = await processOutcomeResponse(response)
  if (outcome.codeMajor === 'success' && outcome.messageRefIdentifier === messageIdentifier) return
  if (outcome.codeMajor === 'success') {
    throw new DeliveryFailure(
      'outcome service answered another message',
      false,
      response.status,
      undefined,
    )
  }
  throw new DeliveryFailure(
    `outcome service answered ${outcome.codeMajor}: ${outcome.description}`.slice(0, 500),
    outcome.codeMajor === 'processing',
    response.status,
    undefined,
  )
}
