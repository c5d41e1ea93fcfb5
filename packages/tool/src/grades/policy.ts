import { isUpstreamError } from '../internal/core.js'

/** How the delivery worker retries. Every field has a documented default. */
export interface RetryPolicy {
  /** Attempts before an item goes to the dead letters. Default 8. */
  readonly maxAttempts: number
  /** Delay after the first failure; doubles each attempt. Default 30 s. */
  readonly baseDelayMs: number
  /** Longest backoff delay. Default 6 h. */
  readonly maxDelayMs: number
  /** Longest `Retry-After` honoured (a larger one is capped). Default 24 h. */
  readonly maxRetryAfterMs: number
  /** Deliveries in flight at once per platform. Default 2. */
  readonly concurrencyPerPlatform: number
  /**
   * A `delivering` item is claimable again after this long (a crashed worker). Default 2 min;
   * keep it above the tool's `serviceTimeoutMs` times the requests of one attempt (up to four).
   */
  readonly leaseMs: number
  /** Uniform random number in [0, 1) for jitter; tests inject a fixed one. */
  readonly random: () => number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  maxRetryAfterMs: 24 * 3_600_000,
  concurrencyPerPlatform: 2,
  leaseMs: 120_000,
  random: Math.random,
}

/** A failed delivery attempt, classified. `status` 0 means no HTTP answer (network). */
export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure'
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message)
  }
}

/**
 * Whether a failure concerns the whole platform rather than one score: rate limiting (429), a
 * platform down (503) or not answering at all (0: unreachable or timed out). Its other grades
 * wait for the same backoff instead of each failing in turn.
 */
export function isPlatformWide(failure: DeliveryFailure): boolean {
  return (
    failure.retryable && (failure.status === 0 || failure.status === 429 || failure.status === 503)
  )
}

/**
 * Whether an HTTP status is worth retrying: timeouts, too early, rate limiting and server errors
 * may heal; every other 4xx (400, 401 after a fresh token, 403, 404, 409 stale score, 422) will not.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 425 || status === 429 || status >= 500
}

/** An abort or timeout of the call itself: the platform may have heard us, so retry. */
function isAbandoned(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

/** Classifies whatever one attempt threw. */
export function classifyFailure(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error
  if (isAbandoned(error)) {
    // Thrown while reading an answer's body: the request's own timeout cut it off.
    return new DeliveryFailure(`abandoned: ${(error as Error).message}`, true, 0, undefined)
  }
  if (isUpstreamError(error)) {
    const status = error.upstreamStatus
    const retryAfterMs = error.retryAfter === undefined ? undefined : error.retryAfter * 1000
    return new DeliveryFailure(
      `${error.code}: ${error.detail ?? error.description}`,
      isRetryableStatus(status),
      status,
      retryAfterMs,
    )
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const detail =
    typeof error === 'object' && error !== null && 'detail' in error
      ? ` (${String(error.detail)})`
      : ''
  // Anything else (a rejected token request, an invalid score, an unparseable answer) will fail
  // the same way again: dead-letter it for a person to look at.
  return new DeliveryFailure(`${message}${detail}`.slice(0, 1000), false, undefined, undefined)
}

/**
 * The wait before the next attempt: exponential (base × 2^(attempts−1), capped) with "equal
 * jitter" (half fixed, half random) so retries of many items spread out, and never shorter than
 * the platform's `Retry-After`.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempts: number,
  retryAfterMs: number | undefined,
): number {
  const exponential = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, attempts - 1),
  )
  const jittered = exponential / 2 + (exponential / 2) * policy.random()
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, policy.maxRetryAfterMs)
  return Math.round(Math.max(jittered, floor))
}
