/**
 * Storage ports the protocol needs. Each is small and structural so any database can implement it.
 * Replay-sensitive stores are atomic: `consume` inserts if absent in one operation and says whether
 * it did, never a look-up followed by an insert.
 */

/** Records single-use values (OIDC nonces, OAuth 1 nonces, client assertion `jti`s). */
export interface NonceStore {
  /**
   * Records `value` in `scope` until `expiresAt` (epoch ms). Resolves `true` the first time and
   * `false` for every later call with the same scope and value before it expires.
   */
  consume(scope: string, value: string, expiresAt: number): Promise<boolean>
}

/** A memory `NonceStore` for tests, examples and single-process development. */
export class MemoryNonceStore implements NonceStore {
  readonly #entries = new Map<string, number>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  consume(scope: string, value: string, expiresAt: number): Promise<boolean> {
    const key = `${scope}\u0000${value}`
    const now = this.#now()
    const existing = this.#entries.get(key)
    if (existing !== undefined && existing > now) return Promise.resolve(false)
    this.#entries.set(key, expiresAt)
    if (this.#entries.size % 1024 === 0) this.#sweep(now)
    return Promise.resolve(true)
  }

  #sweep(now: number): void {
    for (const [key, expiry] of this.#entries) if (expiry <= now) this.#entries.delete(key)
  }
}
