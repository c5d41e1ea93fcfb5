import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose'
import { z } from 'zod'
import { LtiError } from '../errors/lti-error.js'
import { toLtiError } from './jose-errors.js'
import {
  assertKeyStrength,
  isSigningAlgorithm,
  keyTypeOf,
  MIN_RSA_BITS,
  PRIVATE_MEMBERS,
  publicJwkOf,
  samePublicKey,
  SIGNING_ALGORITHMS,
} from './jwk.js'
import type { SigningAlgorithm, SigningKey } from './types.js'

/** Options of {@link generateSigningKey}. */
export interface GenerateSigningKeyOptions {
  /** Defaults to RS256, the algorithm every LTI implementation supports. */
  readonly alg?: SigningAlgorithm
  /** Defaults to the RFC 7638 thumbprint of the public key. */
  readonly kid?: string
  /** RSA only; defaults to 2048, the spec's minimum. */
  readonly modulusLength?: number
}

/** A signing key in storable form. `privateJwk` is a secret: store it encrypted. */
export interface ExportedSigningKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  readonly privateJwk: JWK
  readonly publicJwk: JWK
}

const MAX_KID_LENGTH = 256

function assertKid(kid: string): void {
  if (kid.length === 0 || kid.length > MAX_KID_LENGTH) {
    throw new TypeError(`kid must be 1 to ${MAX_KID_LENGTH} characters`)
  }
}

/**
 * Generates a key pair for signing LTI messages and client assertions, extractable so it can be
 * exported with {@link exportSigningKey} and stored (encrypted) between restarts.
 *
 * @example
 * const key = await generateSigningKey()
 * // key.publicJwk → { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' }
 * @see https://www.imsglobal.org/spec/security/v1p0/#rsa-key
 */
export async function generateSigningKey(
  options: GenerateSigningKeyOptions = {},
): Promise<SigningKey> {
  const alg = options.alg ?? 'RS256'
  if (!isSigningAlgorithm(alg)) throw new TypeError(`unsupported signing algorithm ${String(alg)}`)
  const modulusLength = options.modulusLength ?? MIN_RSA_BITS
  if (!Number.isInteger(modulusLength) || modulusLength < MIN_RSA_BITS) {
    throw new TypeError(`modulusLength must be an integer of at least ${MIN_RSA_BITS}`)
  }
  if (options.kid !== undefined) assertKid(options.kid)
  const pair = await generateKeyPair(alg, { extractable: true, modulusLength })
  const exported = await exportJWK(pair.publicKey)
  const kid = options.kid ?? (await calculateJwkThumbprint(exported, 'sha256'))
  return { kid, alg, privateKey: pair.privateKey, publicJwk: publicJwkOf(exported, kid, alg) }
}

/**
 * Exports a signing key for storage. The result holds the private key: encrypt it at rest.
 * Throws `TypeError` for a key created non-extractable.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export async function exportSigningKey(key: SigningKey): Promise<ExportedSigningKey> {
  const privateJwk = await exportJWK(key.privateKey)
  return {
    kid: key.kid,
    alg: key.alg,
    privateJwk: { ...privateJwk, kid: key.kid, alg: key.alg, use: 'sig' },
    publicJwk: publicJwkOf(key.publicJwk, key.kid, key.alg),
  }
}

const jwkSchema = z.record(z.string(), z.unknown())
const exportedSchema = z.object({
  kid: z.string().min(1).max(MAX_KID_LENGTH),
  alg: z.enum(SIGNING_ALGORITHMS as [SigningAlgorithm, ...SigningAlgorithm[]]),
  privateJwk: jwkSchema,
  publicJwk: jwkSchema,
})

function invalid(detail: string): LtiError {
  return new LtiError('ERR_LTI_KEY_INVALID', { detail })
}

/** The consistency rules between the parts of an exported key, as a list of named checks. */
function checkExported(kid: string, alg: SigningAlgorithm, priv: JWK, pub: JWK): void {
  if (typeof priv.d !== 'string') throw invalid('privateJwk has no private member "d"')
  if (priv.kty !== keyTypeOf(alg)) throw invalid(`key type ${String(priv.kty)} cannot sign ${alg}`)
  if (priv.kid !== undefined && priv.kid !== kid) throw invalid('privateJwk.kid differs from kid')
  if (priv.alg !== undefined && priv.alg !== alg) throw invalid('privateJwk.alg differs from alg')
  if (pub.kid !== kid) throw invalid('publicJwk.kid differs from kid')
  if (pub.alg !== undefined && pub.alg !== alg) throw invalid('publicJwk.alg differs from alg')
  if (PRIVATE_MEMBERS.some((member) => member in pub))
    throw invalid('publicJwk has private members')
  if (!samePublicKey(priv, pub)) throw invalid('publicJwk is not the public half of privateJwk')
}

/**
 * Signs a probe and verifies it with the public half: WebCrypto imports some corrupted private
 * members without complaint, and a key that cannot sign must fail here, not at the first launch.
 */
async function assertKeyPair(privateKey: CryptoKey, publicJwk: JWK, alg: SigningAlgorithm) {
  const probe = await new CompactSign(new TextEncoder().encode('ltihub key check'))
    .setProtectedHeader({ alg })
    .sign(privateKey)
    .catch((cause: unknown) => {
      throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'the private key cannot sign', cause })
    })
  await compactVerify(probe, publicJwk, { algorithms: [alg] }).catch((cause: unknown) => {
    throw new LtiError('ERR_LTI_KEY_INVALID', { detail: 'the key pair does not match', cause })
  })
}

/**
 * Imports a key stored with {@link exportSigningKey}. Validates the input: a public-only key, a
 * `kid` or `alg` that differs between the parts, or a public half of another key is rejected with
 * `ERR_LTI_KEY_INVALID`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export async function importSigningKey(exported: ExportedSigningKey): Promise<SigningKey> {
  const parsed = exportedSchema.safeParse(exported)
  if (!parsed.success) throw invalid(`exported key shape: ${parsed.error.issues[0]?.message ?? ''}`)
  const { kid, alg } = parsed.data
  const privateJwk = parsed.data.privateJwk as JWK
  const publicJwk = parsed.data.publicJwk as JWK
  checkExported(kid, alg, privateJwk, publicJwk)
  let privateKey: CryptoKey
  try {
    const imported = await importJWK({ ...privateJwk, alg }, alg, { extractable: true })
    if (imported instanceof Uint8Array) throw invalid('a symmetric key cannot sign LTI messages')
    privateKey = imported
  } catch (error) {
    if (error instanceof TypeError || error instanceof DOMException) {
      throw new LtiError('ERR_LTI_KEY_INVALID', { detail: error.message, cause: error })
    }
    throw toLtiError(error)
  }
  assertKeyStrength(privateKey)
  const publicOnly = publicJwkOf(privateJwk, kid, alg)
  await assertKeyPair(privateKey, publicOnly, alg)
  return { kid, alg, privateKey, publicJwk: publicOnly }
}
