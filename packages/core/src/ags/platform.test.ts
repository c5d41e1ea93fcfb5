import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { isLtiError } from '../errors/lti-error.js'
import {
  checkLineItemUpdate,
  parseLineItemBody,
  parseLineItemRequest,
  parseScoreBody,
  parseScoreRequest,
} from './platform.js'
import { parseLineItemsQuery, parseResultsQuery } from './query.js'
import examples from './vectors/spec-examples.json' with { type: 'json' }

function codeOf(run: () => unknown): { code: string; claim: string | undefined } {
  try {
    run()
  } catch (error) {
    if (isLtiError(error)) return { code: error.code, claim: error.claim }
    throw error
  }
  throw new Error('expected an LtiError')
}

async function asyncCodeOf(run: () => Promise<unknown>): Promise<string> {
  const error: unknown = await run().catch((e: unknown) => e)
  if (isLtiError(error)) return error.code
  throw new Error(`expected an LtiError, got ${String(error)}`)
}

const lineItem = examples.createLineItem.request

describe('parseLineItemBody', () => {
  it('accepts the spec example and drops an id on create', () => {
    expect(parseLineItemBody(lineItem, 'create')).toEqual(lineItem)
    expect(parseLineItemBody({ ...lineItem, id: 'https://x/1' }, 'create')).not.toHaveProperty('id')
    expect(parseLineItemBody({ ...lineItem, id: 'https://x/1' }, 'update')).toHaveProperty(
      'id',
      'https://x/1',
    )
  })

  it('keeps full-URL extensions, drops other unknown keys, reads blank dates as null', () => {
    const parsed = parseLineItemBody(
      {
        ...lineItem,
        'https://canvas.instructure.com/lti/submission_type': { type: 'external_tool' },
        junk: 1,
        startDateTime: '',
        gradesReleased: true,
      },
      'create',
    )
    expect(parsed).toHaveProperty(['https://canvas.instructure.com/lti/submission_type'])
    expect(parsed).not.toHaveProperty('junk')
    expect(parsed.startDateTime).toBeNull()
    expect(parsed.gradesReleased).toBe(true)
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['label missing', { scoreMaximum: 10 }, 'label'],
    ['label blank', { scoreMaximum: 10, label: '   ' }, 'label'],
    ['label not a string', { scoreMaximum: 10, label: 5 }, 'label'],
    ['label oversize', { scoreMaximum: 10, label: 'x'.repeat(1025) }, 'label'],
    ['scoreMaximum missing', { label: 'A' }, 'scoreMaximum'],
    ['scoreMaximum zero', { label: 'A', scoreMaximum: 0 }, 'scoreMaximum'],
    ['scoreMaximum negative', { label: 'A', scoreMaximum: -1 }, 'scoreMaximum'],
    ['scoreMaximum a string', { label: 'A', scoreMaximum: '10' }, 'scoreMaximum'],
    ['resourceLinkId empty', { label: 'A', scoreMaximum: 1, resourceLinkId: '' }, 'resourceLinkId'],
    ['tag not a string', { label: 'A', scoreMaximum: 1, tag: 1 }, 'tag'],
    [
      'date without time zone',
      { label: 'A', scoreMaximum: 1, endDateTime: '2018-04-06T22:05:03' },
      'endDateTime',
    ],
    [
      'impossible date',
      { label: 'A', scoreMaximum: 1, startDateTime: '2018-02-30T00:00:00Z' },
      'startDateTime',
    ],
    [
      'gradesReleased not boolean',
      { label: 'A', scoreMaximum: 1, gradesReleased: 'yes' },
      'gradesReleased',
    ],
    ['id not a web URL', { label: 'A', scoreMaximum: 1, id: 'javascript:alert(1)' }, 'id'],
  ])('rejects %s with ERR_LTI_AGS_INVALID_LINE_ITEM naming the field', (_name, body, claim) => {
    expect(codeOf(() => parseLineItemBody(body, 'update'))).toEqual({
      code: 'ERR_LTI_AGS_INVALID_LINE_ITEM',
      claim,
    })
  })

  it.each([null, [], 'x', 42])('rejects the non-object body %j', (body) => {
    expect(codeOf(() => parseLineItemBody(body, 'create')).code).toBe(
      'ERR_LTI_AGS_INVALID_LINE_ITEM',
    )
  })

  it('rejects an unknown mode as misuse', () => {
    expect(() => parseLineItemBody(lineItem, 'patch' as 'create')).toThrow(TypeError)
  })

  it('never throws anything but an LtiError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          parseLineItemBody(body, 'create')
        } catch (error) {
          expect(isLtiError(error, 'ERR_LTI_AGS_INVALID_LINE_ITEM')).toBe(true)
        }
      }),
    )
  })
})

describe('checkLineItemUpdate', () => {
  const stored = { ...examples.createLineItem.response, resourceLinkId: 'rl-1' }

  it('keeps the stored id and accepts the same resourceLinkId or none', () => {
    expect(checkLineItemUpdate(stored, { label: 'New', scoreMaximum: 5 })).toMatchObject({
      id: stored.id,
      label: 'New',
    })
    expect(checkLineItemUpdate(stored, { ...stored, label: 'New' })).toMatchObject({
      resourceLinkId: 'rl-1',
    })
  })

  it.each([
    ['id', { ...stored, id: 'https://lms.example.com/context/2923/lineitems/2' }],
    ['resourceLinkId', { ...stored, resourceLinkId: 'rl-2' }],
  ])('rejects a changed %s with ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD', (claim, update) => {
    expect(codeOf(() => checkLineItemUpdate(stored, update))).toEqual({
      code: 'ERR_LTI_AGS_LINE_ITEM_IMMUTABLE_FIELD',
      claim,
    })
  })
})

const score = examples.finalScore

describe('parseScoreBody', () => {
  it('accepts the spec examples, +00 offsets, and a null scoreGiven (clear)', () => {
    expect(parseScoreBody(score)).toEqual(score)
    expect(parseScoreBody(examples.progressScore)).toEqual(examples.progressScore)
    expect(parseScoreBody({ ...score, timestamp: '2017-04-16T18:54:36.736+00' }).timestamp).toBe(
      '2017-04-16T18:54:36.736+00',
    )
    expect(parseScoreBody({ ...score, scoreGiven: null, scoreMaximum: null }).scoreGiven).toBeNull()
    expect(parseScoreBody({ ...score, scoreGiven: 110 }).scoreGiven).toBe(110)
  })

  const without = (key: string) =>
    Object.fromEntries(Object.entries(score).filter(([k]) => k !== key))

  it.each<[string, unknown, LtiErrorCode, string]>([
    ['userId missing', without('userId'), 'ERR_LTI_AGS_INVALID_SCORE', 'userId'],
    ['userId empty', { ...score, userId: '' }, 'ERR_LTI_AGS_INVALID_SCORE', 'userId'],
    ['timestamp missing', without('timestamp'), 'ERR_LTI_AGS_INVALID_SCORE', 'timestamp'],
    [
      'timestamp without zone',
      { ...score, timestamp: '2017-04-16T18:54:36.736' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'timestamp',
    ],
    [
      'timestamp a date only',
      { ...score, timestamp: '2017-04-16' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'timestamp',
    ],
    [
      'timestamp impossible',
      { ...score, timestamp: '2017-13-01T00:00:00Z' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'timestamp',
    ],
    [
      'activityProgress missing',
      without('activityProgress'),
      'ERR_LTI_AGS_INVALID_SCORE',
      'activityProgress',
    ],
    [
      'activityProgress unknown',
      { ...score, activityProgress: 'Done' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'activityProgress',
    ],
    [
      'gradingProgress missing',
      without('gradingProgress'),
      'ERR_LTI_AGS_INVALID_SCORE',
      'gradingProgress',
    ],
    [
      'gradingProgress wrong case',
      { ...score, gradingProgress: 'fullygraded' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'gradingProgress',
    ],
    [
      'scoreGiven negative',
      { ...score, scoreGiven: -1 },
      'ERR_LTI_AGS_INVALID_SCORE',
      'scoreGiven',
    ],
    [
      'scoreGiven a string',
      { ...score, scoreGiven: '83' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'scoreGiven',
    ],
    [
      'scoreMaximum zero',
      { ...score, scoreMaximum: 0 },
      'ERR_LTI_AGS_INVALID_SCORE',
      'scoreMaximum',
    ],
    [
      'scoreGiven without scoreMaximum',
      without('scoreMaximum'),
      'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED',
      'scoreMaximum',
    ],
    [
      'scoreGiven with null scoreMaximum',
      { ...score, scoreMaximum: null },
      'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED',
      'scoreMaximum',
    ],
    [
      'scoringUserId empty',
      { ...score, scoringUserId: '' },
      'ERR_LTI_AGS_INVALID_SCORE',
      'scoringUserId',
    ],
    [
      'comment oversize',
      { ...score, comment: 'x'.repeat(65_537) },
      'ERR_LTI_AGS_INVALID_SCORE',
      'comment',
    ],
    [
      'submittedAt before startedAt',
      {
        ...score,
        submission: { startedAt: '2017-03-14T00:00:00Z', submittedAt: '2017-03-13T23:59:59.999Z' },
      },
      'ERR_LTI_AGS_INVALID_SCORE',
      'submission.submittedAt',
    ],
    [
      'submission date without zone',
      { ...score, submission: { startedAt: '2017-03-14T00:00:00' } },
      'ERR_LTI_AGS_INVALID_SCORE',
      'submission.startedAt',
    ],
    ['a non-object body', [score], 'ERR_LTI_AGS_INVALID_SCORE', ''],
  ])('rejects %s', (_name, body, code, claim) => {
    const error = codeOf(() => parseScoreBody(body))
    expect(error.code).toBe(code)
    expect(error.claim ?? '').toBe(claim)
  })

  it('never throws anything but a score error on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        try {
          parseScoreBody(body)
        } catch (error) {
          expect(
            isLtiError(error, 'ERR_LTI_AGS_INVALID_SCORE') ||
              isLtiError(error, 'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED'),
          ).toBe(true)
        }
      }),
    )
  })
})

function post(
  body: string,
  contentType: string | null,
  url = 'https://lms.example/li/1/scores',
): Request {
  return new Request(url, {
    method: 'POST',
    body,
    ...(contentType === null ? {} : { headers: { 'content-type': contentType } }),
  })
}

describe('parseScoreRequest and parseLineItemRequest', () => {
  it.each([
    'application/vnd.ims.lis.v1.score+json',
    'application/vnd.ims.lis.v1.score+json; charset=utf-8',
    'Application/VND.IMS.LIS.V1.Score+JSON',
    'application/vnd.ims.lis.v2.score+json',
    'application/json',
  ])('accepts a score sent as %s', async (type) => {
    await expect(parseScoreRequest(post(JSON.stringify(score), type))).resolves.toEqual(score)
  })

  it.each([['text/plain'], ['application/vnd.ims.lis.v2.lineitem+json'], [null]])(
    'refuses a score sent as %s with ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    async (type) => {
      expect(await asyncCodeOf(() => parseScoreRequest(post(JSON.stringify(score), type)))).toBe(
        'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
      )
    },
  )

  it('refuses an oversize body with ERR_LTI_INPUT_TOO_LARGE and broken JSON with ERR_LTI_MALFORMED_JSON', async () => {
    const big = JSON.stringify({ ...score, comment: 'x'.repeat(70_000) })
    expect(await asyncCodeOf(() => parseScoreRequest(post(big, 'application/json')))).toBe(
      'ERR_LTI_INPUT_TOO_LARGE',
    )
    expect(await asyncCodeOf(() => parseScoreRequest(post('{"userId":', 'application/json')))).toBe(
      'ERR_LTI_MALFORMED_JSON',
    )
  })

  it('reads line items as application/vnd.ims.lis.v2.lineitem+json or application/json only', async () => {
    const body = JSON.stringify(lineItem)
    await expect(
      parseLineItemRequest(post(body, 'application/vnd.ims.lis.v2.lineitem+json'), 'create'),
    ).resolves.toEqual(lineItem)
    await expect(parseLineItemRequest(post(body, 'application/json'), 'create')).resolves.toEqual(
      lineItem,
    )
    expect(
      await asyncCodeOf(() =>
        parseLineItemRequest(post(body, 'application/vnd.ims.lis.v1.score+json'), 'create'),
      ),
    ).toBe('ERR_LTI_UNSUPPORTED_MEDIA_TYPE')
    expect(
      await asyncCodeOf(() => parseLineItemRequest(post('{}', 'application/json'), 'create')),
    ).toBe('ERR_LTI_AGS_INVALID_LINE_ITEM')
  })
})

describe('parseLineItemsQuery and parseResultsQuery', () => {
  it('reads the three filters and limit, leaving platform parameters alone', () => {
    expect(
      parseLineItemsQuery(
        'https://lms/li?type_id=3&resource_link_id=rl&resource_id=q%2031&tag=grade&limit=50',
      ),
    ).toEqual({ resourceLinkId: 'rl', resourceId: 'q 31', tag: 'grade', limit: 50 })
    expect(parseLineItemsQuery(new URL('https://lms/li'))).toEqual({})
    expect(parseResultsQuery('https://lms/li/results?user_id=u1&limit=1')).toEqual({
      userId: 'u1',
      limit: 1,
    })
  })

  it('lowers a limit above maxLimit (limit is a hint)', () => {
    expect(parseLineItemsQuery('https://lms/li?limit=100000').limit).toBe(1000)
    expect(parseResultsQuery('https://lms/li?limit=30', { maxLimit: 20 }).limit).toBe(20)
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['tag=a&tag=b', 'tag'],
    ['resource_link_id=a&resource_link_id=b', 'resource_link_id'],
    ['resource_id=a&resource_id=a', 'resource_id'],
    [`tag=${'x'.repeat(1025)}`, 'tag'],
  ])('rejects %s with ERR_LTI_AGS_INVALID_QUERY', (query, claim) => {
    expect(codeOf(() => parseLineItemsQuery(`https://lms/li?${query}`))).toEqual({
      code: 'ERR_LTI_AGS_INVALID_QUERY',
      claim,
    })
  })

  it('rejects a repeated user_id', () => {
    expect(codeOf(() => parseResultsQuery('https://lms/r?user_id=a&user_id=b'))).toEqual({
      code: 'ERR_LTI_AGS_INVALID_QUERY',
      claim: 'user_id',
    })
  })

  it('rejects a relative URL or a bad maxLimit as misuse', () => {
    expect(() => parseLineItemsQuery('/li?tag=a')).toThrow(TypeError)
    expect(() => parseLineItemsQuery('https://lms/li', { maxLimit: 0 })).toThrow(TypeError)
  })

  it('reads any positive integer limit as min(limit, maxLimit)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 5000 }),
        (limit, maxLimit) => {
          expect(parseLineItemsQuery(`https://lms/li?limit=${limit}`, { maxLimit }).limit).toBe(
            Math.min(limit, maxLimit),
          )
        },
      ),
    )
  })
})
