import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LtiError } from '../internal/core.js'
import {
  backoffDelay,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  DeliveryFailure,
  isRetryableStatus,
} from './policy.js'

describe('retry policy', () => {
  it('backs off exponentially with equal jitter, capped, never before Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 10 * 86_400_000 }), { nil: undefined }),
        (attempts, random, retryAfter) => {
          const policy = { ...DEFAULT_RETRY_POLICY, random: () => random }
          const delay = backoffDelay(policy, attempts, retryAfter)
          const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1))
          const floor = retryAfter === undefined ? 0 : Math.min(retryAfter, policy.maxRetryAfterMs)
          expect(delay).toBeGreaterThanOrEqual(Math.floor(Math.max(exponential / 2, floor)))
          expect(delay).toBeLessThanOrEqual(Math.ceil(Math.max(exponential, floor)))
        },
      ),
    )
  })

  it('doubles the wait each attempt', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, random: () => 1 - Number.EPSILON }
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n, undefined))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ])
  })

  it.each([
    [0, true],
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [422, false],
  ])('HTTP %i is retryable: %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable)
  })

  it('treats anything but a classified answer as final, without leaking a stack', () => {
    const token = classifyFailure(
      new LtiError('ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED', { detail: '{"status":400}' }),
    )
    expect(token).toMatchObject({ retryable: false, status: undefined })
    expect(token.message).toContain('{"status":400}')
    const bug = classifyFailure(new TypeError('score must be a number'))
    expect(bug.retryable).toBe(false)
    const kept = new DeliveryFailure('x', true, 503, 1000)
    expect(classifyFailure(kept)).toBe(kept)
    expect(classifyFailure('a string').message).toBe('a string')
  })
})
