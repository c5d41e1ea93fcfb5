/**
 * Redis for tests: `REDIS_TEST_URL` (default `redis://127.0.0.1:6379`). Like PostgreSQL, an
 * unreachable Redis fails the file under CI=true and skips its tests with a notice otherwise.
 * Tests share the server: each uses its own key prefix (`testRedisPrefix()`).
 */
import { Redis } from 'ioredis'

const DEFAULT_URL = 'redis://127.0.0.1:6379'

/** The Redis URL tests use (test infrastructure reads the environment, not the server). */
export function testRedisUrl(): string {
  return process.env['REDIS_TEST_URL'] ?? DEFAULT_URL
}

/** A client that gives up at once when Redis is away (tests must not hang on a reconnect). */
export function testRedisClient(): Redis {
  return new Redis(testRedisUrl(), {
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  })
}

/** `undefined` when Redis answers PING, else why the Redis tests are skipped. Throws under CI. */
export async function redisSkipReason(): Promise<string | undefined> {
  const client = testRedisClient()
  client.on('error', () => undefined)
  let failure: string | undefined
  try {
    await client.ping()
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error)
  } finally {
    client.disconnect()
  }
  if (failure === undefined) return undefined
  const message = `Redis at ${testRedisUrl().replace(/\/\/[^@/]*@/, '//…@')} is unreachable (${failure})`
  if (process.env['CI'] === 'true') throw new Error(`${message}; CI=true requires the Redis suites`)
  process.stderr.write(
    `\n⚠ ${message}: Redis tests are SKIPPED. Start Redis or set REDIS_TEST_URL.\n\n`,
  )
  return message
}

/** A key prefix no other test uses. */
export function testRedisPrefix(): string {
  return `ltihub-test:${crypto.randomUUID()}:`
}
