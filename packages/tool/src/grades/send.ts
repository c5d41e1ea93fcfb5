import { accessToken, assertNotTransient } from '../internal/access-token.js'
import { isLoopbackUrl } from '../internal/address.js'
import {
  buildOutcomeRequest,
  buildScoreRequest,
  isUpstreamError,
  processOutcomeResponse,
  processScoreResponse,
  SCOPE,
} from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { fetchUpstream } from '../internal/upstream.js'
import type { GradeOutboxItem, GradeTarget, PlatformRegistration } from '../records.js'
import { DeliveryFailure } from './policy.js'

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
const isLoopbackTarget = (value: string): boolean =>
  URL.canParse(value) && isLoopbackUrl(new URL(value))

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
    ...(runtime.allowInsecureLoopback && isLoopbackTarget(target.serviceUrl)
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
