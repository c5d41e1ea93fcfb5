import { afterEach, describe, expect, it } from 'vitest'
import { createFixture, FIXTURE_START, type Fixture } from '../testing/fixture.js'
import type { RetryPolicy } from './policy.js'
import { deadOrigin, type LoopbackServer, startLoopback } from '../testing/loopback.js'

const USER_AGENT = 'ltihub-test/1.0 (+https://tool.example.com)'
let server: LoopbackServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A tool and a platform whose token endpoint and AGS service answer over real HTTP. */
async function overHttp(gradeDelivery: Partial<RetryPolicy> = {}): Promise<Fixture> {
  // The platform exists only once the fixture does, and the fixture needs the server's origin.
  const route: { target?: (request: Request) => Promise<Response> } = {}
  server = await startLoopback((request) =>
    route.target === undefined
      ? Promise.resolve(new Response(null, { status: 503 }))
      : route.target(request),
  )
  const f = await createFixture({
    serviceOrigin: server.origin,
    tool: {
      dangerouslyAllowInsecureLoopback: true,
      gradeDelivery: { random: () => 0.5, ...gradeDelivery },
    },
  })
  route.target = f.platform.handle
  return f
}

async function completeFinalTest(f: Fixture, subject = 'user-1', lineItemUrl?: string) {
  await f.launch13({
    custom: { course: 'SAFE-101' },
    subject,
    lineItemUrl: lineItemUrl ?? f.platform.urls.lineItem('1'),
  })
  const learnerId = f.launches.at(-1)?.learner.id ?? ''
  const outcome = await f.tool.grades.reportResult({
    publicationId: 'publication-1',
    learnerId,
    activityId: 'activity-final',
    score: 0.8,
    completed: true,
    at: FIXTURE_START - 1_000,
  })
  if (outcome.status !== 'queued') throw new Error(`not queued: ${outcome.reason}`)
  return outcome.itemId
}

const reply =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ error: `status ${status}` }), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })

describe('grade delivery over HTTP', () => {
  it('retries a 503 with exponential backoff, then delivers with the original timestamp', async () => {
    const f = await overHttp()
    const id = await completeFinalTest(f)
    f.platform.scoreReplies.push(reply(503), reply(503))
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 1, retried: 1 })
    const first = await f.ports.gradeOutbox.get(id)
    // attempt 1: base 30 s, equal jitter with random 0.5 → 15 s + 7.5 s.
    expect(first).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastStatus: 503,
      nextAttemptAt: FIXTURE_START + 22_500,
    })
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 0 })
    f.advance(22_500)
    await f.tool.grades.deliverDue()
    expect((await f.ports.gradeOutbox.get(id))?.nextAttemptAt).toBe(FIXTURE_START + 22_500 + 45_000)
    f.advance(45_000)
    expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({ state: 'delivered', attempts: 3 })
    const stamps = f.platform.scores.map((s) => s.score.timestamp)
    expect(stamps).toEqual(Array(3).fill(new Date(FIXTURE_START - 1_000).toISOString()))
    expect(f.platform.scores.map((s) => s.status)).toEqual([503, 503, 200])
    expect(f.platform.scores[2]?.score).toMatchObject({
      userId: 'user-1',
      scoreGiven: 0.8,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    })
    expect(f.platform.scores.every((s) => s.userAgent === USER_AGENT)).toBe(true)
    expect(f.platform.tokenRequests).toEqual([
      {
        status: 200,
        scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        userAgent: USER_AGENT,
      },
    ])
  })

  it.each([
    ['seconds', '120', 120_000],
    ['an HTTP date', new Date(FIXTURE_START + 300_000).toUTCString(), 300_000],
  ])('honours 429 with Retry-After in %s', async (_name, retryAfter, wait) => {
    const f = await overHttp()
    const id = await completeFinalTest(f)
    f.platform.scoreReplies.push(reply(429, { 'retry-after': retryAfter }))
    await f.tool.grades.deliverDue()
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({
      state: 'pending',
      lastStatus: 429,
      nextAttemptAt: FIXTURE_START + wait,
    })
  })

  it.each([408, 425, 500, 502, 504])('retries HTTP %i', async (status) => {
    const f = await overHttp()
    const id = await completeFinalTest(f)
    f.platform.scoreReplies.push(reply(status))
    await f.tool.grades.deliverDue()
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({
      state: 'pending',
      lastStatus: status,
    })
  })

  it.each([400, 403, 404, 409, 422])(
    'dead-letters HTTP %i at once, and resends it on request',
    async (status) => {
      const f = await overHttp()
      const id = await completeFinalTest(f)
      f.platform.scoreReplies.push(reply(status))
      expect(await f.tool.grades.deliverDue()).toMatchObject({ dead: 1 })
      expect(await f.ports.gradeOutbox.get(id)).toMatchObject({
        state: 'dead',
        attempts: 1,
        lastStatus: status,
      })
      expect((await f.tool.grades.deadLetters()).map((item) => item.id)).toEqual([id])
      expect(await f.tool.grades.resend(id)).toBe(true)
      expect(await f.tool.grades.resend(id)).toBe(false)
      expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
      expect(f.platform.scores.map((s) => s.score.timestamp)).toEqual([
        new Date(FIXTURE_START - 1_000).toISOString(),
        new Date(FIXTURE_START - 1_000).toISOString(),
      ])
    },
  )

  it('dead-letters after the last attempt', async () => {
    const f = await overHttp({ maxAttempts: 3 })
    const id = await completeFinalTest(f)
    f.platform.scoreReplies.push(reply(503), reply(503), reply(503))
    for (let run = 0; run < 3; run += 1) {
      await f.tool.grades.deliverDue()
      f.advance(3_600_000)
    }
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({
      state: 'dead',
      attempts: 3,
      lastStatus: 503,
    })
  })

  it('retries a 401 once with a fresh access token, and dead-letters a second 401', async () => {
    const f = await overHttp()
    const id = await completeFinalTest(f)
    f.platform.scoreReplies.push(reply(401))
    expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
    expect(f.platform.tokenRequests).toHaveLength(2)
    const second = await completeFinalTest(f, 'user-2')
    f.platform.scoreReplies.push(reply(401), reply(401))
    await f.tool.grades.deliverDue()
    expect(await f.ports.gradeOutbox.get(second)).toMatchObject({ state: 'dead', lastStatus: 401 })
    expect((await f.ports.gradeOutbox.get(id))?.state).toBe('delivered')
  })

  it('retries when the platform cannot be reached', async () => {
    const f = await overHttp()
    const id = await completeFinalTest(
      f,
      'user-1',
      `${await deadOrigin()}/context/c1/lineitems/1/lineitem`,
    )
    await f.tool.grades.deliverDue()
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({ state: 'pending', lastStatus: 0 })
  })

  it('keeps at most the per-platform limit in flight, sharing one access token', async () => {
    const f = await overHttp({ concurrencyPerPlatform: 2 })
    f.platform.scoreDelayMs = 40
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5']) await completeFinalTest(f, user)
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 5, delivered: 5 })
    expect(f.platform.maxScoresInFlight).toBe(2)
    expect(f.platform.tokenRequests).toHaveLength(1)
  })

  it('delivers LTI 1.1 results with a signed replaceResult', async () => {
    const f = await overHttp()
    await f.tool.handle(
      await f.lti11Request(
        {
          user_id: 'u11',
          lis_outcome_service_url: f.platform.urls.outcomes,
          lis_result_sourcedid: 'src-7',
        },
        { custom: { course: 'SAFE-101' } },
      ),
    )
    const learnerId = f.launches[0]?.learner.id ?? ''
    await f.tool.grades.reportResult({
      publicationId: 'publication-1',
      learnerId,
      activityId: 'activity-final',
      score: 0.92,
      completed: true,
    })
    expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
    expect(f.platform.outcomes).toEqual([{ sourcedId: 'src-7', score: 0.92 }])
  })

  it('dead-letters an LTI 1.1 result the platform answers with failure', async () => {
    const f = await overHttp()
    await f.tool.handle(
      await f.lti11Request(
        {
          user_id: 'u11',
          lis_outcome_service_url: f.platform.urls.outcomes,
          lis_result_sourcedid: 'src-7',
        },
        { custom: { course: 'SAFE-101' } },
      ),
    )
    // The key is re-pointed at a secret the platform does not know: its signature check fails.
    const consumers = f.ports.consumerKeys as unknown as { find: (key: string) => Promise<unknown> }
    const original = consumers.find.bind(consumers)
    consumers.find = async (key) => ({ ...((await original(key)) as object), secret: 'rotated' })
    const learnerId = f.launches[0]?.learner.id ?? ''
    const report = {
      publicationId: 'publication-1',
      learnerId,
      activityId: 'activity-final',
      completed: true,
    }
    await f.tool.grades.reportResult({ ...report, score: 0.5 })
    const result = await f.tool.grades.deliverDue()
    expect(result).toMatchObject({ dead: 1 })
    expect(result.items[0]?.error).toContain('failure')
  })
})
