import { readBoundedText } from '../internal/bounded-body.js'
import { assertValid, isJsonObject, parseJson } from '../internal/services-http.js'
import { type FollowPagesOptions, followPages } from '../paging/follow.js'
import type { ParsedLink } from '../paging/link-header.js'
import {
  buildServiceRequest,
  secureServiceUrl,
  type ServiceRequestOptions,
} from '../paging/service-request.js'
import { processServiceJson, type ServiceResponseOptions } from '../paging/service-response.js'
import { assertOk } from '../paging/upstream-error.js'
import { AGS_ACCEPTED_MEDIA_TYPES, AGS_MEDIA_TYPE } from './media-types.js'
import { type Result, resultContainerSchema, type Score, scoreSchema } from './schema.js'
import { setParam } from './tool.js'
import { lineItemServiceUrl } from './url.js'

/**
 * `POST {lineitem}/scores` with `Content-Type: application/vnd.ims.lis.v1.score+json` (v1) and
 * the bearer token. The scores URL keeps the line item URL's query string. The last argument is
 * either the tool's User-Agent or the full options.
 * Throws `TypeError` when the score is invalid (the tool's own bug: fix it, do not retry).
 *
 * @example
 * const request = buildScoreRequest(claim.lineitem, {
 *   userId: '5323497', scoreGiven: 83, scoreMaximum: 100, activityProgress: 'Completed',
 *   gradingProgress: 'FullyGraded', timestamp: new Date().toISOString(),
 * }, accessToken, 'my-tool/1.0')
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function buildScoreRequest(
  lineItemUrl: string,
  score: Score,
  accessToken: string,
  options: string | ServiceRequestOptions = {},
): Request {
  const settings = typeof options === 'string' ? { userAgent: options } : options
  const body = JSON.stringify(assertValid(scoreSchema, score, 'score'))
  return buildServiceRequest(
    lineItemServiceUrl(secureServiceUrl(lineItemUrl, settings), 'scores'),
    { method: 'POST', contentType: AGS_MEDIA_TYPE.score, body, accessToken },
    settings,
  )
}

/** What a platform said to an accepted score. */
export interface ScoreOutcome {
  /** 200, 201, 202 or 204: the spec leaves the success code open; any 2xx is success. */
  readonly status: number
  /** Canvas answers `{"resultUrl": …}`; other platforms send nothing. */
  readonly resultUrl?: string
}

/** Largest score response body read (it is optional and small). */
const SCORE_RESPONSE_BYTES = 65_536

/**
 * Checks the answer to a score POST. Any 2xx is success. Failures are `UpstreamError`s a delivery
 * job can act on: 409 (`ERR_LTI_UPSTREAM_CONFLICT`, a stale timestamp: dead-letter), 400/404/422
 * (`ERR_LTI_UPSTREAM_REJECTED`: dead-letter), 429 and 5xx (`…_RATE_LIMITED`, `…_UNAVAILABLE`:
 * retry, honouring `retryAfter`), 401 (`…_UNAUTHORIZED`: retry once with a new token).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function processScoreResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<ScoreOutcome> {
  await assertOk(response, options.clock)
  const text = (await readBoundedText(response, SCORE_RESPONSE_BYTES)) ?? ''
  const parsed = parseJson(text)
  const resultUrl =
    parsed.ok && isJsonObject(parsed.value) && typeof parsed.value['resultUrl'] === 'string'
      ? parsed.value['resultUrl']
      : undefined
  return { status: response.status, ...(resultUrl === undefined ? {} : { resultUrl }) }
}

/** Filters of `GET {lineitem}/results`. */
export interface ResultsFilter {
  /** Only this user's result (at most one). */
  readonly userId?: string | undefined
  readonly limit?: number | undefined
}

/** One page of the result container. */
export interface ResultsPage {
  readonly results: readonly Result[]
  readonly next?: string
  readonly links: readonly ParsedLink[]
}

/**
 * `GET {lineitem}/results` (query of the line item URL kept, then `user_id`, `limit`) with
 * `Accept: application/vnd.ims.lis.v2.resultcontainer+json`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export function buildResultsRequest(
  lineItemUrl: string,
  accessToken: string,
  filter: ResultsFilter = {},
  options: ServiceRequestOptions = {},
): Request {
  const url = new URL(lineItemServiceUrl(secureServiceUrl(lineItemUrl, options), 'results'))
  setParam(url, 'user_id', filter.userId)
  setParam(url, 'limit', filter.limit)
  return buildServiceRequest(
    url,
    { method: 'GET', accept: AGS_MEDIA_TYPE.resultContainer, accessToken },
    options,
  )
}

/**
 * Reads one page of the result container (a JSON array) and its `rel="next"` link.
 * @throws UpstreamError for a non-2xx status or an unusable body.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export async function processResultsResponse(
  response: Response,
  options: ServiceResponseOptions = {},
): Promise<ResultsPage> {
  const page = await processServiceJson(
    response,
    AGS_ACCEPTED_MEDIA_TYPES.resultContainer,
    resultContainerSchema,
    options,
  )
  return {
    results: page.body,
    links: page.links,
    ...(page.next === undefined ? {} : { next: page.next }),
  }
}

/** Options of {@link fetchAllResults}. */
export interface FetchResultsOptions
  extends FollowPagesOptions, ServiceRequestOptions, ServiceResponseOptions {
  readonly filter?: ResultsFilter | undefined
}

/**
 * Every result of a line item, following `rel="next"` across pages (page limit, same-origin
 * https links only).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export async function* fetchAllResults(
  lineItemUrl: string,
  accessToken: string,
  options: FetchResultsOptions = {},
): AsyncGenerator<Result, void, undefined> {
  const first = buildResultsRequest(lineItemUrl, accessToken, options.filter, options)
  const next = (url: string) =>
    buildServiceRequest(
      url,
      { method: 'GET', accept: AGS_MEDIA_TYPE.resultContainer, accessToken },
      options,
    )
  const pages = followPages(first, next, (r) => processResultsResponse(r, options), options)
  for await (const page of pages) yield* page.results
}
