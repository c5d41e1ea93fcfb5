import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { LtiError } from '../errors/lti-error.js'
import { toLtiError } from './jose-errors.js'
import { generateSigningKey } from './signing-key.js'
import type { SigningKey } from './types.js'

const NOW = 1_700_000_000
let key: SigningKey
let stranger: SigningKey

beforeAll(async () => {
  key = await generateSigningKey({ kid: 'k1' })
  stranger = await generateSigningKey({ kid: 'k1' })
})

function sign(payload: JWTPayload, signer = key): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: signer.kid })
    .sign(signer.privateKey)
}

async function mapped(token: string, options: Parameters<typeof jwtVerify>[2] = {}) {
  const jwks = createLocalJWKSet({ keys: [key.publicJwk] })
  const error: unknown = await jwtVerify(token, jwks, {
    algorithms: ['RS256'],
    currentDate: new Date(NOW * 1000),
    ...options,
  }).catch((e: unknown) => e)
  return toLtiError(error)
}

describe('toLtiError', () => {
  it('maps a bad signature', async () => {
    expect(await mapped(await sign({ exp: NOW + 60 }, stranger))).toMatchObject({
      code: 'ERR_LTI_JWT_SIGNATURE_INVALID',
    })
  })

  it('maps an algorithm outside the allow-list', async () => {
    // The classic confusion: HS256 "signed" with the public key's bytes as the HMAC secret.
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk))
    const token = await new SignJWT({ exp: NOW + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(secret)
    expect(await mapped(token)).toMatchObject({ code: 'ERR_LTI_JWT_ALG_NOT_ALLOWED' })
  })

  it('maps expiry and a too-old iat, keeping the claim', async () => {
    expect(await mapped(await sign({ exp: NOW - 1 }))).toMatchObject({
      code: 'ERR_LTI_JWT_EXPIRED',
      claim: 'exp',
    })
    const old = await sign({ iat: NOW - 3600 })
    expect(await mapped(old, { maxTokenAge: 60 })).toMatchObject({
      code: 'ERR_LTI_JWT_EXPIRED',
      claim: 'iat',
    })
  })

  it('maps nbf or iat in the future', async () => {
    expect(await mapped(await sign({ nbf: NOW + 600 }))).toMatchObject({
      code: 'ERR_LTI_JWT_NOT_YET_VALID',
      claim: 'nbf',
    })
    const future = await sign({ iat: NOW + 600 })
    expect(await mapped(future, { maxTokenAge: 60 })).toMatchObject({
      code: 'ERR_LTI_JWT_NOT_YET_VALID',
      claim: 'iat',
    })
  })

  it('maps a missing or wrong claim, keeping its name', async () => {
    expect(await mapped(await sign({}), { issuer: 'https://p.example' })).toMatchObject({
      code: 'ERR_LTI_JWT_CLAIM_MISSING',
      claim: 'iss',
    })
    const token = await sign({ aud: 'someone-else' })
    expect(await mapped(token, { audience: 'me' })).toMatchObject({
      code: 'ERR_LTI_JWT_CLAIM_INVALID',
      claim: 'aud',
    })
    expect(await mapped(await sign({ iat: 'yesterday' } as unknown as JWTPayload))).toMatchObject({
      code: 'ERR_LTI_JWT_CLAIM_INVALID',
      claim: 'iat',
    })
  })

  it.each([
    ['not a JWT', 'garbage'],
    ['two parts', 'a.b'],
    ['a non-JSON header', 'e30x.e30.AAAA'],
    ['alg none', 'eyJhbGciOiJub25lIn0.e30.'],
  ])('maps %s to ERR_LTI_JWT_MALFORMED or ERR_LTI_JWT_ALG_NOT_ALLOWED', async (_name, token) => {
    const error = await mapped(token)
    expect(['ERR_LTI_JWT_MALFORMED', 'ERR_LTI_JWT_ALG_NOT_ALLOWED']).toContain(error.code)
  })

  it('maps a non-object payload to ERR_LTI_JWT_MALFORMED', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url')
    const payload = Buffer.from('[1]').toString('base64url')
    const input = new TextEncoder().encode(`${header}.${payload}`)
    const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, input)
    const token = `${header}.${payload}.${Buffer.from(signature).toString('base64url')}`
    expect(await mapped(token)).toMatchObject({ code: 'ERR_LTI_JWT_MALFORMED' })
  })

  it('maps an unknown kid', async () => {
    const other = await generateSigningKey({ alg: 'RS256', kid: 'k2' })
    expect(await mapped(await sign({}, other))).toMatchObject({ code: 'ERR_LTI_KID_UNKNOWN' })
  })

  it.each([
    [new errors.JWKSInvalid(), 'ERR_LTI_JWKS_INVALID'],
    [new errors.JWKSMultipleMatchingKeys(), 'ERR_LTI_JWKS_INVALID'],
    [new errors.JWKSTimeout(), 'ERR_LTI_JWKS_UNREACHABLE'],
    [new errors.JOSEError('Expected 200 OK'), 'ERR_LTI_JWKS_UNREACHABLE'],
    [new errors.JWKInvalid(), 'ERR_LTI_KEY_INVALID'],
    [new errors.JOSENotSupported(), 'ERR_LTI_JWT_MALFORMED'],
    [new errors.JWEInvalid(), 'ERR_LTI_JWT_MALFORMED'],
  ])('maps jose %s', (error, code) => {
    const result = toLtiError(error)
    expect(result.code).toBe(code)
    expect(result.cause).toBe(error)
    expect(result.detail).toContain(error.code)
  })

  it('returns an LtiError unchanged and rethrows programming errors', () => {
    const original = new LtiError('ERR_LTI_KID_MISSING')
    expect(toLtiError(original)).toBe(original)
    const bug = new TypeError('bug')
    expect(() => toLtiError(bug)).toThrow(bug)
  })
})
