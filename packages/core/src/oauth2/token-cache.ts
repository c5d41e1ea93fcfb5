import { systemClock, type Clock } from '../internal/clock.js'
import type { TokenSet } from './token-client.js'

/** Options of {@link AccessTokenCache}. */
export interface AccessTokenCacheOptions {
  readonly clock?: Clock
  /** A token is replaced this long before it expires (at most half its lifetime). Default 60 s. */
  readonly refreshMarginSeconds?: number
  /** Cached tokens kept at most; the oldest is dropped beyond. Default 1000. */
  readonly maxEntries?: number
}

/** What a token is cached for: one client at one token endpoint with one set of scopes. */
export interface AccessTokenCacheKey {
  readonly tokenEndpoint: string
  readonly clientId: string
  readonly scopes: readonly string[]
}

interface Entry {
  readonly token: TokenSet
  readonly refreshAt: number
}

function cacheKey(key: AccessTokenCacheKey): string {
  const scopes = [...new Set(key.scopes)].sort().join(' ')
  return JSON.stringify([key.tokenEndpoint, key.clientId, scopes])
}

/**
 * The tool's cache of access tokens, per token endpoint, client_id and sorted scope set
 * (lti-notes §7.3). A token is reused until shortly before it expires. Requests are single-flight:
 * concurrent callers missing the same key share one token request, and a failure is not cached.
 *
 * @example
 * const token = await cache.get({ tokenEndpoint, clientId, scopes }, () => fetchAccessToken(...))
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export class AccessTokenCache {
  readonly #entries = new Map<string, Entry>()
  readonly #pending = new Map<string, Promise<TokenSet>>()
  readonly #clock: Clock
  readonly #marginMs: number
  readonly #maxEntries: number

  constructor(options: AccessTokenCacheOptions = {}) {
    const margin = options.refreshMarginSeconds ?? 60
    const maxEntries = options.maxEntries ?? 1000
    if (!Number.isFinite(margin) || margin < 0) throw new TypeError('refreshMarginSeconds < 0')
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries < 1')
    this.#clock = options.clock ?? systemClock
    this.#marginMs = margin * 1000
    this.#maxEntries = maxEntries
  }

  /** The cached token for `key`, or the one `request` obtains (once, however many callers wait). */
  get(key: AccessTokenCacheKey, request: () => Promise<TokenSet>): Promise<TokenSet> {
    const id = cacheKey(key)
    const entry = this.#entries.get(id)
    if (entry !== undefined && this.#clock() < entry.refreshAt) return Promise.resolve(entry.token)
    const pending = this.#pending.get(id)
    if (pending !== undefined) return pending
    const started = this.#fetch(id, request)
    this.#pending.set(id, started)
    return started
  }

  /** Forgets the token for `key`, e.g. after a service answered 401 to it. */
  invalidate(key: AccessTokenCacheKey): void {
    this.#entries.delete(cacheKey(key))
  }

  async #fetch(id: string, request: () => Promise<TokenSet>): Promise<TokenSet> {
    try {
      const token = await request()
      const now = this.#clock()
      const lifetime = Math.max(0, token.expiresAt - now)
      const refreshAt = now + Math.max(lifetime - this.#marginMs, lifetime / 2)
      this.#entries.delete(id)
      if (this.#entries.size >= this.#maxEntries) {
        const oldest = this.#entries.keys().next()
        if (oldest.done !== true) this.#entries.delete(oldest.value)
      }
      this.#entries.set(id, { token, refreshAt })
      return token
    } finally {
      this.#pending.delete(id)
    }
  }
}
