import { LtiError, type LtiErrorOptions } from '../errors/lti-error.js'
import type { Clock } from '../internal/clock.js'
import { systemClock } from '../internal/clock.js'
import { readBoundedText } from '../internal/bounded-body.js'
import { mediaTypeMatches, parseJson } from '../internal/services-http.js'

/** The codes an `UpstreamError` carries. */
export type UpstreamErrorCode =
  | 'ERR_LTI_UPSTREAM_REJECTED'
  | 'ERR_LTI_UPSTREAM_UNAUTHORIZED'
  | 'ERR_LTI_UPSTREAM_CONFLICT'
  | 'ERR_LTI_UPSTREAM_RATE_LIMITED'
  | 'ERR_LTI_UPSTREAM_UNAVAILABLE'
  | 'ERR_LTI_UPSTREAM_INVALID_RESPONSE'

export interface UpstreamErrorOptions extends LtiErrorOptions {
  /** The status the platform answered with; 0 when no response arrived. */
  readonly upstreamStatus: number
  /** Whether sending the same request again later can succeed. */
  readonly retryable: boolean
  /** Seconds to wait before retrying, from `Retry-After`, when the platform sent one. */
  readonly retryAfter?: number | undefined
}

/**
 * A platform service answered badly. A delivery job decides on `retryable` and `retryAfter`:
 * 429, 5xx, 408 and network failures are retryable; 401 is retryable once with a fresh access
 * token; 409 (a stale score), 4xx and unusable bodies are not and belong in a dead-letter queue.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
export class UpstreamError extends LtiError {
  override readonly code: UpstreamErrorCode
  readonly upstreamStatus: number
  readonly retryable: boolean
  readonly retryAfter: number | undefined

  constructor(code: UpstreamErrorCode, options: UpstreamErrorOptions) {
    super(code, options)
    this.code = code
    this.upstreamStatus = options.upstreamStatus
    this.retryable = options.retryable
    this.retryAfter = options.retryAfter
  }
}

/** Narrows an unknown value to an `UpstreamError`. */
export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError
}

/** How much of an error body is kept (privately) for the log. */
const ERROR_BODY_BYTES = 2048

/**
 * Reads `Retry-After` (delay-seconds or an HTTP-date) as whole seconds from now, or undefined.
 * @see https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
 */
export function parseRetryAfter(
  value: string | null,
  clock: Clock = systemClock,
): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date) || !/[A-Za-z]/.test(trimmed)) return undefined
  return Math.max(0, Math.ceil((date - clock()) / 1000))
}

function classify(status: number): { code: UpstreamErrorCode; retryable: boolean } {
  if (status === 401) return { code: 'ERR_LTI_UPSTREAM_UNAUTHORIZED', retryable: true }
  if (status === 403) return { code: 'ERR_LTI_UPSTREAM_UNAUTHORIZED', retryable: false }
  if (status === 409) return { code: 'ERR_LTI_UPSTREAM_CONFLICT', retryable: false }
  if (status === 429) return { code: 'ERR_LTI_UPSTREAM_RATE_LIMITED', retryable: true }
  if (status === 408 || (status >= 500 && status !== 501 && status <= 599)) {
    return { code: 'ERR_LTI_UPSTREAM_UNAVAILABLE', retryable: true }
  }
  if (status >= 400 && status <= 599) return { code: 'ERR_LTI_UPSTREAM_REJECTED', retryable: false }
  // 1xx, 3xx (redirects are never followed with a bearer token) and anything else.
  return { code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE', retryable: false }
}

/** A short, private description of an error body: the RFC 6749/7591 `error` pair when JSON. */
async function describeBody(response: Response): Promise<string> {
  const text = (await readBoundedText(response, ERROR_BODY_BYTES)) ?? '(oversize body)'
  const parsed = parseJson(text)
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
    const { error, error_description: description } = parsed.value as Record<string, unknown>
    if (typeof error === 'string') {
      return `error=${error}${typeof description === 'string' ? ` (${description.slice(0, 300)})` : ''}`
    }
  }
  return text.slice(0, 500)
}

/**
 * The `UpstreamError` for a response that is not 2xx. Reads at most 2 KiB of the body into the
 * private `detail`.
 */
export async function upstreamErrorFor(
  response: Response,
  clock: Clock = systemClock,
): Promise<UpstreamError> {
  const { code, retryable } = classify(response.status)
  const location = response.headers.get('location')
  const body = await describeBody(response)
  return new UpstreamError(code, {
    upstreamStatus: response.status,
    retryable,
    retryAfter: parseRetryAfter(response.headers.get('retry-after'), clock),
    detail: `HTTP ${response.status}${location === null ? '' : ` redirect to ${location}`}: ${body}`,
  })
}

/** Throws the matching `UpstreamError` unless the response is 2xx. */
export async function assertOk(response: Response, clock: Clock = systemClock): Promise<void> {
  if (response.status < 200 || response.status > 299) throw await upstreamErrorFor(response, clock)
}

/** How a tool reads a JSON body from a platform service. */
export interface ResponseJsonOptions {
  /** Media types accepted in the response Content-Type; a missing Content-Type is tolerated. */
  readonly accept: readonly string[]
  readonly maxBytes: number
}

function invalidResponse(status: number, detail: string, claim?: string): UpstreamError {
  return new UpstreamError('ERR_LTI_UPSTREAM_INVALID_RESPONSE', {
    upstreamStatus: status,
    retryable: false,
    detail,
    ...(claim === undefined ? {} : { claim }),
  })
}

/**
 * Reads the JSON body of a 2xx service response: media type, size and syntax. Every failure is
 * `ERR_LTI_UPSTREAM_INVALID_RESPONSE` (not retryable).
 */
export async function readResponseJson(
  response: Response,
  options: ResponseJsonOptions,
): Promise<unknown> {
  const contentType = response.headers.get('content-type')
  if (contentType !== null && !mediaTypeMatches(contentType, options.accept)) {
    await response.body?.cancel()
    throw invalidResponse(response.status, `Content-Type ${contentType}`, 'Content-Type')
  }
  const text = await readBoundedText(response, options.maxBytes)
  if (text === undefined) {
    throw invalidResponse(response.status, `body over ${options.maxBytes} bytes`)
  }
  const parsed = parseJson(text)
  if (!parsed.ok) throw invalidResponse(response.status, 'body is not JSON')
  return parsed.value
}

/** Wraps a schema failure on a platform response as a non-retryable invalid response. */
export function invalidResponseError(status: number, claim: string, detail: string): UpstreamError {
  return invalidResponse(status, detail, claim === '' ? undefined : claim)
}
