import { afterEach, describe, expect, it } from 'vitest'
import type { ToolEvent } from '../events.js'
import { createFixture, FIXTURE_START, type Fixture } from '../testing/fixture.js'
import { type LoopbackServer, startLoopback } from '../testing/loopback.js'
import type { RetryPolicy } from './policy.js'

/*
 * Grade delivery when platforms misbehave, over real HTTP on loopback: one platform that never
 * answers, one that throttles, and answers lost after the platform applied the score.
 */

const TIMEOUT_MS = 250
const servers: LoopbackServer[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** What a platform's web server does with the next requests. */
interface Gate {
  /** Accept the connection and never answer. */
  hang: boolean
  /** Apply the next request, then never answer it (the answer is lost). */
  loseNextAnswer: boolean
  requests: number
}

/** A loopback server in front of the fixture's platform that can hang or lose answers. */
async function gated(handler: () => (request: Request) => Promise<Response>) {
  const gate: Gate = { hang: false, loseNextAnswer: false, requests: 0 }
  const server = await startLoopback(async (request) => {
    gate.requests += 1
    if (gate.hang) return new Promise<Response>(() => undefined)
    const response = await handler()(request)
    if (!gate.loseNextAnswer) return response
    gate.loseNextAnswer = false
    return new Promise<Response>(() => undefined)
  })
  servers.push(server)
  return { gate, origin: server.origin }
}

interface World {
  readonly f: Fixture
  /** The LTI 1.3 platform's services (AGS, token). */
  readonly lms13: Gate
  /** The LTI 1.1 platform's outcome service: another platform, on another server. */
  readonly lms11: Gate & { readonly outcomesUrl: string }
  readonly events: ToolEvent[]
}

async function twoPlatforms(
  gradeDelivery: Partial<RetryPolicy> = {},
  serviceTimeoutMs = TIMEOUT_MS,
): Promise<World> {
  const target: { f?: Fixture } = {}
  const platformOf = () => (request: Request) => {
    if (target.f === undefined) return Promise.resolve(new Response(null, { status: 503 }))
    return target.f.platform.handle(request)
  }
  const lms13 = await gated(platformOf)
  const lms11 = await gated(platformOf)
  const events: ToolEvent[] = []
  const f = await createFixture({
    serviceOrigin: lms13.origin,
    tool: {
      dangerouslyAllowInsecureLoopback: true,
      serviceTimeoutMs,
      gradeDelivery: { random: () => 0.5, concurrencyPerPlatform: 1, ...gradeDelivery },
      onEvent: (event) => events.push(event),
    },
  })
  target.f = f
  return {
    f,
    lms13: lms13.gate,
    lms11: Object.assign(lms11.gate, { outcomesUrl: `${lms11.origin}/outcomes` }),
    events,
  }
}

const report = (f: Fixture, learnerId: string, score: number) =>
  f.tool.grades.reportResult({
    publicationId: 'publication-1',
    learnerId,
    activityId: 'activity-final',
    score,
    completed: true,
  })

/** A learner launched from the LTI 1.3 platform; resolves the learner id. */
async function launch13(f: Fixture, subject: string): Promise<string> {
  await f.launch13({
    custom: { course: 'SAFE-101' },
    subject,
    lineItemUrl: f.platform.urls.lineItem('1'),
  })
  return f.launches.at(-1)?.learner.id ?? ''
}

async function queue(f: Fixture, learnerId: string, score: number): Promise<string> {
  const queued = await report(f, learnerId, score)
  if (queued.status !== 'queued') throw new Error(`not queued: ${queued.reason}`)
  return queued.itemId
}

/** A learner launched from the LTI 1.3 platform, with a queued grade; resolves the item id. */
async function grade13(f: Fixture, subject: string, score = 0.8): Promise<string> {
  return queue(f, await launch13(f, subject), score)
}

/** A learner launched from the LTI 1.1 platform, with a queued grade; resolves the item id. */
async function grade11(world: World, userId: string, score = 0.6): Promise<string> {
  const { f } = world
  await f.tool.handle(
    await f.lti11Request(
      {
        user_id: userId,
        lis_outcome_service_url: world.lms11.outcomesUrl,
        lis_result_sourcedid: `src-${userId}`,
      },
      { custom: { course: 'SAFE-101' } },
    ),
  )
  const queued = await report(f, f.launches.at(-1)?.learner.id ?? '', score)
  if (queued.status !== 'queued') throw new Error(`not queued: ${queued.reason}`)
  return queued.itemId
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

const eventsOf = (world: World, itemId: string) =>
  world.events.filter((e) => 'itemId' in e && e.itemId === itemId).map((e) => e.type)

describe('grade delivery isolation between platforms', () => {
  it('a platform that never answers delays only its own grades; its delivery is abandoned at the timeout and retried later', async () => {
    const world = await twoPlatforms({}, 1_500)
    const { f } = world
    const stuck = await grade11(world, 'u11')
    const first = await grade13(f, 'user-1')
    const learner2 = await launch13(f, 'user-2')
    world.lms11.hang = true

    const slowRun = f.tool.grades.deliverDue()
    await until(
      () =>
        world.lms11.requests === 1 &&
        world.events.some((e) => e.type === 'grade.delivered' && e.itemId === first),
    )
    // While the first run waits on the silent platform, the other platform's grades keep going:
    // a new grade goes out in the next run, which skips the busy platform.
    const second = await queue(f, learner2, 0.9)
    const nextRun = await f.tool.grades.deliverDue()
    expect(nextRun).toMatchObject({ claimed: 1, delivered: 1 })
    expect(nextRun.items.map((i) => i.id)).toEqual([second])
    expect((await f.ports.gradeOutbox.get(stuck))?.state).toBe('delivering')

    const slow = await slowRun
    expect(slow).toMatchObject({ claimed: 2, delivered: 1, retried: 1 })
    const abandoned = await f.ports.gradeOutbox.get(stuck)
    expect(abandoned).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 0 })
    expect(abandoned?.lastError).toContain('within 1500 ms')
    expect(abandoned?.nextAttemptAt).toBe(FIXTURE_START + 22_500)
    // Order, not wall-clock: both 1.3 grades were delivered before the silent one was abandoned.
    const order = world.events
      .filter((e) => e.type === 'grade.delivered' || e.type === 'grade.retry')
      .map((e) => ('itemId' in e ? e.itemId : ''))
    expect(order).toEqual([first, second, stuck])
    expect(f.platform.scores.map((s) => s.score.userId)).toEqual(['user-1', 'user-2'])

    // The platform answers again; the abandoned grade goes once its backoff has passed.
    world.lms11.hang = false
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 0 })
    f.advance(22_500)
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 1, delivered: 1 })
    expect(await f.ports.gradeOutbox.get(stuck)).toMatchObject({ state: 'delivered', attempts: 2 })
    expect(f.platform.outcomes).toEqual([{ sourcedId: 'src-u11', score: 0.6 }])
    expect(eventsOf(world, stuck)).toEqual(['grade.retry', 'grade.delivered'])
  })

  it('a token endpoint that never answers is abandoned at the timeout too', async () => {
    const world = await twoPlatforms()
    const { f } = world
    const id = await grade13(f, 'user-1')
    world.lms13.hang = true
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 1, retried: 1 })
    const item = await f.ports.gradeOutbox.get(id)
    expect(item).toMatchObject({ state: 'pending', lastStatus: 0 })
    expect(item?.lastError).toContain(`within ${TIMEOUT_MS} ms`)
    expect(f.platform.tokenRequests).toEqual([])
  })

  it('429 with Retry-After holds back that platform only, new grades included, and counts no attempt for the held ones', async () => {
    const world = await twoPlatforms()
    const { f } = world
    const throttled = await grade13(f, 'user-1')
    const held = [await grade13(f, 'user-2'), await grade13(f, 'user-3')]
    const other = await grade11(world, 'u11')
    f.platform.scoreReplies.push(
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '120' } }),
    )

    const run = await f.tool.grades.deliverDue()
    expect(run).toMatchObject({ claimed: 4, delivered: 1, retried: 3, dead: 0 })
    expect(f.platform.scores).toHaveLength(1)
    expect(await f.ports.gradeOutbox.get(throttled)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastStatus: 429,
      nextAttemptAt: FIXTURE_START + 120_000,
    })
    for (const id of held) {
      expect(await f.ports.gradeOutbox.get(id)).toMatchObject({
        state: 'pending',
        attempts: 0,
        nextAttemptAt: FIXTURE_START + 120_000,
      })
    }
    expect((await f.ports.gradeOutbox.get(other))?.state).toBe('delivered')

    // A minute later: a new grade of the throttled platform waits, the other platform's goes.
    f.advance(60_000)
    const waiting = await grade13(f, 'user-4')
    const next = await grade11(world, 'u12')
    const later = await f.tool.grades.deliverDue()
    expect(later.items.map((i) => i.id)).toEqual([next])
    expect((await f.ports.gradeOutbox.get(waiting))?.state).toBe('pending')

    f.advance(60_000)
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 4, delivered: 4 })
    expect(f.platform.scores.map((s) => s.status)).toEqual([429, 200, 200, 200, 200])
  })
})

describe('grade delivery idempotence', () => {
  it('a score whose answer was lost is sent again with its timestamp, and the 409 that follows counts as delivered', async () => {
    const world = await twoPlatforms()
    const { f } = world
    f.platform.ordersScores = true
    const id = await grade13(f, 'user-1')
    await f.tool.grades.deliverDue() // the token request
    world.lms13.loseNextAnswer = true
    const lost = await grade13(f, 'user-2')
    // The platform applies the score; its answer never arrives, so the attempt times out.
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 1, retried: 1 })
    expect(await f.ports.gradeOutbox.get(lost)).toMatchObject({ state: 'pending', attempts: 1 })
    f.advance(22_500)
    const retry = await f.tool.grades.deliverDue()
    expect(retry.items).toEqual([{ id: lost, state: 'delivered', alreadyHeld: true }])
    expect(await f.ports.gradeOutbox.get(lost)).toMatchObject({ state: 'delivered', attempts: 2 })
    const sent = f.platform.scores.filter((s) => s.score.userId === 'user-2')
    expect(sent.map((s) => s.status)).toEqual([200, 409])
    expect(sent[0]?.score.timestamp).toBe(sent[1]?.score.timestamp)
    expect((await f.ports.gradeOutbox.get(id))?.state).toBe('delivered')
  })

  it('a resent dead letter the platform already holds is confirmed through the results service', async () => {
    const world = await twoPlatforms()
    const { f } = world
    f.platform.ordersScores = true
    const id = await grade13(f, 'user-1')
    expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
    // An administrator resends it (attempts back to 0): the platform refuses the equal timestamp,
    // and the result it reads back is this very score.
    await f.ports.gradeOutbox.settle(id, {
      state: 'dead',
      at: f.clock(),
      attempts: 1,
      lastError: 'set by the test',
    })
    expect(await f.tool.grades.resend(id)).toBe(true)
    const resent = await f.tool.grades.deliverDue()
    expect(resent.items).toEqual([{ id, state: 'delivered', alreadyHeld: true }])
    expect(f.platform.scores.map((s) => s.status)).toEqual([200, 409])
  })

  it('a first 409 for a score the platform does not hold is still a dead letter', async () => {
    const world = await twoPlatforms()
    const { f } = world
    const id = await grade13(f, 'user-1')
    f.platform.scoreReplies.push(() => new Response('{}', { status: 409 }))
    expect(await f.tool.grades.deliverDue()).toMatchObject({ dead: 1 })
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({ state: 'dead', lastStatus: 409 })
  })

  it('an item taken over from a stopped worker comes back resumed, and its 409 counts as delivered', async () => {
    const world = await twoPlatforms()
    const { f } = world
    f.platform.ordersScores = true
    const id = await grade13(f, 'user-1')
    expect(await f.tool.grades.deliverDue()).toMatchObject({ delivered: 1 })
    // Replays the crash: the row is claimed (leased for 1 s) by a worker that then stops.
    await f.ports.gradeOutbox.settle(id, {
      state: 'pending',
      at: f.clock(),
      attempts: 0,
      nextAttemptAt: f.clock(),
      lastError: 'set by the test',
    })
    const [claimed] = await f.ports.gradeOutbox.claimDue(f.clock(), 10, f.clock() + 1_000)
    expect(claimed).toMatchObject({ id, state: 'delivering' })
    expect(claimed?.resumed).toBeUndefined()
    expect(await f.tool.grades.deliverDue()).toMatchObject({ claimed: 0 })
    f.advance(1_000)
    const resumed = await f.tool.grades.deliverDue()
    expect(resumed.items).toEqual([{ id, state: 'delivered', alreadyHeld: true }])
    expect(await f.ports.gradeOutbox.get(id)).toMatchObject({ state: 'delivered', attempts: 1 })
    expect(f.platform.scores.map((s) => s.status)).toEqual([200, 409])
  })
})
