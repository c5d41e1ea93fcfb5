import { describe, expect, it } from 'vitest'
import { isUpstreamError } from '../paging/upstream-error.js'
import { scoreSchema } from './schema.js'
import {
  buildCreateLineItemRequest,
  buildDeleteLineItemRequest,
  buildGetLineItemRequest,
  buildLineItemsRequest,
  buildUpdateLineItemRequest,
  processDeleteLineItemResponse,
  processLineItemResponse,
  processLineItemsResponse,
} from './tool.js'
import {
  buildResultsRequest,
  buildScoreRequest,
  processResultsResponse,
  processScoreResponse,
} from './tool-scores.js'
import examples from './vectors/spec-examples.json' with { type: 'json' }
import tv15 from './vectors/tv15-scoring.json' with { type: 'json' }

const TOKEN = 'access-token-1'
const score = scoreSchema.parse(examples.finalScore)
const NOW = Date.parse('2024-05-01T12:00:00Z')

async function upstreamCode(run: () => Promise<unknown>): Promise<unknown> {
  const error: unknown = await run().catch((e: unknown) => e)
  if (!isUpstreamError(error)) throw new Error(`expected an UpstreamError, got ${String(error)}`)
  return {
    code: error.code,
    retryable: error.retryable,
    retryAfter: error.retryAfter,
    claim: error.claim,
  }
}

describe('buildScoreRequest', () => {
  it('POSTs the score as application/vnd.ims.lis.v1.score+json to {lineitem}/scores with the query kept', async () => {
    const request = buildScoreRequest(tv15.urls.lineItem, score, TOKEN, 'ltihub-test/1.0')
    expect(request.method).toBe('POST')
    expect(request.url).toBe(tv15.urls.scores)
    expect(request.headers.get('content-type')).toBe('application/vnd.ims.lis.v1.score+json')
    expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`)
    expect(request.headers.get('user-agent')).toBe('ltihub-test/1.0')
    expect(await request.json()).toEqual(score)
  })

  it('takes the options object too', () => {
    const request = buildScoreRequest('http://localhost:9/li/1', score, TOKEN, {
      dangerouslyAllowInsecureLoopback: true,
    })
    expect(request.url).toBe('http://localhost:9/li/1/scores')
  })

  it('refuses an invalid score as misuse (TypeError), before any network', () => {
    expect(() =>
      buildScoreRequest(tv15.urls.lineItem, { ...score, scoreGiven: -1 }, TOKEN),
    ).toThrow(TypeError)
    expect(() =>
      buildScoreRequest(tv15.urls.lineItem, { ...score, scoreMaximum: undefined }, TOKEN),
    ).toThrow(/scoreMaximum/)
  })

  it('refuses an http line item URL with ERR_LTI_INSECURE_SERVICE_URL', () => {
    expect(() => buildScoreRequest('http://lms.example/li/1', score, TOKEN)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_INSECURE_SERVICE_URL' }),
    )
  })
})

describe('processScoreResponse', () => {
  it('accepts any 2xx, with Canvas resultUrl when present', async () => {
    expect(await processScoreResponse(Response.json({ resultUrl: 'https://lms/r/1' }))).toEqual({
      status: 200,
      resultUrl: 'https://lms/r/1',
    })
    expect(await processScoreResponse(new Response(null, { status: 204 }))).toEqual({ status: 204 })
    expect(await processScoreResponse(new Response('ok', { status: 201 }))).toEqual({ status: 201 })
  })

  it.each([
    [409, {}, { code: 'ERR_LTI_UPSTREAM_CONFLICT', retryable: false, retryAfter: undefined }],
    [422, {}, { code: 'ERR_LTI_UPSTREAM_REJECTED', retryable: false, retryAfter: undefined }],
    [400, {}, { code: 'ERR_LTI_UPSTREAM_REJECTED', retryable: false, retryAfter: undefined }],
    [401, {}, { code: 'ERR_LTI_UPSTREAM_UNAUTHORIZED', retryable: true, retryAfter: undefined }],
    [
      429,
      { 'retry-after': '30' },
      { code: 'ERR_LTI_UPSTREAM_RATE_LIMITED', retryable: true, retryAfter: 30 },
    ],
    [
      503,
      { 'retry-after': 'Wed, 01 May 2024 12:02:00 GMT' },
      { code: 'ERR_LTI_UPSTREAM_UNAVAILABLE', retryable: true, retryAfter: 120 },
    ],
    [500, {}, { code: 'ERR_LTI_UPSTREAM_UNAVAILABLE', retryable: true, retryAfter: undefined }],
  ])('maps %i to a coded UpstreamError for the delivery job', async (status, headers, expected) => {
    const response = new Response('{"error":"x"}', { status, headers })
    expect(
      await upstreamCode(() => processScoreResponse(response, { clock: () => NOW })),
    ).toMatchObject(expected)
  })
})

describe('line item requests', () => {
  it('GETs the container with the filters, keeping the URL query, Accept lineitemcontainer', () => {
    const request = buildLineItemsRequest('https://lms/ctx/2/lineitems?type_id=3', TOKEN, {
      resourceLinkId: 'rl 1',
      tag: 'grade',
      resourceId: 'quiz-231',
      limit: 10,
    })
    expect(request.url).toBe(
      'https://lms/ctx/2/lineitems?type_id=3&resource_link_id=rl+1&resource_id=quiz-231&tag=grade&limit=10',
    )
    expect(request.headers.get('accept')).toBe('application/vnd.ims.lis.v2.lineitemcontainer+json')
    expect(() => buildLineItemsRequest('https://lms/li', TOKEN, { limit: 0 })).toThrow(TypeError)
  })

  it('creates with POST, lineitem media type both ways, and never sends an id', async () => {
    const request = buildCreateLineItemRequest(
      'https://lms/ctx/2/lineitems',
      { ...examples.createLineItem.request, id: 'https://lms/x' },
      TOKEN,
    )
    expect(request.method).toBe('POST')
    expect(request.headers.get('content-type')).toBe('application/vnd.ims.lis.v2.lineitem+json')
    expect(request.headers.get('accept')).toBe('application/vnd.ims.lis.v2.lineitem+json')
    expect(await request.json()).toEqual(examples.createLineItem.request)
    expect(() =>
      buildCreateLineItemRequest('https://lms/li', { label: ' ', scoreMaximum: 1 }, TOKEN),
    ).toThrow(TypeError)
  })

  it('gets, updates and deletes one line item', async () => {
    const url = examples.createLineItem.response.id
    expect(buildGetLineItemRequest(url, TOKEN).method).toBe('GET')
    const put = buildUpdateLineItemRequest(url, examples.createLineItem.response, TOKEN)
    expect(put.method).toBe('PUT')
    expect(await put.json()).toEqual(examples.createLineItem.response)
    expect(buildDeleteLineItemRequest(url, TOKEN).method).toBe('DELETE')
  })

  it('reads a container page and its next link, resolved against the response URL', async () => {
    const response = Response.json([examples.createLineItem.response], {
      headers: {
        'content-type': 'application/vnd.ims.lis.v2.lineitemcontainer+json',
        link: '</ctx/2/lineitems?page=2>; rel="next"',
      },
    })
    Object.defineProperty(response, 'url', { value: 'https://lms/ctx/2/lineitems' })
    const page = await processLineItemsResponse(response)
    expect(page.lineItems).toEqual([examples.createLineItem.response])
    expect(page.next).toBe('https://lms/ctx/2/lineitems?page=2')
  })

  it.each([
    ['an object instead of an array', Response.json({ items: [] }), ''],
    [
      'an item without label',
      Response.json([{ id: 'https://lms/li/1', scoreMaximum: 1 }]),
      '[0].label',
    ],
    [
      'an HTML page',
      new Response('<html>', { headers: { 'content-type': 'text/html' } }),
      'Content-Type',
    ],
  ])('refuses %s with ERR_LTI_UPSTREAM_INVALID_RESPONSE', async (_name, response, claim) => {
    expect(await upstreamCode(() => processLineItemsResponse(response))).toMatchObject({
      code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
      retryable: false,
      claim: claim === '' ? undefined : claim,
    })
  })

  it('requires the id on a returned line item', async () => {
    const created = Response.json(examples.createLineItem.response, { status: 201 })
    expect(await processLineItemResponse(created)).toEqual(examples.createLineItem.response)
    expect(
      await upstreamCode(() =>
        processLineItemResponse(Response.json(examples.createLineItem.request)),
      ),
    ).toMatchObject({
      code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
      claim: 'id',
    })
  })

  it('accepts 200/204 after DELETE and maps 404', async () => {
    await expect(
      processDeleteLineItemResponse(new Response(null, { status: 204 })),
    ).resolves.toBeUndefined()
    expect(
      await upstreamCode(() => processDeleteLineItemResponse(new Response(null, { status: 404 }))),
    ).toMatchObject({
      code: 'ERR_LTI_UPSTREAM_REJECTED',
    })
  })
})

describe('results requests', () => {
  it('derives {lineitem}/results keeping the query, then user_id (TV-15)', () => {
    const request = buildResultsRequest(tv15.urls.lineItem, TOKEN, { userId: 'u1' })
    expect(request.url).toBe(tv15.urls.resultsForUser)
    expect(request.headers.get('accept')).toBe('application/vnd.ims.lis.v2.resultcontainer+json')
  })

  it('reads the spec result container', async () => {
    const response = Response.json(examples.resultContainer, {
      headers: { 'content-type': 'application/vnd.ims.lis.v2.resultcontainer+json' },
    })
    expect((await processResultsResponse(response)).results).toEqual(examples.resultContainer)
  })

  it('refuses a result without userId', async () => {
    const response = Response.json([{ id: 'https://lms/r/1', scoreOf: 'https://lms/li/1' }])
    expect(await upstreamCode(() => processResultsResponse(response))).toMatchObject({
      code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
      claim: '[0].userId',
    })
  })
})
