import { beforeAll, describe, expect, it } from 'vitest'
import { createKeyRing, publicJwks, rotateKeyRing, signingKeyOf, type KeyRing } from './key-ring.js'
import { generateSigningKey } from './signing-key.js'
import type { SigningKey } from './types.js'

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi']
let keys: SigningKey[]

beforeAll(async () => {
  keys = await Promise.all([
    generateSigningKey({ kid: 'k0' }),
    ...[1, 2, 3, 4, 5].map((i) => generateSigningKey({ alg: 'ES256', kid: `k${i}` })),
  ])
})

const key = (i: number): SigningKey => {
  const found = keys[i]
  if (found === undefined) throw new Error(`no key ${i}`)
  return found
}
const kids = (ring: KeyRing) => publicJwks(ring).keys.map((jwk) => jwk.kid)

describe('key ring', () => {
  it('signs with current and publishes next, current and retiring', () => {
    const ring = createKeyRing({ current: key(0), next: key(1), retiring: [key(2)] })
    expect(signingKeyOf(ring)).toBe(key(0))
    expect(kids(ring)).toEqual(['k1', 'k0', 'k2'])
  })

  it('publishes each key with kid, alg and use, and never a private member', () => {
    // Even a public JWK that wrongly carries private members is filtered by the allow-list.
    const leaky: SigningKey = { ...key(1), publicJwk: { ...key(1).publicJwk, d: 'secret' } }
    const ring = createKeyRing({ current: key(0), next: leaky, retiring: [key(2)] })
    const document = publicJwks(ring)
    for (const jwk of document.keys) {
      expect(jwk).toMatchObject({ kid: expect.any(String), alg: expect.any(String), use: 'sig' })
      for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member)
    }
    expect(JSON.stringify(document)).not.toContain('secret')
  })

  it('rotates next → current, current → retiring, and publishes the new key as next', () => {
    const ring = createKeyRing({ current: key(0), next: key(1) })
    const rotated = rotateKeyRing(ring, key(2))
    expect(signingKeyOf(rotated)).toBe(key(1))
    expect(rotated.next).toBe(key(2))
    expect(rotated.retiring).toEqual([key(0)])
    expect(ring.current).toBe(key(0)) // pure: the old ring is unchanged
  })

  it('keeps every key published before it signs and after it stops signing', () => {
    let ring = createKeyRing({ current: key(0), next: key(1) })
    for (let i = 2; i <= 5; i++) {
      const before = ring
      ring = rotateKeyRing(ring, key(i), { maxRetiring: 1 })
      // The new signer was already in the previous published set…
      expect(kids(before)).toContain(signingKeyOf(ring).kid)
      // …and the old signer is still in the new one.
      expect(kids(ring)).toContain(signingKeyOf(before).kid)
    }
  })

  it('drops the oldest retiring keys beyond maxRetiring', () => {
    let ring = createKeyRing({ current: key(0), next: key(1) })
    ring = rotateKeyRing(ring, key(2))
    ring = rotateKeyRing(ring, key(3))
    ring = rotateKeyRing(ring, key(4))
    expect(ring.retiring.map((k) => k.kid)).toEqual(['k2', 'k1'])
    expect(rotateKeyRing(ring, key(5), { maxRetiring: 0 }).retiring).toEqual([])
  })

  it('throws TypeError for duplicate kids, a ring without next, or a bad maxRetiring', () => {
    expect(() => createKeyRing({ current: key(0), next: key(0) })).toThrow(TypeError)
    expect(() => createKeyRing({ current: key(0), retiring: [key(1), key(1)] })).toThrow(TypeError)
    expect(() => rotateKeyRing(createKeyRing({ current: key(0) }), key(1))).toThrow(TypeError)
    const ring = createKeyRing({ current: key(0), next: key(1) })
    expect(() => rotateKeyRing(ring, key(0))).toThrow(TypeError)
    expect(() => rotateKeyRing(ring, key(2), { maxRetiring: -1 })).toThrow(TypeError)
    expect(() => rotateKeyRing(ring, key(2), { maxRetiring: 1.5 })).toThrow(TypeError)
  })
})
