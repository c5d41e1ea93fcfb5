import type { JWK } from 'jose'
import { LtiError } from '../errors/lti-error.js'
import type { SigningAlgorithm } from './types.js'

/** Every algorithm ltihub signs or verifies with, for runtime checks of untrusted input. */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'ES256',
  'ES384',
]

/** RFC 7518 §3.3: RSA keys of 2048 bits or more; LTI (SEC §6.1) sets the same floor. */
export const MIN_RSA_BITS = 2048

/** The public members of each key type (RFC 7518 §6); everything else is dropped on publication. */
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
}

/** Private members of RSA and EC keys (RFC 7518 §6.2.2, §6.3.2); never published. */
export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value)
}

/** The key type an algorithm needs. */
export function keyTypeOf(alg: SigningAlgorithm): 'RSA' | 'EC' {
  return alg.startsWith('ES') ? 'EC' : 'RSA'
}

/**
 * Copies only the public members of `jwk` and labels it for a key set. Built from an allow-list so a
 * private member can never reach a published document, whatever the input held.
 */
export function publicJwkOf(jwk: JWK, kid: string, alg: SigningAlgorithm): JWK {
  const members = PUBLIC_MEMBERS[keyTypeOf(alg)] ?? []
  const result: Record<string, unknown> = {}
  for (const member of members) {
    const value: unknown = Reflect.get(jwk, member)
    if (typeof value !== 'string') {
      throw new LtiError('ERR_LTI_KEY_INVALID', { detail: `JWK member "${member}" is missing` })
    }
    result[member] = value
  }
  return { ...result, kid, alg, use: 'sig' }
}

/** Whether two JWKs describe the same public key (same type and public members). */
export function samePublicKey(a: JWK, b: JWK): boolean {
  const members = PUBLIC_MEMBERS[String(a.kty)]
  if (members === undefined) return false
  return members.every((member) => Reflect.get(a, member) === Reflect.get(b, member))
}

/** Throws when an RSA key is shorter than the spec's 2048-bit floor. */
export function assertKeyStrength(key: CryptoKey | Uint8Array): void {
  if (key instanceof Uint8Array) {
    throw new LtiError('ERR_LTI_KEY_INVALID', {
      detail: 'a symmetric key cannot verify LTI tokens',
    })
  }
  const { algorithm } = key
  if ('modulusLength' in algorithm && typeof algorithm.modulusLength === 'number') {
    if (algorithm.modulusLength < MIN_RSA_BITS) {
      throw new LtiError('ERR_LTI_KEY_INVALID', {
        detail: `RSA modulus of ${algorithm.modulusLength} bits is below ${MIN_RSA_BITS}`,
      })
    }
  }
}
