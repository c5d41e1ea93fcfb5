import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { redisSkipReason, testRedisClient, testRedisPrefix } from '../../testing/redis.js'
import { countHit, purgeEndedWindows, readHits, sqlRateLimitStore } from './sql-store.js'

const dialects = await testDialects()
const redisSkip = await redisSkipReason()
const T0 = Date.UTC(2026, 0, 1)

interface Verdict {
  readonly allowed: boolean
  readonly exceeded: boolean
  readonly remaining: number
  readonly ttl: number
}

/**
 * A Fastify app whose one route runs a `createRateLimit` limiter (the library as the server uses
 * it): `hit()` counts one request of `key`, `peek()` reads without counting.
 */
async function limiterApp(options: RateLimitPluginOptions, max: number, windowMs: number) {
  const app: FastifyInstance = Fastify()
  await app.register(rateLimit, { global: false, ...options })
  const limit = () =>
    app.createRateLimit({
      max,
      timeWindow: windowMs,
      keyGenerator: (request) => (request.query as { key: string }).key,
    })
  let limiter: ReturnType<typeof limit> | undefined
  app.get('/', async (request) => {
    limiter ??= limit()
    const { peek } = request.query as { peek?: string }
    const result = await limiter(request, peek === '1' ? { increment: false } : undefined)
    return result.isAllowed
      ? { allowed: true, exceeded: false, remaining: max, ttl: 0 }
      : {
          allowed: false,
          exceeded: result.isExceeded,
          remaining: result.remaining,
          ttl: result.ttl,
        }
  })
  await app.ready()
  const ask = async (key: string, peek: boolean): Promise<Verdict> =>
    (await app.inject({ url: '/', query: { key, ...(peek ? { peek: '1' } : {}) } })).json()
  return {
    app,
    hit: (key: string) => ask(key, false),
    peek: (key: string) => ask(key, true),
  }
}

type Backend = {
  readonly name: string
  readonly skip: string | undefined
  /** Plugin options for a fresh, isolated set of counters; `clock` drives the SQL store only. */
  options(clock: { now: number }): Promise<RateLimitPluginOptions>
  /** Moves time past a window of `windowMs`. */
  pass(clock: { now: number }, windowMs: number): Promise<void>
  readonly shared: boolean
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The contract every counter backend keeps, through the library. */
function contract(backend: Backend, windowMs: number) {
  const apps: FastifyInstance[] = []
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close()
  })
  const build = async (clock: { now: number }, max = 3, options?: RateLimitPluginOptions) => {
    const built = await limiterApp(options ?? (await backend.options(clock)), max, windowMs)
    apps.push(built.app)
    return built
  }

  it('allows max requests in a window, refuses the next, and reports the time left', async () => {
    const { hit } = await build({ now: T0 })
    const results = [await hit('a'), await hit('a'), await hit('a'), await hit('a')]
    expect(results.map((r) => [r.exceeded, r.remaining])).toEqual([
      [false, 2],
      [false, 1],
      [false, 0],
      [true, 0],
    ])
    expect(results[3]?.ttl).toBeGreaterThan(0)
    expect(results[3]?.ttl).toBeLessThanOrEqual(windowMs)
    expect((await hit('b')).remaining).toBe(2)
  })

  it('peeks without counting', async () => {
    const { hit, peek } = await build({ now: T0 })
    expect((await peek('p')).remaining).toBe(3)
    await hit('p')
    await hit('p')
    expect((await peek('p')).remaining).toBe(1)
    expect((await peek('p')).remaining).toBe(1)
    expect((await hit('p')).remaining).toBe(0)
  })

  it('starts a new window when the old one has ended', async () => {
    const clock = { now: T0 }
    const { hit, peek } = await build(clock)
    for (let i = 0; i < 4; i += 1) await hit('w')
    expect((await peek('w')).remaining).toBe(0)
    await backend.pass(clock, windowMs)
    expect((await peek('w')).remaining).toBe(3)
    expect(await hit('w')).toMatchObject({ exceeded: false, remaining: 2 })
  })

  if (backend.shared) {
    it('shares counters between two apps (as between processes)', async () => {
      const clock = { now: T0 }
      const options = await backend.options(clock)
      const first = await build(clock, 5, options)
      const second = await build(clock, 5, options)
      const results: Verdict[] = []
      for (let i = 0; i < 8; i += 1) results.push(await (i % 2 === 0 ? first : second).hit('s'))
      expect(results.map((r) => r.exceeded)).toEqual([
        ...Array<boolean>(5).fill(false),
        ...Array<boolean>(3).fill(true),
      ])
    })
  }
}

describe('memory counters (one process)', () => {
  contract(
    {
      name: 'memory',
      skip: undefined,
      shared: false,
      options: async () => ({ cache: 1000 }),
      pass: async (_clock, windowMs) => sleep(windowMs + 50),
    },
    300,
  )
})

describe.skipIf(redisSkip !== undefined)('Redis counters', () => {
  const clients: Redis[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.quit()
  })
  contract(
    {
      name: 'redis',
      skip: redisSkip,
      shared: true,
      options: async () => {
        const redis = testRedisClient()
        clients.push(redis)
        return { redis, nameSpace: testRedisPrefix() }
      },
      pass: async (_clock, windowMs) => sleep(windowMs + 50),
    },
    300,
  )
})

describe.each(dialects)('database counters on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  describe('through the library', () => {
    contract(
      {
        name: dialect.name,
        skip: dialect.skipReason,
        shared: true,
        options: async (clock) => ({ store: sqlRateLimitStore(database().db, () => clock.now) }),
        pass: async (clock, windowMs) => {
          clock.now += windowMs
        },
      },
      60_000,
    )
  })

  it('counts one hit per call, restarts ended windows and reads without counting', async () => {
    const { db } = database()
    expect(await countHit(db, 'k', 1000, T0)).toEqual({ current: 1, ttl: 1000 })
    expect(await countHit(db, 'k', 1000, T0 + 400)).toEqual({ current: 2, ttl: 600 })
    expect(await readHits(db, 'k', T0 + 500)).toEqual({ current: 2, ttl: 500 })
    expect(await readHits(db, 'k', T0 + 1000)).toEqual({ current: 0, ttl: 0 })
    expect(await countHit(db, 'k', 1000, T0 + 1000)).toEqual({ current: 1, ttl: 1000 })
    expect(await readHits(db, 'other', T0)).toEqual({ current: 0, ttl: 0 })
  })

  it('loses no hit when 50 arrive at once', async () => {
    const { db } = database()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => countHit(db, 'race', 60_000, T0)),
    )
    expect(results.map((r) => r.current).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
  })

  it('purges only counters whose window has ended', async () => {
    const { db } = database()
    await countHit(db, 'short', 1000, T0)
    await countHit(db, 'long', 60_000, T0)
    expect(await purgeEndedWindows(db, T0 + 1000)).toBe(1)
    const keys = await db.selectFrom('rate_limit_counters').select('key').execute()
    expect(keys.map((row) => row.key)).toEqual(['long'])
  })

  it('stores an oversize key as its hash', async () => {
    const { db } = database()
    const { app, hit } = await limiterApp({ store: sqlRateLimitStore(db, () => T0) }, 3, 60_000)
    await hit('x'.repeat(5000))
    await app.close()
    const rows = await db.selectFrom('rate_limit_counters').select('key').execute()
    expect(rows[0]?.key).toMatch(/^sha256:[\w-]{43}$/)
  })
})
