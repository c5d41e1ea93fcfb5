import { SignJWT, UnsecuredJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { SCOPE } from '../claims/uris.js'
import type { LtiError } from '../errors/lti-error.js'
import { generateSigningKey } from '../keys/signing-key.js'
import { AccessTokenIssuer } from './access-token.js'

let now = 1_700_000_000_000
const clock = () => now
const secret = new Uint8Array(32).fill(9)

async function reason(issuer: AccessTokenIssuer, token: string): Promise<LtiError> {
  return issuer.verify(token).then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error as LtiError,
  )
}

describe('AccessTokenIssuer', () => {
  it('issues a token that verifies into the same grant', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock, lifetimeSeconds: 600 })
    const issued = await issuer.issue({
      clientId: 'tool',
      scopes: [SCOPE.score, SCOPE.score, SCOPE.lineItem],
      registrationId: 'reg-7',
    })
    expect(issued).toMatchObject({ expiresIn: 600, expiresAt: now + 600_000 })
    expect(await issuer.verify(issued.accessToken)).toEqual({
      clientId: 'tool',
      scopes: [SCOPE.score, SCOPE.lineItem],
      registrationId: 'reg-7',
      expiresAt: now + 600_000,
    })
  })

  it('defaults to one hour and omits an absent registration', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    const issued = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    expect(issued.expiresIn).toBe(3600)
    expect(await issuer.verify(issued.accessToken)).not.toHaveProperty('registrationId')
  })

  it('rejects an expired token', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock, lifetimeSeconds: 60 })
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    now += 61_000
    expect(await reason(issuer, accessToken)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
      detail: 'ERR_LTI_JWT_EXPIRED',
    })
  })

  it('answers a verified token from memory until it expires, then refuses it', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock, lifetimeSeconds: 60 })
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    const first = await issuer.verify(accessToken)
    expect(await issuer.verify(accessToken)).toBe(first)
    now += 60_000
    expect(await reason(issuer, accessToken)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
      detail: 'ERR_LTI_JWT_EXPIRED',
    })
  })

  it('never remembers a refused token: a tampered one fails every time', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    await issuer.verify(accessToken)
    const [header, payload, signature = ''] = accessToken.split('.')
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}AA`
    for (let i = 0; i < 2; i++) {
      expect(await reason(issuer, tampered)).toMatchObject({ code: 'ERR_LTI_ACCESS_TOKEN_INVALID' })
    }
  })

  it('rejects a token of another secret or another issuer', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    const other = new AccessTokenIssuer({ secret: new Uint8Array(32).fill(8), clock })
    const { accessToken } = await other.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    expect(await reason(issuer, accessToken)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
    })
    const elsewhere = new AccessTokenIssuer({ secret, clock, issuer: 'https://other.example' })
    const foreign = await elsewhere.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    expect(await reason(issuer, foreign.accessToken)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
      detail: 'ERR_LTI_JWT_CLAIM_INVALID',
    })
  })

  it('never uses the configured secret directly as the HMAC key', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    const direct = await new SignJWT({ client_id: 'tool', scope: SCOPE.score })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer('ltihub')
      .setAudience('ltihub')
      .setSubject('tool')
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 60)
      .sign(secret)
    expect(await reason(issuer, direct)).toMatchObject({ detail: 'ERR_LTI_JWT_SIGNATURE_INVALID' })
  })

  it('rejects a tampered token', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    const [header, , signature] = accessToken.split('.')
    const forged = btoa(JSON.stringify({ client_id: 'tool', scope: SCOPE.lineItem }))
    expect(await reason(issuer, `${header}.${forged}.${signature}`)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
    })
  })

  it('pins the algorithm and the token type', async () => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    const claims = {
      client_id: 'tool',
      scope: SCOPE.score,
      iss: 'ltihub',
      aud: 'ltihub',
      sub: 'tool',
    }
    const unsecured = new UnsecuredJWT(claims).setIssuedAt().setExpirationTime('1h').encode()
    expect(await reason(issuer, unsecured)).toMatchObject({ detail: 'ERR_LTI_JWT_ALG_NOT_ALLOWED' })
    const rsa = await generateSigningKey()
    const signed = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .sign(rsa.privateKey)
    expect(await reason(issuer, signed)).toMatchObject({ detail: 'ERR_LTI_JWT_ALG_NOT_ALLOWED' })
  })

  it.each([
    ['an empty string', ''],
    ['garbage', 'garbage'],
    ['an oversize token', 'a'.repeat(9000)],
  ])('rejects %s', async (_name, token) => {
    const issuer = new AccessTokenIssuer({ secret, clock })
    expect(await reason(issuer, token)).toMatchObject({ code: 'ERR_LTI_ACCESS_TOKEN_INVALID' })
  })

  it('throws TypeError for a short secret, a bad lifetime or an empty client', async () => {
    expect(() => new AccessTokenIssuer({ secret: new Uint8Array(16) })).toThrow(TypeError)
    expect(() => new AccessTokenIssuer({ secret, lifetimeSeconds: 0 })).toThrow(TypeError)
    expect(() => new AccessTokenIssuer({ secret, lifetimeSeconds: 100_000 })).toThrow(TypeError)
    const issuer = new AccessTokenIssuer({ secret })
    await expect(issuer.issue({ clientId: '', scopes: [] })).rejects.toBeInstanceOf(TypeError)
  })

  it('generates 32-byte random secrets', () => {
    const a = AccessTokenIssuer.generateSecret()
    expect(a.byteLength).toBe(32)
    expect(a).not.toEqual(AccessTokenIssuer.generateSecret())
  })
})
