import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import { parseScoreBody } from './platform.js'
import type { Score } from './schema.js'
import {
  applyScore,
  assertScoreNewer,
  isScoreNewer,
  rescaleScore,
  scoreToFraction,
  type StoredResult,
  storedResultToResult,
} from './scoring.js'
import { compareIsoDateTimes, isIsoDateTime, parseIsoInstant } from './timestamp.js'
import { lineItemServiceUrl, lineItemUrlOf } from './url.js'
import tv15 from './vectors/tv15-scoring.json' with { type: 'json' }

describe('TV-15 rescaling', () => {
  it.each(tv15.rescale)(
    'line item max $lineItemMaximum, $scoreGiven/$scoreMaximum → $resultScore/$resultMaximum',
    ({ lineItemMaximum, scoreGiven, scoreMaximum, resultScore, resultMaximum }) => {
      expect(rescaleScore({ scoreGiven, scoreMaximum }, lineItemMaximum)).toEqual({
        resultScore,
        resultMaximum,
      })
    },
  )

  it('clears the score for a score without scoreGiven (NotReady/Initialized)', () => {
    const result = applyScore(parseScoreBody(tv15.cleared.score), undefined, {
      scoreMaximum: tv15.cleared.lineItemMaximum,
    })
    expect(result.resultScore).toBeNull()
    expect(result.resultMaximum).toBe(10)
  })

  it('does not apply T1 after T2 (T1 < T2): ERR_LTI_AGS_SCORE_STALE, status 409', () => {
    const base = {
      userId: 'u1',
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      scoreGiven: 1,
      scoreMaximum: 1,
    } as const
    const stored = applyScore({ ...base, timestamp: tv15.ordering.first }, undefined, {
      scoreMaximum: 1,
    })
    let thrown: unknown
    try {
      applyScore({ ...base, timestamp: tv15.ordering.then }, stored, { scoreMaximum: 1 })
    } catch (error) {
      thrown = error
    }
    expect(isLtiError(thrown, 'ERR_LTI_AGS_SCORE_STALE')).toBe(true)
    expect(thrown).toMatchObject({ status: 409, claim: 'timestamp' })
  })

  it('refuses scoreGiven without scoreMaximum (400)', () => {
    expect(() => parseScoreBody(tv15.missingScoreMaximum)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_AGS_SCORE_MAXIMUM_REQUIRED', status: 400 }),
    )
  })

  it('derives the results and scores URLs keeping the query string', () => {
    expect(lineItemServiceUrl(tv15.urls.lineItem, 'results')).toBe(tv15.urls.results)
    expect(lineItemServiceUrl(tv15.urls.lineItem, 'scores')).toBe(tv15.urls.scores)
  })
})

describe('scoreToFraction and rescaleScore', () => {
  it('gives the fraction, null without scoreGiven, and refuses a missing maximum as misuse', () => {
    expect(scoreToFraction({ scoreGiven: 83, scoreMaximum: 100 })).toBe(0.83)
    expect(scoreToFraction({ scoreGiven: 1.1, scoreMaximum: 1 })).toBe(1.1)
    expect(scoreToFraction({ scoreGiven: null })).toBeNull()
    expect(() => scoreToFraction({ scoreGiven: 1 })).toThrow(TypeError)
    expect(() => scoreToFraction({ scoreGiven: 1, scoreMaximum: 0 })).toThrow(TypeError)
    expect(() => rescaleScore({ scoreGiven: 1, scoreMaximum: 1 }, 0)).toThrow(TypeError)
    expect(() =>
      rescaleScore({ scoreGiven: 1, scoreMaximum: 1 }, Number.POSITIVE_INFINITY),
    ).toThrow(TypeError)
  })

  it('is exact for whole-number grades and keeps the ratio', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (given, max) => {
          const { resultScore } = rescaleScore({ scoreGiven: given, scoreMaximum: max }, max)
          expect(resultScore).toBe(given)
          const scaled =
            rescaleScore({ scoreGiven: given, scoreMaximum: max }, 100).resultScore ?? Number.NaN
          const exact = (given / max) * 100
          // Twelve significant digits: the relative error stays below 1e-11.
          expect(Math.abs(scaled - exact)).toBeLessThanOrEqual(1e-11 * Math.max(1, exact))
        },
      ),
    )
  })
})

describe('isScoreNewer (ordering rule, notes §25.2)', () => {
  const at = (timestamp: string) => ({ timestamp })

  it('applies the first score and strictly later ones', () => {
    expect(isScoreNewer(at('2024-01-01T00:00:00Z'), undefined)).toBe(true)
    expect(isScoreNewer(at('2024-01-01T00:00:00.001Z'), at('2024-01-01T00:00:00Z'))).toBe(true)
  })

  it('refuses equal instants, whatever their spelling (decision: not applied, 409)', () => {
    expect(isScoreNewer(at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:00Z'))).toBe(false)
    expect(isScoreNewer(at('2024-01-01T01:00:00+01:00'), at('2024-01-01T00:00:00.000Z'))).toBe(
      false,
    )
    expect(() =>
      assertScoreNewer(at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:00+00')),
    ).toThrow(expect.objectContaining({ code: 'ERR_LTI_AGS_SCORE_STALE' }))
  })

  it('compares beyond milliseconds: .7361 and .7362 are different instants', () => {
    expect(isScoreNewer(at('2017-04-16T18:54:36.7362Z'), at('2017-04-16T18:54:36.7361Z'))).toBe(
      true,
    )
    expect(isScoreNewer(at('2017-04-16T18:54:36.7361Z'), at('2017-04-16T18:54:36.7362Z'))).toBe(
      false,
    )
  })

  it('orders like the instants for any two dates', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.date({ noInvalidDate: true }), (a, b) => {
        fc.pre(
          a.getUTCFullYear() >= 0 &&
            a.getUTCFullYear() <= 9999 &&
            b.getUTCFullYear() >= 0 &&
            b.getUTCFullYear() <= 9999,
        )
        expect(isScoreNewer(at(a.toISOString()), at(b.toISOString()))).toBe(
          a.getTime() > b.getTime(),
        )
      }),
    )
  })
})

describe('parseIsoInstant', () => {
  it.each([
    ['2017-04-16T18:54:36.736+00:00', 1492368876736000000n],
    ['2017-04-16T18:54:36.736Z', 1492368876736000000n],
    ['2017-04-16T18:54:36.736+00', 1492368876736000000n],
    ['2017-04-16T20:54:36.736+0200', 1492368876736000000n],
    ['2017-04-16T13:54:36.736-05:00', 1492368876736000000n],
    ['2017-04-16T18:54:36Z', 1492368876000000000n],
    ['2017-04-16T18:54:36.123456789Z', 1492368876123456789n],
    ['2024-02-29T00:00:00Z', 1709164800000000000n],
  ])('%s', (value, expected) => {
    expect(parseIsoInstant(value)).toBe(expected)
  })

  it.each([
    '2017-04-16T18:54:36.736',
    '2017-04-16',
    '2017-04-16 18:54:36Z',
    '2023-02-29T00:00:00Z',
    '2017-04-31T00:00:00Z',
    '2017-04-16T24:00:00Z',
    '2017-04-16T18:60:00Z',
    '2017-04-16T18:54:60Z',
    '2017-04-16T18:54:36.1234567890Z',
    '2017-04-16T18:54:36+24:00',
    '2017-04-16T18:54:36+05:60',
    'yesterday',
    `2017-04-16T18:54:36.${'1'.repeat(80)}Z`,
  ])('rejects %s', (value) => {
    expect(parseIsoInstant(value)).toBeUndefined()
    expect(isIsoDateTime(value)).toBe(false)
  })

  it('agrees with Date for every toISOString value', () => {
    fc.assert(
      fc.property(
        fc.date({
          noInvalidDate: true,
          min: new Date('0000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
        }),
        (date) => {
          expect(parseIsoInstant(date.toISOString())).toBe(BigInt(date.getTime()) * 1_000_000n)
        },
      ),
    )
  })

  it('reads any offset spelling of the same instant as equal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (offset, ms) => {
          const utc = new Date(ms)
          const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1)
          const sign = offset < 0 ? '-' : '+'
          const abs = Math.abs(offset)
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
          expect(compareIsoDateTimes(`${local}${zone}`, utc.toISOString())).toBe(0)
        },
      ),
    )
  })

  it('throws TypeError when asked to compare a non-date', () => {
    expect(() => compareIsoDateTimes('x', '2017-04-16T18:54:36Z')).toThrow(TypeError)
  })
})

describe('applyScore', () => {
  const base: Score = {
    userId: 'u1',
    timestamp: '2024-01-01T00:00:00.000Z',
    activityProgress: 'Started',
    gradingProgress: 'NotReady',
  }
  const lineItem = { scoreMaximum: 10 }
  const later = (seconds: number) => `2024-01-01T00:00:${String(seconds).padStart(2, '0')}.000Z`

  it('derives startedAt from the first Started score and submittedAt from the first Submitted one', () => {
    const started = applyScore(base, undefined, lineItem)
    expect(started.startedAt).toBe(base.timestamp)
    expect(started.submittedAt).toBeUndefined()
    const submitted = applyScore(
      { ...base, timestamp: later(5), activityProgress: 'Submitted' },
      started,
      lineItem,
    )
    expect(submitted).toMatchObject({ startedAt: base.timestamp, submittedAt: later(5) })
    const completed = applyScore(
      {
        ...base,
        timestamp: later(9),
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        scoreGiven: 7,
        scoreMaximum: 7,
      },
      submitted,
      lineItem,
    )
    expect(completed).toMatchObject({
      startedAt: base.timestamp,
      submittedAt: later(5),
      resultScore: 10,
      resultMaximum: 10,
    })
  })

  it('clears submittedAt when progress goes back, and startedAt on Initialized', () => {
    const submitted = applyScore(
      { ...base, activityProgress: 'Submitted', submission: { startedAt: later(0) } },
      undefined,
      lineItem,
    )
    expect(submitted).toMatchObject({ startedAt: later(0), submittedAt: base.timestamp })
    const reopened = applyScore(
      { ...base, timestamp: later(2), activityProgress: 'InProgress' },
      submitted,
      lineItem,
    )
    expect(reopened.startedAt).toBe(later(0))
    expect(reopened.submittedAt).toBeUndefined()
    const reset = applyScore(
      { ...base, timestamp: later(3), activityProgress: 'Initialized' },
      reopened,
      lineItem,
    )
    expect(reset.startedAt).toBeUndefined()
  })

  it('keeps the last submission times received', () => {
    const first = applyScore({ ...base, submission: { startedAt: later(1) } }, undefined, lineItem)
    const second = applyScore({ ...base, timestamp: later(4) }, first, lineItem)
    expect(second.startedAt).toBe(later(1))
  })

  it('clears the stored comment when the new score has none or a blank one', () => {
    const withComment = applyScore({ ...base, comment: 'Good' }, undefined, lineItem)
    expect(withComment.comment).toBe('Good')
    expect(applyScore({ ...base, timestamp: later(1) }, withComment, lineItem).comment).toBeNull()
    expect(
      applyScore({ ...base, timestamp: later(1), comment: '  ' }, withComment, lineItem).comment,
    ).toBeNull()
  })

  it('turns a stored result into the wire Result', () => {
    const stored: StoredResult = applyScore(
      {
        ...base,
        gradingProgress: 'FullyGraded',
        scoreGiven: 83,
        scoreMaximum: 100,
        comment: 'Nice',
        scoringUserId: 'i1',
      },
      undefined,
      { scoreMaximum: 1 },
    )
    expect(
      storedResultToResult(stored, {
        id: 'https://lms/li/1/results/u1',
        scoreOf: 'https://lms/li/1',
      }),
    ).toEqual({
      id: 'https://lms/li/1/results/u1',
      scoreOf: 'https://lms/li/1',
      userId: 'u1',
      resultScore: 0.83,
      resultMaximum: 1,
      scoringUserId: 'i1',
      comment: 'Nice',
    })
    const cleared = applyScore({ ...base, timestamp: later(1) }, stored, { scoreMaximum: 1 })
    expect(
      storedResultToResult(cleared, { id: 'https://lms/r', scoreOf: 'https://lms/li' }),
    ).toEqual({
      id: 'https://lms/r',
      scoreOf: 'https://lms/li',
      userId: 'u1',
      resultMaximum: 1,
    })
  })
})

const simpleUrl = fc
  .tuple(
    fc.stringMatching(/^[a-z]{1,10}\.[a-z]{2,4}$/),
    // Dot segments ('.', '..') are resolved by URL parsing itself: not line item paths.
    fc.array(
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/).filter((segment) => !/^\.+$/.test(segment)),
      { maxLength: 5 },
    ),
    fc.stringMatching(/^[a-z0-9=&_]{0,20}$/),
    fc.boolean(),
  )
  .map(
    ([host, segments, query, slash]) =>
      `https://${host}/${segments.join('/')}${slash ? '/' : ''}${query === '' ? '' : `?${query}`}`,
  )

describe('lineItemServiceUrl and lineItemUrlOf', () => {
  it.each([
    ['https://lms/li/1', 'scores', 'https://lms/li/1/scores'],
    ['https://lms/li/1/', 'scores', 'https://lms/li/1/scores'],
    ['https://lms/li/1#frag', 'results', 'https://lms/li/1/results'],
    [
      'https://lms/mod/lti/services.php/2/lineitems/7/lineitem?type_id=3',
      'scores',
      'https://lms/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=3',
    ],
  ] as const)('%s + %s → %s', (url, service, expected) => {
    expect(lineItemServiceUrl(url, service)).toBe(expected)
  })

  it('finds the line item of a service URL, or undefined', () => {
    expect(lineItemUrlOf(tv15.urls.scores, 'scores')).toBe(tv15.urls.lineItem)
    expect(lineItemUrlOf(tv15.urls.scores, 'results')).toBeUndefined()
    expect(lineItemUrlOf('https://lms/scores', 'scores')).toBe('https://lms/')
    expect(lineItemUrlOf('https://lms/', 'scores')).toBeUndefined()
  })

  it('rejects relative URLs and unknown services as misuse', () => {
    expect(() => lineItemServiceUrl('/li/1', 'scores')).toThrow(TypeError)
    expect(() => lineItemServiceUrl('https://lms/li/1', 'grades' as 'scores')).toThrow(TypeError)
    expect(() => lineItemUrlOf('li/1/scores', 'scores')).toThrow(TypeError)
  })

  it('inverts: lineItemUrlOf(lineItemServiceUrl(u)) is u (without fragment or trailing slash)', () => {
    // Found by fast-check: a trailing dot segment stays in the parsed path but not in the oracle.
    expect(lineItemUrlOf(lineItemServiceUrl('https://a.aa/_./.~/.?0', 'scores'), 'scores')).toBe(
      'https://a.aa/_./.~?0',
    )
    fc.assert(
      fc.property(
        simpleUrl,
        fc.constantFrom('scores' as const, 'results' as const),
        (url, service) => {
          const expected = new URL(url)
          expected.pathname = expected.pathname.replace(/\/+$/, '')
          expect(lineItemUrlOf(lineItemServiceUrl(url, service), service)).toBe(expected.href)
        },
      ),
    )
  })
})
