/**
 * AGS result service: `GET {lineitem}/results`, the current result of each user who has a score,
 * rescaled onto the line item's current `scoreMaximum`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
import type { PlatformDeps } from '../config.js'
import {
  lineItemServiceUrl,
  parseResultsQuery,
  resultContainerResponse,
  SCOPE,
  storedResultToResult,
} from '../internal/core.js'
import { allowOnly } from '../internal/http.js'
import {
  answerService,
  authorizeContextCall,
  nextPageUrl,
  offsetOf,
  PAGE_SIZE,
} from '../internal/services.js'
import { storedResultOf } from './scores.js'
import { lineItemUrl, ownLineItem } from './shared.js'

/**
 * `GET {lineitem}/results` with the `result.readonly` scope, filtered by `user_id` (at most one
 * result) and paged by `limit`. Results are read-only: other methods answer 405.
 *
 * @example
 * app.get('/lti/contexts/:contextId/lineitems/:lineItemId/results', (request, p) =>
 *   handleResults(request, deps, p))
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
 */
export function handleResults(
  request: Request,
  deps: PlatformDeps,
  params: { readonly contextId: string; readonly lineItemId: string },
): Promise<Response> {
  return answerService(async () => {
    const refused = allowOnly(request, ['GET'])
    if (refused !== undefined) return refused
    const caller = await authorizeContextCall(request, deps, params.contextId, [
      SCOPE.resultReadOnly,
    ])
    const item = await ownLineItem(deps, caller, params.lineItemId)
    const url = new URL(request.url)
    const query = parseResultsQuery(url, { maxLimit: PAGE_SIZE.max })
    const offset = offsetOf(url, 'ERR_LTI_AGS_INVALID_QUERY')
    const limit = query.limit ?? PAGE_SIZE.default
    const rows = await deps.results.list(item.id, {
      offset,
      limit: limit + 1,
      ...(query.userId === undefined ? {} : { userId: query.userId }),
    })
    const scoreOf = lineItemUrl(deps, item)
    const resultsUrl = lineItemServiceUrl(scoreOf, 'results')
    const results = rows.slice(0, limit).map((record) => {
      const id = new URL(resultsUrl)
      id.searchParams.set('user_id', record.userId)
      return storedResultToResult(storedResultOf(record, item), { id: id.href, scoreOf })
    })
    return resultContainerResponse(
      results,
      rows.length > limit ? { next: nextPageUrl(resultsUrl, url, offset, limit) } : {},
    )
  })
}
