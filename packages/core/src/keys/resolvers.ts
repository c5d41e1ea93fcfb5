import {
  createLocalJWKSet,
  importJWK,
  importSPKI,
  importX509,
  type CompactJWSHeaderParameters,
  type FlattenedJWSInput,
  type JWK,
} from 'jose'
import { LtiError } from '../errors/lti-error.js'
import { toLtiError } from './jose-errors.js'
import { assertKeyStrength, isSigningAlgorithm, keyTypeOf, PRIVATE_MEMBERS } from './jwk.js'
import type { JsonWebKeySet, KeyResolver, SigningAlgorithm } from './types.js'

type KeyLookup = (header: CompactJWSHeaderParameters, token: FlattenedJWSInput) => Promise<unknown>

/**
 * Wraps a key look-up so it enforces what every ltihub resolver promises: a `kid` when a key set is
 * consulted, a public asymmetric key of at least 2048 bits (RSA), and coded `LtiError`s only.
 */
export function guardedResolver(lookup: KeyLookup, requireKid: boolean): KeyResolver {
  return async (header, token) => {
    // SEC §6.3: with a key set "the kid ... MUST be included" so the verifier picks one key;
    // without it a rotation would leave the choice to the order of the set.
    if (requireKid && (typeof header.kid !== 'string' || header.kid.length === 0)) {
      throw new LtiError('ERR_LTI_KID_MISSING', { claim: 'kid' })
    }
    let key: unknown
    try {
      key = await lookup(header, token)
    } catch (error) {
      if (error instanceof TypeError || error instanceof DOMException) {
        throw new LtiError('ERR_LTI_KEY_INVALID', { detail: error.message, cause: error })
      }
      throw toLtiError(error)
    }
    if (!(key instanceof CryptoKey) || key.type !== 'public') {
      throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'the resolved key is not a public key' })
    }
    assertKeyStrength(key)
    return key
  }
}

/**
 * A resolver over a key set held in memory, for instance one stored with a registration.
 * Throws `ERR_LTI_JWKS_INVALID` at once when `jwks` is not a public JSON Web Key Set.
 *
 * @example
 * const { payload } = await jwtVerify(token, localKeyResolver(jwks), { algorithms: ['RS256'] })
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export function localKeyResolver(jwks: JsonWebKeySet): KeyResolver {
  const keys: unknown = (jwks as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) {
    throw new LtiError('ERR_LTI_JWKS_INVALID', { detail: 'expected {"keys": [...]}' })
  }
  const hasPrivate = (jwk: unknown) =>
    typeof jwk === 'object' && jwk !== null && PRIVATE_MEMBERS.some((member) => member in jwk)
  if (keys.some(hasPrivate)) {
    throw new LtiError('ERR_LTI_JWKS_INVALID', { detail: 'the key set holds private members' })
  }
  try {
    return guardedResolver(createLocalJWKSet({ keys: [...(keys as JWK[])] }), true)
  } catch (error) {
    throw toLtiError(error)
  }
}

const PEM_PUBLIC = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/
const PEM_CERT = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/
const MAX_STATIC_KEY_LENGTH = 16_384

function staticKeyImporter(key: JWK | string): (alg: SigningAlgorithm) => Promise<unknown> {
  if (typeof key === 'string') {
    const pem = key.trim()
    if (pem.length > MAX_STATIC_KEY_LENGTH) {
      throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'PEM too large' })
    }
    if (PEM_PUBLIC.test(pem)) return (alg) => importSPKI(pem, alg)
    if (PEM_CERT.test(pem)) return (alg) => importX509(pem, alg)
    throw new LtiError('ERR_LTI_KEY_INVALID', {
      detail: 'expected a PEM "PUBLIC KEY" or "CERTIFICATE"',
    })
  }
  if (typeof key !== 'object' || key === null || (key.kty !== 'RSA' && key.kty !== 'EC')) {
    throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'expected an RSA or EC JWK' })
  }
  if (PRIVATE_MEMBERS.some((member) => member in key)) {
    throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'a registered key must be public only' })
  }
  if (key.use !== undefined && key.use !== 'sig') {
    throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'the key is not meant for signatures' })
  }
  const jwk = { ...key }
  return (alg) => importJWK({ ...jwk, alg }, alg)
}

/**
 * A resolver for a party registered with one public key (a PEM `PUBLIC KEY` or `CERTIFICATE`, or a
 * public JWK) instead of a key set URL (lti-notes §6, Moodle's "RSA key" option). The key is imported
 * once per algorithm. A JWK that names a `kid` or `alg` only verifies tokens with the same values.
 *
 * @example
 * const resolver = staticKeyResolver(registration.publicKeyPem)
 * @see https://www.imsglobal.org/spec/security/v1p0/#rsa-key
 */
export function staticKeyResolver(key: JWK | string): KeyResolver {
  const importFor = staticKeyImporter(key)
  const declared = typeof key === 'string' ? {} : { kid: key.kid, alg: key.alg }
  const cache = new Map<SigningAlgorithm, Promise<unknown>>()
  return guardedResolver(async (header) => {
    const { alg, kid } = header
    if (!isSigningAlgorithm(alg))
      throw new LtiError('ERR_LTI_JWT_ALG_NOT_ALLOWED', { claim: 'alg' })
    if (declared.alg !== undefined && declared.alg !== alg) {
      throw new LtiError('ERR_LTI_JWT_ALG_NOT_ALLOWED', {
        claim: 'alg',
        detail: 'key declares alg',
      })
    }
    if (declared.kid !== undefined && kid !== undefined && declared.kid !== kid) {
      throw new LtiError('ERR_LTI_KID_UNKNOWN', { claim: 'kid' })
    }
    if (typeof key === 'object' && key.kty !== keyTypeOf(alg)) {
      throw new LtiError('ERR_LTI_JWT_ALG_NOT_ALLOWED', { claim: 'alg', detail: 'wrong key type' })
    }
    let imported = cache.get(alg)
    if (imported === undefined) {
      imported = importFor(alg)
      cache.set(alg, imported)
      imported.catch(() => cache.delete(alg))
    }
    return imported
  }, false)
}
