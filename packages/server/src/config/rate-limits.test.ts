import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { isConfigError } from './errors.js'
import { loadConfig } from './load.js'

function issuesOf(env: Record<string, string>) {
  try {
    loadConfig({ env })
  } catch (error) {
    if (isConfigError(error)) return error.issues
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('rate-limit settings', () => {
  it('default to limits for a school behind one address, counters in memory on SQLite', () => {
    const { rateLimits } = loadConfig({ env: {} })
    expect(rateLimits).toMatchObject({
      store: 'memory',
      redisPrefix: 'ltihub:rate-limit:',
      signIn: { max: 60, windowMs: 300_000 },
      lti11BadSignature: { max: 20, windowMs: 900_000 },
      api: { max: 600, windowMs: 60_000 },
    })
  })

  it('read MAX/WINDOW in seconds, minutes and hours', () => {
    const { rateLimits } = loadConfig({
      env: { RATE_LIMIT_TOKEN: '5/30s', RATE_LIMIT_API: '1000/2m', RATE_LIMIT_SIGN_IN: '3/24h' },
    })
    expect(rateLimits.token).toEqual({ max: 5, windowMs: 30_000 })
    expect(rateLimits.api).toEqual({ max: 1000, windowMs: 120_000 })
    expect(rateLimits.signIn).toEqual({ max: 3, windowMs: 86_400_000 })
  })

  it.each(['0/1m', '10', '10/', '10/0s', '10/25h', '-1/1m', '10/1d', '2000000/1m'])(
    'refuse %s naming the setting',
    (value) => {
      expect(issuesOf({ RATE_LIMIT_AUTHORIZE: value })).toEqual([
        { setting: 'RATE_LIMIT_AUTHORIZE', message: expect.stringContaining('MAX/WINDOW') },
      ])
    },
  )

  it('keep counters in the database on PostgreSQL and in Redis when REDIS_URL is set', () => {
    const postgres = { DATABASE_URL: 'postgres://ltihub@db.internal/ltihub' }
    expect(loadConfig({ env: postgres }).rateLimits.store).toBe('database')
    const redis = { ...postgres, REDIS_URL: 'redis://:pw@cache.internal:6379/0' }
    const config = loadConfig({ env: redis })
    expect(config.rateLimits.store).toBe('redis')
    expect(inspect(config, { depth: 5 })).not.toContain(':pw@')
    expect(loadConfig({ env: { ...redis, RATE_LIMIT_STORE: 'memory' } }).rateLimits.store).toBe(
      'memory',
    )
  })

  it('require REDIS_URL for the redis store and refuse other URLs', () => {
    expect(issuesOf({ RATE_LIMIT_STORE: 'redis' })).toEqual([
      { setting: 'REDIS_URL', message: 'required when RATE_LIMIT_STORE=redis' },
    ])
    expect(issuesOf({ REDIS_URL: 'http://cache' })[0]?.setting).toBe('REDIS_URL')
    expect(issuesOf({ RATE_LIMIT_STORE: 'disk' })[0]?.setting).toBe('RATE_LIMIT_STORE')
  })
})
