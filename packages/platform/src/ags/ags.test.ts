import { beforeEach, describe, expect, it } from 'vitest'
import { SCOPE } from '../internal/core.js'
import { createTestTool, type TestTool } from '../testing/test-tool.js'
import {
  createWorld,
  FOREIGN_CONTEXT,
  PLATFORM_BASE,
  type World,
  WORLD_CONTEXT,
  WORLD_LINK,
  worldConnection,
} from '../testing/world.js'
import { handleLineItem, handleLineItemContainer } from './line-items.js'
import { handleResults } from './results.js'
import { handleScores } from './scores.js'

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json'
const SCORE = 'application/vnd.ims.lis.v1.score+json'
const ALL_AGS = [SCOPE.lineItem, SCOPE.resultReadOnly, SCOPE.score]
const CONTAINER = `${PLATFORM_BASE}/lti/contexts/${WORLD_CONTEXT.id}/lineitems`

let world: World
let tool: TestTool
let token: string

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
  token = await tool.accessToken(ALL_AGS)
})

const ctx = { contextId: WORLD_CONTEXT.id }

function send(
  url: string,
  method: string,
  body?: unknown,
  contentType = LINE_ITEM,
  bearer = token,
) {
  return tool.serviceRequest(url, bearer, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': contentType },
        }),
  })
}

async function problem(response: Response) {
  return { status: response.status, ...((await response.json()) as { code?: string }) }
}

async function createItem(body: Record<string, unknown> = {}) {
  const response = await handleLineItemContainer(
    send(CONTAINER, 'POST', { label: 'Quiz 7', scoreMaximum: 10, ...body }),
    world.deps,
    ctx,
  )
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string }
}

const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1)
const itemParams = (url: string) => ({ contextId: WORLD_CONTEXT.id, lineItemId: idOf(url) })

function score(extra: Record<string, unknown> = {}) {
  return {
    userId: 'u-student',
    scoreGiven: 83,
    scoreMaximum: 100,
    timestamp: '2025-01-15T09:00:00.100Z',
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    comment: 'Great work',
    ...extra,
  }
}

async function postScore(lineItemUrl: string, body: unknown, bearer = token) {
  return handleScores(
    send(`${lineItemUrl}/scores`, 'POST', body, SCORE, bearer),
    world.deps,
    itemParams(lineItemUrl),
  )
}

describe('line item container', () => {
  it('creates a line item (201, id, Location) bound to the link assignment, and lists it', async () => {
    const response = await handleLineItemContainer(
      send(CONTAINER, 'POST', {
        label: 'Chapter 5 Test',
        scoreMaximum: 60,
        resourceId: 'quiz-231',
        tag: 'grade',
        resourceLinkId: WORLD_LINK.id,
        startDateTime: '2025-03-06T20:05:02Z',
        'https://tool.example.com/ext': { a: 1 },
        unknownField: 'dropped',
      }),
      world.deps,
      ctx,
    )
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe(LINE_ITEM)
    const created = (await response.json()) as Record<string, unknown>
    expect(created).toEqual({
      id: `${CONTAINER}/li-1`,
      label: 'Chapter 5 Test',
      scoreMaximum: 60,
      resourceId: 'quiz-231',
      tag: 'grade',
      resourceLinkId: WORLD_LINK.id,
      startDateTime: '2025-03-06T20:05:02Z',
      'https://tool.example.com/ext': { a: 1 },
    })
    expect(response.headers.get('location')).toBe(created.id)
    expect(world.lineItems.items.get('li-1')?.assignmentId).toBe('asg-quiz-7')
    const list = await handleLineItemContainer(send(CONTAINER, 'GET'), world.deps, ctx)
    expect(list.headers.get('content-type')).toBe(
      'application/vnd.ims.lis.v2.lineitemcontainer+json',
    )
    expect(await list.json()).toEqual([created])
  })

  it('filters by resource_link_id, resource_id and tag, and pages with Link rel="next"', async () => {
    await createItem({ resourceId: 'a', tag: 'grade', resourceLinkId: WORLD_LINK.id })
    await createItem({ resourceId: 'b', tag: 'grade' })
    await createItem({ resourceId: 'b', tag: 'originality' })
    const query = async (search: string) => {
      const response = await handleLineItemContainer(
        send(`${CONTAINER}${search}`, 'GET'),
        world.deps,
        ctx,
      )
      return {
        body: (await response.json()) as { resourceId: string }[],
        link: response.headers.get('link'),
      }
    }
    expect((await query('?resource_id=b')).body).toHaveLength(2)
    expect((await query('?resource_id=b&tag=grade')).body).toHaveLength(1)
    expect(
      (await query(`?resource_link_id=${WORLD_LINK.id}`)).body.map((i) => i.resourceId),
    ).toEqual(['a'])
    expect((await query('?tag=none')).body).toEqual([])
    const first = await query('?tag=grade&limit=1')
    expect(first.body).toHaveLength(1)
    expect(first.link).toBe(`<${CONTAINER}?tag=grade&limit=1&offset=1>; rel="next"`)
    const second = await query('?tag=grade&limit=1&offset=1')
    expect(second.body).toHaveLength(1)
    expect(second.link).toBeNull()
  })

  it.each([
    ['without a label', { scoreMaximum: 10 }, 'ERR_LTI_AGS_INVALID_LINE_ITEM'],
    ['with a blank label', { label: '  ', scoreMaximum: 10 }, 'ERR_LTI_AGS_INVALID_LINE_ITEM'],
    ['with scoreMaximum 0', { label: 'x', scoreMaximum: 0 }, 'ERR_LTI_AGS_INVALID_LINE_ITEM'],
    [
      'with a negative scoreMaximum',
      { label: 'x', scoreMaximum: -5 },
      'ERR_LTI_AGS_INVALID_LINE_ITEM',
    ],
    ['as an array', [], 'ERR_LTI_AGS_INVALID_LINE_ITEM'],
    ['as broken JSON', '{"label":', 'ERR_LTI_MALFORMED_JSON'],
  ])('refuses a line item %s (400) and stores nothing', async (_name, body, code) => {
    const response = await handleLineItemContainer(send(CONTAINER, 'POST', body), world.deps, ctx)
    expect(await problem(response)).toMatchObject({ status: 400, code })
    expect(world.lineItems.items.size).toBe(0)
  })

  it('refuses another media type (415) and an oversize body (413)', async () => {
    const xml = await handleLineItemContainer(
      send(CONTAINER, 'POST', '<x/>', 'application/xml'),
      world.deps,
      ctx,
    )
    expect(await problem(xml)).toMatchObject({
      status: 415,
      code: 'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    })
    const big = await handleLineItemContainer(
      send(CONTAINER, 'POST', { label: 'x'.repeat(70_000), scoreMaximum: 1 }),
      world.deps,
      ctx,
    )
    expect(big.status).toBe(413)
  })

  it.each([
    ['an unknown link', 'nope'],
    ["another tool's link", 'rl-other'],
    ['a link of another section', 'rl-foreign'],
  ])('answers 404 for a resourceLinkId of %s', async (_name, linkId) => {
    world.resourceLinks.links.set('rl-other', {
      ...WORLD_LINK,
      id: 'rl-other',
      connectionId: 'conn-other',
    })
    world.resourceLinks.links.set('rl-foreign', {
      ...WORLD_LINK,
      id: 'rl-foreign',
      contextId: 'ctx-other',
    })
    const response = await handleLineItemContainer(
      send(CONTAINER, 'POST', { label: 'x', scoreMaximum: 1, resourceLinkId: linkId }),
      world.deps,
      ctx,
    )
    expect(await problem(response)).toMatchObject({
      status: 404,
      code: 'ERR_LTI_PLATFORM_NOT_FOUND',
    })
    expect(world.lineItems.items.size).toBe(0)
  })

  it('answers 405 with Allow for other methods', async () => {
    const response = await handleLineItemContainer(send(CONTAINER, 'DELETE'), world.deps, ctx)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST')
  })
})

describe('authorization and isolation', () => {
  it('answers 401 with a challenge without a token, with a forged one, and 400 with one in the query', async () => {
    const none = await handleLineItemContainer(new Request(CONTAINER), world.deps, ctx)
    expect(await problem(none)).toMatchObject({ status: 401, code: 'ERR_LTI_ACCESS_TOKEN_MISSING' })
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /)
    const forged = await handleLineItemContainer(
      send(CONTAINER, 'GET', undefined, LINE_ITEM, `${token}x`),
      world.deps,
      ctx,
    )
    expect(await problem(forged)).toMatchObject({
      status: 401,
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
    })
    const malformed = await handleLineItemContainer(
      send(CONTAINER, 'GET', undefined, LINE_ITEM, 'not.a.jwt'),
      world.deps,
      ctx,
    )
    expect(malformed.status).toBe(401)
    const inQuery = await handleLineItemContainer(
      new Request(`${CONTAINER}?access_token=${token}`),
      world.deps,
      ctx,
    )
    expect(await problem(inQuery)).toMatchObject({
      status: 400,
      code: 'ERR_LTI_ACCESS_TOKEN_IN_QUERY',
    })
  })

  it('answers 401 once the token expired', async () => {
    world.advance(3601_000)
    const response = await handleLineItemContainer(send(CONTAINER, 'GET'), world.deps, ctx)
    expect(await problem(response)).toMatchObject({
      status: 401,
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
    })
  })

  it('answers 403 for a token without the needed scope', async () => {
    const readOnly = await tool.accessToken([SCOPE.lineItemReadOnly])
    const post = await handleLineItemContainer(
      send(CONTAINER, 'POST', { label: 'x', scoreMaximum: 1 }, LINE_ITEM, readOnly),
      world.deps,
      ctx,
    )
    expect(await problem(post)).toMatchObject({ status: 403, code: 'ERR_LTI_INSUFFICIENT_SCOPE' })
    expect(world.lineItems.items.size).toBe(0)
    const scoreOnly = await tool.accessToken([SCOPE.score])
    const get = await handleLineItemContainer(
      send(CONTAINER, 'GET', undefined, LINE_ITEM, scoreOnly),
      world.deps,
      ctx,
    )
    expect(get.status).toBe(403)
    const item = await createItem()
    const results = await handleResults(
      send(`${item.id}/results`, 'GET', undefined, LINE_ITEM, scoreOnly),
      world.deps,
      itemParams(item.id),
    )
    expect(results.status).toBe(403)
  })

  it('answers 403 when score passback was switched off after the token was issued', async () => {
    const item = await createItem({ resourceLinkId: WORLD_LINK.id })
    world.connections.put(
      worldConnection({
        features: {
          learningTool: true,
          scorePassback: false,
          assignmentResource: true,
          embeddableContent: true,
        },
      }),
    )
    const response = await postScore(item.id, score())
    expect(await problem(response)).toMatchObject({
      status: 403,
      code: 'ERR_LTI_INSUFFICIENT_SCOPE',
    })
    expect(world.results.scores.size).toBe(0)
  })

  it("never shows or touches another tool's line items (404)", async () => {
    const foreign = await world.lineItems.create({
      contextId: WORLD_CONTEXT.id,
      connectionId: 'conn-other',
      label: 'Theirs',
      scoreMaximum: 5,
      extensions: {},
    })
    const url = `${CONTAINER}/${foreign.id}`
    const params = itemParams(url)
    expect(
      await (await handleLineItemContainer(send(CONTAINER, 'GET'), world.deps, ctx)).json(),
    ).toEqual([])
    for (const [method, body] of [
      ['GET'],
      ['PUT', { label: 'Mine', scoreMaximum: 5 }],
      ['DELETE'],
    ] as const) {
      const response = await handleLineItem(send(url, method, body), world.deps, params)
      expect(await problem(response)).toMatchObject({
        status: 404,
        code: 'ERR_LTI_PLATFORM_NOT_FOUND',
      })
    }
    expect((await postScore(url, score())).status).toBe(404)
    expect((await handleResults(send(`${url}/results`, 'GET'), world.deps, params)).status).toBe(
      404,
    )
    expect(world.lineItems.items.get(foreign.id)?.label).toBe('Theirs')
    expect(world.results.scores.size).toBe(0)
  })

  it('never reaches a section of a school the tool is not deployed in, nor unknown ones (404)', async () => {
    for (const contextId of [FOREIGN_CONTEXT.id, 'ctx-nope']) {
      const url = `${PLATFORM_BASE}/lti/contexts/${contextId}/lineitems`
      const response = await handleLineItemContainer(
        send(url, 'POST', { label: 'x', scoreMaximum: 1 }),
        world.deps,
        { contextId },
      )
      expect(await problem(response)).toMatchObject({
        status: 404,
        code: 'ERR_LTI_PLATFORM_NOT_FOUND',
      })
    }
    expect(world.lineItems.items.size).toBe(0)
  })

  it('answers 404 for a line item addressed through another section', async () => {
    const item = await createItem()
    const params = { contextId: FOREIGN_CONTEXT.id, lineItemId: idOf(item.id) }
    expect((await handleLineItem(send(item.id, 'GET'), world.deps, params)).status).toBe(404)
  })
})

describe('one line item', () => {
  it('reads, replaces (keeping the link) and deletes it with its results', async () => {
    const item = await createItem({ resourceLinkId: WORLD_LINK.id, tag: 'grade' })
    const params = itemParams(item.id)
    expect(
      await (await handleLineItem(send(item.id, 'GET'), world.deps, params)).json(),
    ).toMatchObject({ label: 'Quiz 7' })
    const put = await handleLineItem(
      send(item.id, 'PUT', { id: item.id, label: 'Quiz 7b', scoreMaximum: 20 }),
      world.deps,
      params,
    )
    expect(put.status).toBe(200)
    expect(await put.json()).toEqual({
      id: item.id,
      label: 'Quiz 7b',
      scoreMaximum: 20,
      resourceLinkId: WORLD_LINK.id,
    })
    expect(world.lineItems.items.get(params.lineItemId)?.assignmentId).toBe('asg-quiz-7')
    expect((await postScore(item.id, score())).status).toBe(204)
    const deleted = await handleLineItem(send(item.id, 'DELETE'), world.deps, params)
    expect(deleted.status).toBe(204)
    expect((await handleLineItem(send(item.id, 'GET'), world.deps, params)).status).toBe(404)
    expect(world.results.scores.size).toBe(0)
  })

  it.each([
    ['resourceLinkId', { label: 'x', scoreMaximum: 1, resourceLinkId: 'rl-else' }],
    ['id', { label: 'x', scoreMaximum: 1, id: `${CONTAINER}/li-99` }],
  ])('refuses a PUT that changes %s and keeps the item', async (claim, body) => {
    const item = await createItem({ resourceLinkId: WORLD_LINK.id })
    const response = await handleLineItem(
      send(item.id, 'PUT', body),
      world.deps,
      itemParams(item.id),
    )
    expect(await problem(response)).toMatchObject({
      status: 400,
      code: 'ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD',
      claim,
    })
    expect(world.lineItems.items.get(idOf(item.id))?.label).toBe('Quiz 7')
  })

  it('refuses a PUT with an invalid body and a DELETE with a read-only token', async () => {
    const item = await createItem()
    const bad = await handleLineItem(
      send(item.id, 'PUT', { label: 'x', scoreMaximum: 'ten' }),
      world.deps,
      itemParams(item.id),
    )
    expect(await problem(bad)).toMatchObject({ status: 400, code: 'ERR_LTI_AGS_INVALID_LINE_ITEM' })
    const readOnly = await tool.accessToken([SCOPE.lineItemReadOnly])
    const del = await handleLineItem(
      send(item.id, 'DELETE', undefined, LINE_ITEM, readOnly),
      world.deps,
      itemParams(item.id),
    )
    expect(del.status).toBe(403)
    expect(world.lineItems.items.size).toBe(1)
  })
})

describe('scores and results', () => {
  let item: { id: string }

  beforeEach(async () => {
    item = await createItem({ resourceLinkId: WORLD_LINK.id, scoreMaximum: 6 })
  })

  it('records a final score, writes points to the grade book and rescales the result', async () => {
    const response = await postScore(item.id, score({ scoreGiven: 1, scoreMaximum: 3 }))
    expect(response.status).toBe(204)
    // Quiz 7 is worth 20 points: 1/3 of it.
    expect(world.gradeBook.writes).toEqual([
      expect.objectContaining({
        assignmentId: 'asg-quiz-7',
        userId: 'u-student',
        points: 6.66666666667,
        pointsPossible: 20,
        comment: 'Great work',
        source: { connectionId: 'conn-quiz', protocol: 'ags', lineItemId: idOf(item.id) },
      }),
    ])
    const results = await handleResults(
      send(`${item.id}/results`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect(results.headers.get('content-type')).toBe(
      'application/vnd.ims.lis.v2.resultcontainer+json',
    )
    expect(await results.json()).toEqual([
      {
        id: `${item.id}/results?user_id=u-student`,
        scoreOf: item.id,
        userId: 'u-student',
        resultScore: 2,
        resultMaximum: 6,
        comment: 'Great work',
      },
    ])
  })

  it('accepts scores above the maximum (extra credit)', async () => {
    expect((await postScore(item.id, score({ scoreGiven: 1.1, scoreMaximum: 1 }))).status).toBe(204)
    expect(world.gradeBook.writes[0]?.points).toBe(22)
  })

  it('records progress without touching the grade book, and clears with a score without scoreGiven', async () => {
    const partial = score({ gradingProgress: 'Pending', activityProgress: 'Submitted' })
    expect((await postScore(item.id, partial)).status).toBe(204)
    expect(world.gradeBook.writes).toHaveLength(0)
    const cleared = {
      userId: 'u-student',
      timestamp: '2025-01-15T09:00:01Z',
      activityProgress: 'Initialized',
      gradingProgress: 'NotReady',
    }
    expect((await postScore(item.id, cleared)).status).toBe(204)
    expect(world.gradeBook.writes).toEqual([expect.objectContaining({ points: null })])
    const results = await handleResults(
      send(`${item.id}/results?user_id=u-student`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect(await results.json()).toEqual([
      expect.not.objectContaining({ resultScore: expect.anything() as unknown }),
    ])
  })

  it('refuses an older or equal timestamp with 409 and changes nothing', async () => {
    expect(
      (await postScore(item.id, score({ timestamp: '2025-01-15T09:00:00.1002Z' }))).status,
    ).toBe(204)
    for (const timestamp of [
      '2025-01-15T09:00:00.1001Z',
      '2025-01-15T09:00:00.1002Z',
      '2025-01-15T10:00:00.1002+01:00',
    ]) {
      const response = await postScore(item.id, score({ timestamp, scoreGiven: 5 }))
      expect(await problem(response)).toMatchObject({
        status: 409,
        code: 'ERR_LTI_AGS_SCORE_STALE',
      })
    }
    expect(world.gradeBook.writes).toHaveLength(1)
    expect(world.results.scores.get(`${idOf(item.id)}\u0000u-student`)?.scoreGiven).toBe(83)
    // A later timestamp, even by 100 ns, is applied.
    expect(
      (await postScore(item.id, score({ timestamp: '2025-01-15T09:00:00.1003Z', scoreGiven: 5 })))
        .status,
    ).toBe(204)
  })

  it.each([
    ['a user of another school', 'u-outsider'],
    ['an inactive enrolment', 'u-student2'],
    ['an unknown user', 'u-nobody'],
    ['a parent (never enrolled)', 'u-parent'],
  ])('answers 422 for %s', async (_name, userId) => {
    const response = await postScore(item.id, score({ userId }))
    expect(await problem(response)).toMatchObject({
      status: 422,
      code: 'ERR_LTI_PLATFORM_USER_NOT_ENROLLED',
    })
    expect(world.results.scores.size).toBe(0)
  })

  it.each([['asg-essay'], ['asg-lab']])(
    'answers 422 for a line item of %s (not scored by points)',
    async (assignmentId) => {
      world.resourceLinks.links.set('rl-essay', { ...WORLD_LINK, id: 'rl-essay', assignmentId })
      const essay = await createItem({ resourceLinkId: 'rl-essay' })
      const response = await postScore(essay.id, score())
      expect(await problem(response)).toMatchObject({
        status: 422,
        code: 'ERR_LTI_PLATFORM_NOT_POINTS_ASSIGNMENT',
      })
      expect(world.results.scores.size).toBe(0)
      expect(world.gradeBook.writes).toHaveLength(0)
    },
  )

  it('keeps scores of a line item without assignment as results only', async () => {
    const loose = await createItem()
    expect((await postScore(loose.id, score())).status).toBe(204)
    expect(world.gradeBook.writes).toHaveLength(0)
    expect(world.results.scores.size).toBe(1)
  })

  it.each([
    ['a negative scoreGiven', score({ scoreGiven: -1 }), 'ERR_LTI_AGS_INVALID_SCORE'],
    ['a scoreMaximum of 0', score({ scoreMaximum: 0 }), 'ERR_LTI_AGS_INVALID_SCORE'],
    [
      'scoreGiven without scoreMaximum',
      score({ scoreMaximum: undefined }),
      'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED',
    ],
    ['no userId', score({ userId: undefined }), 'ERR_LTI_AGS_INVALID_SCORE'],
    ['no timestamp', score({ timestamp: undefined }), 'ERR_LTI_AGS_INVALID_SCORE'],
    [
      'a timestamp without zone',
      score({ timestamp: '2025-01-15T09:00:00' }),
      'ERR_LTI_AGS_INVALID_SCORE',
    ],
    [
      'an unknown activityProgress',
      score({ activityProgress: 'Done' }),
      'ERR_LTI_AGS_INVALID_SCORE',
    ],
    ['no gradingProgress', score({ gradingProgress: undefined }), 'ERR_LTI_AGS_INVALID_SCORE'],
    ['a string score', score({ scoreGiven: '83' }), 'ERR_LTI_AGS_INVALID_SCORE'],
  ])('answers 400 for %s', async (_name, body, code) => {
    const response = await postScore(item.id, body)
    expect(await problem(response)).toMatchObject({ status: 400, code })
    expect(world.results.scores.size).toBe(0)
    expect(world.gradeBook.writes).toHaveLength(0)
  })

  it('answers 405 to GET on the write-only scores endpoint', async () => {
    const response = await handleScores(
      send(`${item.id}/scores`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    const post = await handleResults(
      send(`${item.id}/results`, 'POST', {}),
      world.deps,
      itemParams(item.id),
    )
    expect(post.status).toBe(405)
  })

  it('answers 403 when score passback is disabled on the connection', async () => {
    // Passback off also removes the scope, so the check that answers is the scope check.
    world.connections.put(
      worldConnection({
        features: {
          learningTool: true,
          scorePassback: false,
          assignmentResource: true,
          embeddableContent: true,
        },
      }),
    )
    expect((await postScore(item.id, score())).status).toBe(403)
  })

  it('pages results and filters by user_id', async () => {
    world.directory.enrol({
      contextId: WORLD_CONTEXT.id,
      userId: 'u-teacher',
      role: 'teacher',
      status: 'active',
    })
    await postScore(item.id, score())
    await postScore(item.id, score({ userId: 'u-teacher' }))
    const first = await handleResults(
      send(`${item.id}/results?limit=1`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect((await first.json()) as unknown[]).toHaveLength(1)
    expect(first.headers.get('link')).toBe(`<${item.id}/results?limit=1&offset=1>; rel="next"`)
    const one = await handleResults(
      send(`${item.id}/results?user_id=u-teacher`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect(await one.json()).toEqual([expect.objectContaining({ userId: 'u-teacher' })])
    const bad = await handleResults(
      send(`${item.id}/results?limit=0`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect(await problem(bad)).toMatchObject({ status: 400, code: 'ERR_LTI_AGS_INVALID_QUERY' })
    const badOffset = await handleResults(
      send(`${item.id}/results?offset=-1`, 'GET'),
      world.deps,
      itemParams(item.id),
    )
    expect(await problem(badOffset)).toMatchObject({
      status: 400,
      code: 'ERR_LTI_AGS_INVALID_QUERY',
    })
  })
})
