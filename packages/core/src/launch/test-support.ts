/**
 * Test support for the launch tests (not exported from the package): a platform key pair made at
 * test time, a frozen clock, vector loading and token signing, including deliberately broken
 * tokens that jose would refuse to produce.
 */
import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { MemoryNonceStore } from '../ports.js'
import type { SigningKey } from '../keys/types.js'
import type { VerifyIdTokenOptions } from './options.js'

/** 2025-01-15T12:00:00Z: every test runs at this instant. */
export const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0)
export const NOW = NOW_MS / 1000
export const clock = () => NOW_MS

export const ISSUER = 'https://ltiadvantagevalidator.imsglobal.org'
export const CLIENT_ID = 'imstester_3dfad6d'
export const DEPLOYMENT_ID = 'testdeploy'
export const KID = 'platform-key-1'

export interface TestPlatform {
  readonly signingKey: SigningKey
  readonly publicJwk: JWK
  readonly keys: ReturnType<typeof createLocalJWKSet>
}

/** A fresh RS256 platform key pair, served through a local JWKS. */
export async function createTestPlatform(kid = KID): Promise<TestPlatform> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  return {
    signingKey: { kid, alg: 'RS256', privateKey, publicJwk },
    publicJwk,
    keys: createLocalJWKSet({ keys: [publicJwk] }),
  }
}

/** Fills the claims the vectors leave to test time: fresh nonce, iat now, exp in 5 minutes. */
export function withTimes(
  claims: Record<string, unknown>,
  nonce = crypto.randomUUID(),
): Record<string, unknown> {
  return { exp: NOW + 300, iat: NOW, nonce, ...claims }
}

/** Signs claims as a normal id_token (RS256, kid). */
export function sign(platform: TestPlatform, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: platform.signingKey.kid, typ: 'JWT' })
    .sign(platform.signingKey.privateKey)
}

const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value))

/**
 * Signs with RS256 under an arbitrary header (no kid, no alg, a foreign kid): jose's signers insist
 * on a valid header, so this builds the compact JWS by hand with WebCrypto.
 */
export async function signWithHeader(
  platform: TestPlatform,
  header: Record<string, unknown>,
  claims: unknown,
): Promise<string> {
  const input = `${encodeJson(header)}.${encodeJson(claims)}`
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    platform.signingKey.privateKey,
    new TextEncoder().encode(input),
  )
  return `${input}.${base64url.encode(new Uint8Array(signature))}`
}

/** An unsigned token (`alg: none`). */
export function unsigned(claims: unknown, kid = KID): string {
  return `${encodeJson({ alg: 'none', kid })}.${encodeJson(claims)}.`
}

/** Replaces the payload segment of a signed token, keeping header and signature. */
export function replacePayload(token: string, claims: unknown): string {
  const [header, , signature] = token.split('.')
  return `${header ?? ''}.${encodeJson(claims)}.${signature ?? ''}`
}

/** Verification options for the test registration, with overrides. */
export function verifyOptions(
  platform: TestPlatform,
  overrides: Partial<VerifyIdTokenOptions> = {},
): VerifyIdTokenOptions {
  return {
    keys: platform.keys,
    issuer: ISSUER,
    clientId: CLIENT_ID,
    nonceStore: new MemoryNonceStore(clock),
    isDeploymentAccepted: (id) => id === DEPLOYMENT_ID,
    clock,
    ...overrides,
  }
}
