import { exportJWK, exportSPKI, jwtVerify, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { toLtiError } from './jose-errors.js'
import { localKeyResolver, staticKeyResolver } from './resolvers.js'
import { generateSigningKey } from './signing-key.js'
import type { KeyResolver, SigningAlgorithm, SigningKey } from './types.js'

let rsa: SigningKey
let rsa2: SigningKey
let ec: SigningKey
let pem: string

beforeAll(async () => {
  ;[rsa, rsa2, ec] = await Promise.all([
    generateSigningKey({ kid: 'r1' }),
    generateSigningKey({ kid: 'r2' }),
    generateSigningKey({ alg: 'ES256', kid: 'e1' }),
  ])
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    rsa.publicJwk,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['verify'],
  )
  pem = await exportSPKI(publicKey)
})

function token(key: SigningKey, header: { kid?: string | null } = {}): Promise<string> {
  const kid = header.kid === undefined ? key.kid : header.kid
  return new SignJWT({ sub: 'x' })
    .setProtectedHeader({ alg: key.alg, ...(kid === null ? {} : { kid }) })
    .sign(key.privateKey)
}

async function outcome(
  resolver: KeyResolver,
  jwt: string,
  algorithms: SigningAlgorithm[] = ['RS256', 'ES256'],
): Promise<string> {
  return jwtVerify(jwt, resolver, { algorithms }).then(
    () => 'ok',
    (error: unknown) => toLtiError(error).code,
  )
}

describe('localKeyResolver', () => {
  it('verifies with the key named by kid', async () => {
    const resolver = localKeyResolver({ keys: [rsa.publicJwk, rsa2.publicJwk, ec.publicJwk] })
    expect(await outcome(resolver, await token(rsa2))).toBe('ok')
    expect(await outcome(resolver, await token(ec))).toBe('ok')
  })

  it('rejects a missing kid, an unknown kid and a signature by another key', async () => {
    const resolver = localKeyResolver({ keys: [rsa.publicJwk] })
    expect(await outcome(resolver, await token(rsa, { kid: null }))).toBe('ERR_LTI_KID_MISSING')
    expect(await outcome(resolver, await token(rsa2))).toBe('ERR_LTI_KID_UNKNOWN')
    expect(await outcome(resolver, await token(rsa2, { kid: 'r1' }))).toBe(
      'ERR_LTI_JWT_SIGNATURE_INVALID',
    )
  })

  it('refuses a malformed key set or one with private keys at construction', async () => {
    const privateJwk = { ...(await exportJWK(rsa.privateKey)), kid: 'r1' }
    for (const jwks of [{ keys: 'x' }, {}, { keys: [privateJwk] }]) {
      expect(() => localKeyResolver(jwks as never)).toThrow(
        expect.objectContaining({ code: 'ERR_LTI_JWKS_INVALID' }),
      )
    }
  })
})

describe('staticKeyResolver', () => {
  it('verifies with a PEM public key, with or without kid', async () => {
    const resolver = staticKeyResolver(pem)
    expect(await outcome(resolver, await token(rsa))).toBe('ok')
    expect(await outcome(resolver, await token(rsa, { kid: null }))).toBe('ok')
    expect(await outcome(resolver, await token(rsa2))).toBe('ERR_LTI_JWT_SIGNATURE_INVALID')
  })

  it('verifies with a public JWK and holds it to its kid and alg', async () => {
    const resolver = staticKeyResolver(rsa.publicJwk)
    expect(await outcome(resolver, await token(rsa))).toBe('ok')
    expect(await outcome(resolver, await token(rsa, { kid: 'other' }))).toBe('ERR_LTI_KID_UNKNOWN')
    expect(await outcome(resolver, await token(ec))).toBe('ERR_LTI_JWT_ALG_NOT_ALLOWED')
    const { kty, n, e } = rsa.publicJwk
    const bare = staticKeyResolver({ kty, n, e } as JWK)
    expect(await outcome(bare, await token(ec))).toBe('ERR_LTI_JWT_ALG_NOT_ALLOWED')
    expect(await outcome(bare, await token(rsa))).toBe('ok')
  })

  it('verifies EC keys', async () => {
    expect(await outcome(staticKeyResolver(ec.publicJwk), await token(ec))).toBe('ok')
  })

  it('reports key material that does not import', async () => {
    const broken = staticKeyResolver({ kty: 'RSA', n: 'AA', e: 'AQAB' })
    expect(await outcome(broken, await token(rsa))).toBe('ERR_LTI_KEY_INVALID')
    const wrongPem = staticKeyResolver(pem.replace(/[A-Z]{8}/, 'AAAAAAAA'))
    expect(await outcome(wrongPem, await token(rsa))).toBe('ERR_LTI_KEY_INVALID')
  })

  it.each([
    ['a private JWK', async () => ({ ...(await exportJWK(rsa.privateKey)) })],
    ['a symmetric JWK', () => Promise.resolve({ kty: 'oct', k: 'AAAA' })],
    ['an encryption key', () => Promise.resolve({ ...rsa.publicJwk, use: 'enc' })],
    [
      'a private PEM',
      () => Promise.resolve('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
    ],
    ['garbage', () => Promise.resolve('hello')],
    [
      'an oversize PEM',
      () =>
        Promise.resolve(
          `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(20_000)}\n-----END PUBLIC KEY-----`,
        ),
    ],
    ['null', () => Promise.resolve(null)],
  ])('refuses %s at construction', async (_name, make) => {
    const key = await make()
    expect(() => staticKeyResolver(key as never)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_KEY_INVALID' }),
    )
  })
})
