import { accessToken, assertNotTransient } from '../internal/access-token.js'
import { isLoopbackUrl } from '../internal/address.js'
import {
  buildOutcomeRequest,
  buildResultsRequest,
  buildScoreRequest,
  isUpstreamError,
  processOutcomeResponse,
  processResultsResponse,
  processScoreResponse,
  SCOPE,
} from '../internal/core.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { fetchUpstream } from '../internal/upstream.js'
import type { GradeOutboxItem, GradeTarget, PlatformRegistration } from '../records.js'
import { DeliveryFailure } from './policy.js'

type AgsTarget = Extract<GradeTarget, { kind: 'ags' }>

/**
 * How a send ended well: `sent`, or `already-held` when the platform showed it holds this score
 * already (an earlier attempt reached it and its answer was lost).
 */
export type SendOutcome = 'sent' | 'already-held'

const serviceOptions = (runtime: ToolRuntime) => ({
  userAgent: runtime.userAgent,
  ...(runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}),
})

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
    serviceOptions(runtime),
  )
  await processScoreResponse(await fetchUpstream(runtime, request), { clock: runtime.clock })
}

const sameRatio = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, a, b)

/**
 * Whether the platform's result for the learner, read back through the results service, is the
 * score this item carries. False whenever it cannot tell (no `result.readonly` scope, no score,
 * any failure): the read-back only ever turns a refusal into a success, never the reverse.
 */
async function resultMatches(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  item: GradeOutboxItem,
  target: AgsTarget,
): Promise<boolean> {
  const { scoreGiven, scoreMaximum } = item.score
  if (scoreGiven === undefined || scoreMaximum === undefined || scoreMaximum <= 0) return false
  try {
    const token = await accessToken(runtime, registration, target.deploymentId, [
      SCOPE.resultReadOnly,
    ])
    const request = buildResultsRequest(
      target.lineItemUrl,
      token.accessToken,
      { userId: target.userId },
      serviceOptions(runtime),
    )
    const page = await processResultsResponse(await fetchUpstream(runtime, request), {
      clock: runtime.clock,
    })
    const result = page.results.find((candidate) => candidate.userId === target.userId)
    if (typeof result?.resultScore !== 'number') return false
    // Platforms may scale a result to their own maximum: compare the fractions.
    const maximum = result.resultMaximum ?? 1
    return sameRatio(result.resultScore / maximum, scoreGiven / scoreMaximum)
  } catch {
    return false
  }
}

/**
 * A 409 says the platform holds a score with this timestamp or a later one. The tool sends one
 * timestamp per score and only ever later ones for the same learner, so after an attempt whose
 * answer was lost (a timeout, a crash) the score is there: delivered. On a first attempt the
 * results service decides when the platform lets the tool read it.
 */
async function alreadyHeld(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  item: GradeOutboxItem,
  target: AgsTarget,
): Promise<boolean> {
  if (item.attempts > 0 || item.resumed === true) return true
  return resultMatches(runtime, registration, item, target)
}

const isConflict = (error: unknown): boolean =>
  isUpstreamError(error) && error.upstreamStatus === 409

/**
 * Sends one AGS score. A 401 may only mean the cached token expired early: the token is dropped
 * and the score sent once more with a fresh one; a second 401 is final. A 409 that shows the
 * platform holds this very score already is a success (`already-held`), never a dead letter.
 */
export async function sendAgsScore(
  runtime: ToolRuntime,
  item: GradeOutboxItem,
  target: AgsTarget,
): Promise<SendOutcome> {
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
    await postWithFreshTokenOn401(runtime, registration, item, target)
    return 'sent'
  } catch (error) {
    if (isConflict(error) && (await alreadyHeld(runtime, registration, item, target))) {
      return 'already-held'
    }
    throw error
  }
}

async function postWithFreshTokenOn401(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  item: GradeOutboxItem,
  target: AgsTarget,
): Promise<void> {
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
 * retried, anything else is final. replaceResult is idempotent (it sets, never adds), so resending
 * after a lost answer is harmless and needs no read-back.
 */
export async function sendOutcome(
  runtime: ToolRuntime,
  item: GradeOutboxItem,
  target: OutcomeTarget,
): Promise<SendOutcome> {
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
  if (outcome.codeMajor === 'success' && outcome.messageRefIdentifier === messageIdentifier) {
    return 'sent'
  }
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
