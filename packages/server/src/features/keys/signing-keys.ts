import type { KeyRing } from '@ltihub/core/keys'
import type { Role } from '../../config/index.js'
import { ensureKeyRing, type KeyDeps } from './service.js'

/**
 * The key rings features sign with, cached so a launch does not decrypt and import RSA keys on
 * every request. A rotation by another process (`ltihub keys rotate`) is seen within the TTL;
 * until then this process keeps signing with the key that just retired, which stays published, so
 * nothing it signs fails to verify.
 */
export interface SigningKeys {
  /** The ring of one role: `signingKeyOf(ring)` signs, `publicJwks(ring)` publishes. */
  ring(purpose: Role): Promise<KeyRing>
  /** Forgets the cache (after a rotation in this process). */
  invalidate(): void
}

/** How long a loaded ring is used before it is read again. */
export const KEY_RING_TTL_MS = 60_000

export function createSigningKeys(deps: KeyDeps, ttlMs = KEY_RING_TTL_MS): SigningKeys {
  const cache = new Map<Role, { readonly loadedAt: number; readonly ring: Promise<KeyRing> }>()
  return {
    ring(purpose) {
      const cached = cache.get(purpose)
      if (cached !== undefined && deps.clock() - cached.loadedAt < ttlMs) return cached.ring
      const ring = ensureKeyRing(deps, purpose)
      cache.set(purpose, { loadedAt: deps.clock(), ring })
      // A failed load is not cached: the next caller tries again.
      ring.catch(() => cache.delete(purpose))
      return ring
    },
    invalidate() {
      cache.clear()
    },
  }
}
