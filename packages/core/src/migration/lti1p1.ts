import type { Lti1p1Claim } from '../claims/core-claims.js'
import { LtiError } from '../errors/lti-error.js'

/** The id_token values the `oauth_consumer_key_sign` covers. */
export interface Lti1p1SignatureInput {
  /** The LTI 1.1 consumer key of the migrated link. */
  readonly oauthConsumerKey: string
  /** The LTI 1.1 shared secret. Secret: never log it. */
  readonly oauthConsumerSecret: string
  /** The id_token's `deployment_id`. */
  readonly deploymentId: string
  /** The id_token's `iss` (the platform issuer). */
  readonly issuer: string
  /** The tool's `client_id` (the id_token's `aud`). */
  readonly clientId: string
  /** The id_token's `exp` (NumericDate). */
  readonly exp: number
  /** The id_token's `nonce`. */
  readonly nonce: string
}

const encoder = new TextEncoder()

function assertInput(input: Lti1p1SignatureInput): void {
  const strings = [
    input.oauthConsumerKey,
    input.oauthConsumerSecret,
    input.deploymentId,
    input.issuer,
    input.clientId,
    input.nonce,
  ]
  if (strings.some((value) => typeof value !== 'string' || value === '')) {
    throw new TypeError('lti1p1 signature inputs must be non-empty strings')
  }
  if (!Number.isSafeInteger(input.exp)) throw new TypeError('exp must be an integer NumericDate')
}

/** MIG: the six values "joined with &" in this order. */
function signedMessage(input: Lti1p1SignatureInput): Uint8Array<ArrayBuffer> {
  const parts = [
    input.oauthConsumerKey,
    input.deploymentId,
    input.issuer,
    input.clientId,
    String(input.exp),
    input.nonce,
  ]
  return encoder.encode(parts.join('&'))
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Strict standard base64 of a 32-byte HMAC-SHA256 value, or `undefined`. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return undefined
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
}

/**
 * Computes `oauth_consumer_key_sign`: Base64(HMAC-SHA256(key = the LTI 1.1 secret, message =
 * `oauth_consumer_key&deployment_id&iss&client_id&exp&nonce`)), which proves to the tool that the
 * platform knows the LTI 1.1 secret of the link it migrates.
 * @throws TypeError when an input is empty or `exp` is not an integer.
 * @example await signLti1p1Claim({ oauthConsumerKey: '179248902', oauthConsumerSecret, deploymentId,
 *   issuer, clientId, exp, nonce }) // 'lWd54kFo5qU7xshAna6v8BwoBm6tmUjc6GTax6+12ps=' (TV-10)
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export async function signLti1p1Claim(input: Lti1p1SignatureInput): Promise<string> {
  assertInput(input)
  const key = await hmacKey(input.oauthConsumerSecret)
  const signature = await crypto.subtle.sign('HMAC', key, signedMessage(input))
  return toBase64(new Uint8Array(signature))
}

/** Options of {@link verifyLti1p1Claim}: the claim and the id_token values it is bound to. */
export interface VerifyLti1p1ClaimOptions extends Omit<Lti1p1SignatureInput, 'oauthConsumerKey'> {
  /** The `lti1p1` claim of a verified id_token; its `oauth_consumer_key` chose the secret. */
  readonly claim: Lti1p1Claim
}

/** An `lti1p1` claim whose signature verified: the consumer key is present. */
export type VerifiedLti1p1Claim = Lti1p1Claim & { readonly oauth_consumer_key: string }

/**
 * Verifies the `oauth_consumer_key_sign` of an `lti1p1` claim with the LTI 1.1 secret the tool
 * holds for the claim's `oauth_consumer_key`, and the id_token's `deployment_id`, `iss`,
 * `client_id`, `exp` and `nonce`. The comparison is WebCrypto's HMAC verify, which runs in
 * constant time. Only after this may the tool map its LTI 1.1 records to the 1.3 identities.
 * @throws LtiError `ERR_LTI_LTI1P1_SIGNATURE_MISSING` without key or signature;
 *   `ERR_LTI_LTI1P1_SIGNATURE_INVALID` when the signature is malformed or does not match.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export async function verifyLti1p1Claim(
  options: VerifyLti1p1ClaimOptions,
): Promise<VerifiedLti1p1Claim> {
  const { claim } = options
  const key = claim.oauth_consumer_key
  const sign = claim.oauth_consumer_key_sign
  if (typeof key !== 'string' || key === '' || typeof sign !== 'string' || sign === '') {
    throw new LtiError('ERR_LTI_LTI1P1_SIGNATURE_MISSING', { claim: 'lti1p1' })
  }
  const input = { ...options, oauthConsumerKey: key }
  assertInput(input)
  const signature = fromBase64(sign)
  const valid =
    signature !== undefined &&
    (await crypto.subtle.verify(
      'HMAC',
      await hmacKey(input.oauthConsumerSecret),
      signature,
      signedMessage(input),
    ))
  if (!valid) {
    throw new LtiError('ERR_LTI_LTI1P1_SIGNATURE_INVALID', {
      claim: 'lti1p1.oauth_consumer_key_sign',
      detail: signature === undefined ? 'not base64 of 32 bytes' : `consumer key ${key}`,
    })
  }
  return { ...claim, oauth_consumer_key: key }
}

/** The LTI 1.3 values of the launch, to leave out LTI 1.1 values equal to them. */
export interface Lti13Identifiers {
  readonly sub?: string
  readonly contextId?: string
  readonly resourceLinkId?: string
  readonly toolPlatformGuid?: string
}

/** Options of {@link buildLti1p1Claim}. */
export interface BuildLti1p1ClaimOptions extends Lti1p1SignatureInput {
  /** The LTI 1.1 `user_id`. */
  readonly userId?: string
  readonly contextId?: string
  readonly resourceLinkId?: string
  readonly toolConsumerInstanceGuid?: string
  /**
   * The launch's LTI 1.3 values. MIG: each 1.1 value is sent "when it differs"; an absent one
   * means "same as 1.3". With these given, equal values are left out.
   */
  readonly lti13?: Lti13Identifiers
}

/**
 * Builds the platform's `lti1p1` claim: the LTI 1.1 identifiers of a migrated link and the
 * `oauth_consumer_key_sign` bound to this id_token (same `deployment_id`, `iss`, `aud`, `exp`,
 * `nonce`).
 * @example const claim = await buildLti1p1Claim({ userId: '123', oauthConsumerKey, oauthConsumerSecret,
 *   deploymentId, issuer, clientId, exp, nonce, lti13: { sub } })
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export async function buildLti1p1Claim(options: BuildLti1p1ClaimOptions): Promise<Lti1p1Claim> {
  const current = options.lti13 ?? {}
  const differs = (value: string | undefined, same: string | undefined) =>
    value !== undefined && value !== same ? value : undefined
  const ids = {
    user_id: differs(options.userId, current.sub),
    context_id: differs(options.contextId, current.contextId),
    resource_link_id: differs(options.resourceLinkId, current.resourceLinkId),
    tool_consumer_instance_guid: differs(
      options.toolConsumerInstanceGuid,
      current.toolPlatformGuid,
    ),
  }
  const present = Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined))
  return {
    ...present,
    oauth_consumer_key: options.oauthConsumerKey,
    oauth_consumer_key_sign: await signLti1p1Claim(options),
  }
}
