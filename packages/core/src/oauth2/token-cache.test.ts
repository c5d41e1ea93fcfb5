import { describe, expect, it, vi } from 'vitest'
import { SCOPE } from '../claims/uris.js'
import { AccessTokenCache } from './token-cache.js'
import type { TokenSet } from './token-client.js'

let now = 1_000_000
const clock = () => now
const KEY = {
  tokenEndpoint: 'https://p.example/token',
  clientId: 'tool',
  scopes: [SCOPE.score, SCOPE.lineItem],
}

function issuer(lifetimeSeconds = 3600) {
  let count = 0
  const request = vi.fn(async (): Promise<TokenSet> => {
    await new Promise((resolve) => setTimeout(resolve, 5))
    count++
    return {
      accessToken: `token-${count}`,
      tokenType: 'Bearer',
      expiresIn: lifetimeSeconds,
      expiresAt: now + lifetimeSeconds * 1000,
      scopes: KEY.scopes,
    }
  })
  return request
}

describe('AccessTokenCache', () => {
  it('makes one token request for 50 concurrent callers', async () => {
    const cache = new AccessTokenCache({ clock })
    const request = issuer()
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get(KEY, request)))
    expect(request).toHaveBeenCalledTimes(1)
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['token-1']))
  })

  it('reuses a token until shortly before it expires, then fetches a new one', async () => {
    const cache = new AccessTokenCache({ clock, refreshMarginSeconds: 60 })
    const request = issuer(3600)
    expect((await cache.get(KEY, request)).accessToken).toBe('token-1')
    now += 3539_000
    expect((await cache.get(KEY, request)).accessToken).toBe('token-1')
    now += 2_000
    expect((await cache.get(KEY, request)).accessToken).toBe('token-2')
    expect(request).toHaveBeenCalledTimes(2)
  })

  it('keeps a short-lived token for half its lifetime when the margin exceeds it', async () => {
    const cache = new AccessTokenCache({ clock, refreshMarginSeconds: 60 })
    const request = issuer(30)
    await cache.get(KEY, request)
    now += 14_000
    expect((await cache.get(KEY, request)).accessToken).toBe('token-1')
    now += 2_000
    expect((await cache.get(KEY, request)).accessToken).toBe('token-2')
  })

  it('keys by endpoint, client and the sorted set of scopes', async () => {
    const cache = new AccessTokenCache({ clock })
    const request = issuer()
    await cache.get(KEY, request)
    await cache.get({ ...KEY, scopes: [SCOPE.lineItem, SCOPE.score, SCOPE.score] }, request)
    expect(request).toHaveBeenCalledTimes(1)
    await cache.get({ ...KEY, clientId: 'other' }, request)
    await cache.get({ ...KEY, tokenEndpoint: 'https://q.example/token' }, request)
    await cache.get({ ...KEY, scopes: [SCOPE.score] }, request)
    expect(request).toHaveBeenCalledTimes(4)
  })

  it('does not cache a failure, and shares it with concurrent callers', async () => {
    const cache = new AccessTokenCache({ clock })
    const failing = vi.fn(() => Promise.reject(new Error('platform down')))
    const results = await Promise.allSettled([cache.get(KEY, failing), cache.get(KEY, failing)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(failing).toHaveBeenCalledTimes(1)
    const request = issuer()
    expect((await cache.get(KEY, request)).accessToken).toBe('token-1')
  })

  it('forgets a token on invalidate', async () => {
    const cache = new AccessTokenCache({ clock })
    const request = issuer()
    await cache.get(KEY, request)
    cache.invalidate(KEY)
    expect((await cache.get(KEY, request)).accessToken).toBe('token-2')
  })

  it('drops the oldest entry beyond maxEntries', async () => {
    const cache = new AccessTokenCache({ clock, maxEntries: 1 })
    const request = issuer()
    await cache.get(KEY, request)
    await cache.get({ ...KEY, clientId: 'b' }, request)
    await cache.get(KEY, request)
    expect(request).toHaveBeenCalledTimes(3)
  })

  it('throws TypeError for invalid options', () => {
    expect(() => new AccessTokenCache({ refreshMarginSeconds: -1 })).toThrow(TypeError)
    expect(() => new AccessTokenCache({ maxEntries: 0 })).toThrow(TypeError)
  })
})
