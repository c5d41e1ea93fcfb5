import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import {
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type ExportedSigningKey,
} from './signing-key.js'
import type { SigningKey } from './types.js'

let key: SigningKey
let exported: ExportedSigningKey
let other: ExportedSigningKey

beforeAll(async () => {
  key = await generateSigningKey()
  exported = await exportSigningKey(key)
  other = await exportSigningKey(await generateSigningKey())
})

async function rejectsWith(input: unknown, code = 'ERR_LTI_KEY_INVALID'): Promise<void> {
  const error: unknown = await importSigningKey(input as ExportedSigningKey).catch(
    (e: unknown) => e,
  )
  expect(isLtiError(error)).toBe(true)
  expect(error).toMatchObject({ code })
}

describe('generateSigningKey', () => {
  it('makes an extractable RS256 2048-bit key whose kid is the RFC 7638 thumbprint', async () => {
    expect(key.alg).toBe('RS256')
    expect(key.privateKey.extractable).toBe(true)
    expect(key.privateKey.algorithm).toMatchObject({
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
    })
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'))
    expect(key.publicJwk).toEqual({
      kty: 'RSA',
      n: expect.any(String),
      e: 'AQAB',
      kid: key.kid,
      alg: 'RS256',
      use: 'sig',
    })
  })

  it('accepts a chosen kid, EC algorithms and longer RSA moduli', async () => {
    const ec = await generateSigningKey({ alg: 'ES256', kid: 'ec-1' })
    expect(ec.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'ec-1', alg: 'ES256' })
    expect(ec.publicJwk).not.toHaveProperty('d')
    const big = await generateSigningKey({ alg: 'PS256', modulusLength: 3072 })
    expect(big.privateKey.algorithm).toMatchObject({ name: 'RSA-PSS', modulusLength: 3072 })
  })

  it('gives two keys two different kids', async () => {
    const second = await generateSigningKey()
    expect(second.kid).not.toBe(key.kid)
  })

  it.each([
    [{ modulusLength: 1024 }],
    [{ modulusLength: 2048.5 }],
    [{ alg: 'HS256' }],
    [{ alg: 'none' }],
    [{ kid: '' }],
    [{ kid: 'x'.repeat(257) }],
  ])('throws TypeError for misuse %j', async (options) => {
    await expect(generateSigningKey(options as never)).rejects.toBeInstanceOf(TypeError)
  })
})

describe('exportSigningKey / importSigningKey', () => {
  it('round-trips: the imported key signs what the original public key verifies', async () => {
    expect(exported.privateJwk).toMatchObject({ kid: key.kid, alg: 'RS256', d: expect.any(String) })
    expect(exported.publicJwk).toEqual(key.publicJwk)
    const imported = await importSigningKey(structuredClone(exported))
    expect(imported.kid).toBe(key.kid)
    expect(imported.publicJwk).toEqual(key.publicJwk)
    const jwt = await new SignJWT({ a: 1 })
      .setProtectedHeader({ alg: 'RS256', kid: imported.kid })
      .sign(imported.privateKey)
    const { payload } = await jwtVerify(jwt, key.publicJwk, { algorithms: ['RS256'] })
    expect(payload).toMatchObject({ a: 1 })
    // Stays extractable, so a key ring can be stored again after a rotation.
    await expect(exportSigningKey(imported)).resolves.toEqual(exported)
  })

  it('round-trips an EC key', async () => {
    const ec = await exportSigningKey(await generateSigningKey({ alg: 'ES384' }))
    await expect(importSigningKey(ec)).resolves.toMatchObject({ alg: 'ES384', kid: ec.kid })
  })

  it('throws TypeError when the key was made non-extractable', async () => {
    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['sign', 'verify'],
    )
    const locked: SigningKey = { ...key, privateKey: pair.privateKey }
    await expect(exportSigningKey(locked)).rejects.toBeInstanceOf(TypeError)
  })

  it('rejects a public-only key', async () => {
    await rejectsWith({ ...exported, privateJwk: exported.publicJwk })
  })

  it('rejects a kid that differs between the parts', async () => {
    await rejectsWith({ ...exported, kid: 'other' })
    await rejectsWith({ ...exported, privateJwk: { ...exported.privateJwk, kid: 'other' } })
    await rejectsWith({ ...exported, publicJwk: { ...exported.publicJwk, kid: 'other' } })
  })

  it('rejects an alg that differs between the parts or does not fit the key type', async () => {
    await rejectsWith({ ...exported, alg: 'RS384' })
    await rejectsWith({ ...exported, publicJwk: { ...exported.publicJwk, alg: 'RS512' } })
    await rejectsWith({
      ...exported,
      alg: 'ES256',
      privateJwk: { ...exported.privateJwk, alg: 'ES256' },
      publicJwk: { ...exported.publicJwk, alg: 'ES256' },
    })
  })

  it('rejects a public half of another key, or one with private members', async () => {
    await rejectsWith({ ...exported, publicJwk: { ...other.publicJwk, kid: exported.kid } })
    await rejectsWith({ ...exported, publicJwk: { ...exported.publicJwk, d: 'AAAA' } })
  })

  it.each([
    ['null', null],
    ['a string', 'key'],
    ['no kid', { alg: 'RS256', privateJwk: {}, publicJwk: {} }],
    ['an unknown alg', { kid: 'k', alg: 'HS256', privateJwk: {}, publicJwk: {} }],
    ['a non-object JWK', { kid: 'k', alg: 'RS256', privateJwk: 'x', publicJwk: {} }],
  ])('rejects %s', async (_name, input) => {
    await rejectsWith(input)
  })

  it('rejects corrupted key material that imports but cannot make a valid signature', async () => {
    const { d, dp } = other.privateJwk
    await rejectsWith({ ...exported, privateJwk: { ...exported.privateJwk, d, dp } })
  })

  it('rejects key material WebCrypto refuses', async () => {
    const n = 'AA'
    await rejectsWith({
      ...exported,
      privateJwk: { ...exported.privateJwk, n },
      publicJwk: { ...exported.publicJwk, n },
    })
  })

  it('rejects an RSA key shorter than 2048 bits', async () => {
    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )
    const privateJwk: JWK = { ...(await exportJWK(pair.privateKey)), kid: 'weak' }
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'weak' }
    await rejectsWith({ kid: 'weak', alg: 'RS256', privateJwk, publicJwk })
  })
})
