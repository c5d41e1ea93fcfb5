import { publicJwkOf } from './jwk.js'
import type { JsonWebKeySet, SigningKey } from './types.js'

/**
 * The signing keys of one party, as plain data. `current` signs; `next` is published before it
 * signs; `retiring` keys no longer sign but stay published until tokens they signed have expired.
 */
export interface KeyRing {
  readonly current: SigningKey
  readonly next?: SigningKey
  /** Newest first. */
  readonly retiring: readonly SigningKey[]
}

/** Input of {@link createKeyRing}. */
export interface KeyRingInput {
  readonly current: SigningKey
  readonly next?: SigningKey
  readonly retiring?: readonly SigningKey[]
}

/** Options of {@link rotateKeyRing}. */
export interface RotateOptions {
  /**
   * How many retired keys stay published (newest first). Defaults to 2. With 0 the key that stops
   * signing disappears at once, which breaks tokens it signed that are still in flight.
   */
  readonly maxRetiring?: number
}

function assertUniqueKids(ring: KeyRing): void {
  const kids = [ring.current, ...(ring.next ? [ring.next] : []), ...ring.retiring].map((k) => k.kid)
  if (new Set(kids).size !== kids.length)
    throw new TypeError('every key of a ring needs its own kid')
}

/**
 * Builds a key ring. Throws `TypeError` when two keys share a `kid`, since verifiers choose keys by it.
 *
 * @example
 * const ring = createKeyRing({ current: await generateSigningKey(), next: await generateSigningKey() })
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export function createKeyRing(input: KeyRingInput): KeyRing {
  const ring: KeyRing = {
    current: input.current,
    ...(input.next === undefined ? {} : { next: input.next }),
    retiring: [...(input.retiring ?? [])],
  }
  assertUniqueKids(ring)
  return ring
}

/**
 * Rotates with overlap: `next` starts signing, `current` becomes the newest retiring key, and
 * `newNext` is published to sign at the following rotation. A key is thus in the published set
 * before its first signature and after its last, so no message in flight fails to verify
 * (lti-notes §6: "publish the new key alongside the old; sign with the new; keep the old until all
 * tokens signed with it expire"). Pure: returns a new ring.
 *
 * Throws `TypeError` when the ring has no `next` key: promoting a key nobody has seen yet would
 * break verifiers holding a cached key set.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export function rotateKeyRing(
  ring: KeyRing,
  newNext: SigningKey,
  options: RotateOptions = {},
): KeyRing {
  const maxRetiring = options.maxRetiring ?? 2
  if (!Number.isInteger(maxRetiring) || maxRetiring < 0) {
    throw new TypeError('maxRetiring must be a non-negative integer')
  }
  if (ring.next === undefined) {
    throw new TypeError('a ring without a published next key cannot rotate; add one first')
  }
  return createKeyRing({
    current: ring.next,
    next: newNext,
    retiring: [ring.current, ...ring.retiring].slice(0, maxRetiring),
  })
}

/**
 * The public key set to publish: next, current and retiring keys, each with `kid`, `alg` and
 * `use: "sig"`. Built from an allow-list of public members, so private members never appear.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export function publicJwks(ring: KeyRing): JsonWebKeySet {
  const keys = [...(ring.next ? [ring.next] : []), ring.current, ...ring.retiring]
  return { keys: keys.map((key) => publicJwkOf(key.publicJwk, key.kid, key.alg)) }
}

/** The key that signs now. */
export function signingKeyOf(ring: KeyRing): SigningKey {
  return ring.current
}
