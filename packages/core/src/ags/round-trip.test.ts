/**
 * Tool ↔ platform round trip for AGS, entirely through web Request/Response: the tool side uses
 * the request builders and response processors, the platform side a tiny handler built on the
 * platform parsers. No sockets.
 */
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import { isUpstreamError } from '../paging/upstream-error.js'
import { checkLineItemUpdate, parseLineItemRequest, parseScoreRequest } from './platform.js'
import {
  lineItemContainerResponse,
  lineItemResponse,
  resultContainerResponse,
} from './platform-responses.js'
import { parseLineItemsQuery, parseResultsQuery } from './query.js'
import type { LineItem } from './schema.js'
import { applyScore, type StoredResult, storedResultToResult } from './scoring.js'
import {
  buildCreateLineItemRequest,
  buildUpdateLineItemRequest,
  fetchAllLineItems,
  processLineItemResponse,
} from './tool.js'
import { buildScoreRequest, fetchAllResults, processScoreResponse } from './tool-scores.js'
import { lineItemUrlOf } from './url.js'

const ORIGIN = 'https://lms.example'
const CONTAINER = `${ORIGIN}/mod/lti/services.php/2/lineitems?type_id=3`
const TOKEN = 'granted-token'

/** A platform with Moodle-shaped URLs (`…/lineitems/7/lineitem?type_id=3`). */
function createPlatform() {
  const items: LineItem[] = []
  const results = new Map<string, StoredResult>()
  const requests: Request[] = []

  const findItem = (url: string) => {
    const clean = new URL(url)
    for (const name of ['user_id', 'limit', 'page']) clean.searchParams.delete(name)
    return items.find((item) => item.id === clean.href)
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const path = url.pathname
    if (path.endsWith('/lineitems') && request.method === 'POST') {
      const created = await parseLineItemRequest(request, 'create')
      const id = `${ORIGIN}/mod/lti/services.php/2/lineitems/${items.length + 1}/lineitem?type_id=3`
      const item = { ...created, id }
      items.push(item)
      return lineItemResponse(item, 201)
    }
    if (path.endsWith('/lineitems') && request.method === 'GET') {
      const query = parseLineItemsQuery(url, { maxLimit: 50 })
      const matching = items.filter((item) => query.tag === undefined || item.tag === query.tag)
      const limit = query.limit ?? 50
      const page = Number(url.searchParams.get('page') ?? '0')
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      const more = (page + 1) * limit < matching.length
      return lineItemContainerResponse(
        matching.slice(page * limit, (page + 1) * limit),
        more ? { next: next.href } : {},
      )
    }
    const scoresOf = lineItemUrlOf(url, 'scores')
    if (scoresOf !== undefined) {
      if (request.method !== 'POST') return new Response(null, { status: 405 })
      const item = findItem(scoresOf)
      if (item === undefined) return new Response(null, { status: 404 })
      const score = await parseScoreRequest(request)
      const key = `${item.id} ${score.userId}`
      results.set(key, applyScore(score, results.get(key), item))
      return new Response(null, { status: 204 })
    }
    const resultsOf = lineItemUrlOf(url, 'results')
    if (resultsOf !== undefined) {
      const item = findItem(resultsOf)
      if (item?.id === undefined) return new Response(null, { status: 404 })
      const { userId } = parseResultsQuery(url)
      const rows = [...results.entries()]
        .filter(([key]) => key.startsWith(`${item.id} `))
        .map(([, row]) => row)
        .filter((row) => userId === undefined || row.userId === userId)
      const scoreOf = item.id
      return resultContainerResponse(
        rows.map((row) =>
          storedResultToResult(row, { id: `${ORIGIN}/results/${row.userId}`, scoreOf }),
        ),
      )
    }
    const item = findItem(url.href)
    if (item !== undefined && request.method === 'PUT') {
      const update = checkLineItemUpdate(item, await parseLineItemRequest(request, 'update'))
      items[items.indexOf(item)] = update
      return lineItemResponse(update)
    }
    return new Response(null, { status: 404 })
  }

  async function fetch(request: Request): Promise<Response> {
    requests.push(request.clone())
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`)
      return new Response(null, { status: 401 })
    try {
      return await route(request)
    } catch (error) {
      if (isLtiError(error)) return Response.json(error.toProblem(), { status: error.status })
      throw error
    }
  }

  return { fetch, items, results, requests }
}

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

const score = (timestamp: string, scoreGiven?: number) => ({
  userId: 'learner-1',
  timestamp,
  activityProgress: 'Completed' as const,
  gradingProgress: 'FullyGraded' as const,
  ...(scoreGiven === undefined ? {} : { scoreGiven, scoreMaximum: 3 }),
})

describe('AGS round trip through Request/Response', () => {
  it('creates a line item, posts scores, reads the rescaled result', async () => {
    const platform = createPlatform()
    const created = await processLineItemResponse(
      await platform.fetch(
        buildCreateLineItemRequest(
          CONTAINER,
          { label: 'Quiz', scoreMaximum: 6, tag: 'grade' },
          TOKEN,
        ),
      ),
    )
    expect(created.id).toBe(`${ORIGIN}/mod/lti/services.php/2/lineitems/1/lineitem?type_id=3`)
    const lineItemUrl = created.id ?? ''

    const outcome = await processScoreResponse(
      await platform.fetch(
        buildScoreRequest(lineItemUrl, score('2024-01-01T00:00:01.000Z', 1), TOKEN, 'tool/1'),
      ),
    )
    expect(outcome.status).toBe(204)
    expect(platform.requests.at(-1)?.url).toBe(
      `${ORIGIN}/mod/lti/services.php/2/lineitems/1/lineitem/scores?type_id=3`,
    )

    const results = []
    for await (const result of fetchAllResults(lineItemUrl, TOKEN, {
      fetch: platform.fetch,
      filter: { userId: 'learner-1' },
    })) {
      results.push(result)
    }
    expect(results).toEqual([
      {
        id: `${ORIGIN}/results/learner-1`,
        scoreOf: lineItemUrl,
        userId: 'learner-1',
        resultScore: 2,
        resultMaximum: 6,
      },
    ])
  })

  it('answers a stale or repeated timestamp with 409, which the tool sees as a non-retryable conflict', async () => {
    const platform = createPlatform()
    const item = await processLineItemResponse(
      await platform.fetch(
        buildCreateLineItemRequest(CONTAINER, { label: 'Quiz', scoreMaximum: 3 }, TOKEN),
      ),
    )
    const url = item.id ?? ''
    await processScoreResponse(
      await platform.fetch(buildScoreRequest(url, score('2024-01-01T00:00:02Z', 3), TOKEN)),
    )
    for (const timestamp of ['2024-01-01T00:00:01Z', '2024-01-01T00:00:02.000+00:00']) {
      const response = await platform.fetch(buildScoreRequest(url, score(timestamp, 1), TOKEN))
      expect(response.status).toBe(409)
      const error: unknown = await processScoreResponse(response).catch((e: unknown) => e)
      expect(
        isUpstreamError(error) && error.code === 'ERR_LTI_UPSTREAM_CONFLICT' && !error.retryable,
      ).toBe(true)
    }
    expect([...platform.results.values()][0]?.resultScore).toBe(3)
  })

  it('answers an invalid score with 400 and a bad token with 401, both coded on the tool side', async () => {
    const platform = createPlatform()
    const item = await processLineItemResponse(
      await platform.fetch(
        buildCreateLineItemRequest(CONTAINER, { label: 'Quiz', scoreMaximum: 3 }, TOKEN),
      ),
    )
    const scoresUrl = `${ORIGIN}/mod/lti/services.php/2/lineitems/1/lineitem/scores?type_id=3`
    const invalid = new Request(scoresUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        userId: 'learner-1',
        scoreGiven: 1,
        timestamp: '2024-01-01T00:00:00Z',
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      }),
    })
    const rejected = await platform.fetch(invalid)
    expect(rejected.status).toBe(400)
    expect(await rejected.clone().json()).toMatchObject({
      code: 'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED',
      claim: 'scoreMaximum',
    })
    await expect(processScoreResponse(rejected)).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_REJECTED',
      upstreamStatus: 400,
    })

    const unauthorized = await platform.fetch(
      buildScoreRequest(item.id ?? '', score('2024-01-01T00:00:03Z', 1), 'stale'),
    )
    await expect(processScoreResponse(unauthorized)).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_UNAUTHORIZED',
      retryable: true,
    })
  })

  it('pages through the container with rel="next" and the tag filter', async () => {
    const platform = createPlatform()
    for (let n = 1; n <= 5; n++) {
      await platform.fetch(
        buildCreateLineItemRequest(
          CONTAINER,
          { label: `Item ${n}`, scoreMaximum: n, tag: n % 2 ? 'odd' : 'even' },
          TOKEN,
        ),
      )
    }
    const all: LineItem[] = []
    for await (const item of fetchAllLineItems(CONTAINER, TOKEN, {
      fetch: platform.fetch,
      filter: { limit: 2 },
    }))
      all.push(item)
    expect(all.map((item) => item.label)).toEqual([
      'Item 1',
      'Item 2',
      'Item 3',
      'Item 4',
      'Item 5',
    ])
    expect(platform.requests.filter((r) => r.method === 'GET')).toHaveLength(3)

    const odd: LineItem[] = []
    for await (const item of fetchAllLineItems(CONTAINER, TOKEN, {
      fetch: platform.fetch,
      filter: { tag: 'odd', limit: 1 },
    }))
      odd.push(item)
    expect(odd.map((item) => item.label)).toEqual(['Item 1', 'Item 3', 'Item 5'])

    const capped = fetchAllLineItems(CONTAINER, TOKEN, {
      fetch: platform.fetch,
      filter: { limit: 1 },
      maxPages: 3,
    })
    await expect(drain(capped)).rejects.toMatchObject({ code: 'ERR_LTI_PAGING_TOO_MANY_PAGES' })
  })

  it('updates a line item with PUT but refuses a changed resourceLinkId', async () => {
    const platform = createPlatform()
    const item = await processLineItemResponse(
      await platform.fetch(
        buildCreateLineItemRequest(
          CONTAINER,
          { label: 'Quiz', scoreMaximum: 3, resourceLinkId: 'rl-1' },
          TOKEN,
        ),
      ),
    )
    const url = item.id ?? ''
    const updated = await processLineItemResponse(
      await platform.fetch(
        buildUpdateLineItemRequest(url, { ...item, label: 'Quiz (final)' }, TOKEN),
      ),
    )
    expect(updated).toMatchObject({ id: url, label: 'Quiz (final)', resourceLinkId: 'rl-1' })
    const moved = await platform.fetch(
      buildUpdateLineItemRequest(url, { ...item, resourceLinkId: 'rl-2' }, TOKEN),
    )
    expect(moved.status).toBe(400)
    expect(await moved.json()).toMatchObject({
      code: 'ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD',
      claim: 'resourceLinkId',
    })
  })
})
