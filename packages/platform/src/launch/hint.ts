/**
 * The `lti_message_hint` of a launch: the launch intent's id and expiry, signed with the
 * platform's launch-hint secret (HMAC-SHA256). The signature lets the authorization endpoint tell
 * a tampered hint from an expired one and from a replayed one before touching the store; the
 * intent itself (who, what, which browser) stays in the store and is consumed once.
 *
 * Shape: `<intent id>.<expiry, epoch ms in base 36>.<signature>`, all base64url-safe.
 */
import { PlatformError } from '../errors.js'
import { base64url } from '../internal/random.js'

/** What a well-signed hint says. */
export interface LaunchHint {
  readonly intentId: string
  readonly expiresAt: number
}

const CONTEXT = 'ltihub/launch-hint/v1'
const PART = /^[\w-]{1,128}$/
const MIN_SECRET_BYTES = 32

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>()

function keyOf(secret: Uint8Array): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (key === undefined) {
    if (secret.byteLength < MIN_SECRET_BYTES) {
      throw new TypeError(`the launch hint secret needs at least ${MIN_SECRET_BYTES} bytes`)
    }
    key = crypto.subtle.importKey(
      'raw',
      new Uint8Array(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    keys.set(secret, key)
  }
  return key
}

function signedText(intentId: string, expiry: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${CONTEXT}.${intentId}.${expiry}`)
}

function bytesOf(value: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(value.replaceAll('-', '+').replaceAll('_', '/'))
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
}

/** The signed hint of an intent. */
export async function signLaunchHint(secret: Uint8Array, hint: LaunchHint): Promise<string> {
  if (!PART.test(hint.intentId)) throw new TypeError('an intent id is base64url')
  const expiry = hint.expiresAt.toString(36)
  const mac = await crypto.subtle.sign(
    'HMAC',
    await keyOf(secret),
    signedText(hint.intentId, expiry),
  )
  return `${hint.intentId}.${expiry}.${base64url(new Uint8Array(mac))}`
}

/**
 * Checks a hint's signature and expiry.
 *
 * @throws PlatformError LAUNCH_HINT_INVALID (missing, malformed, or not signed by this
 *   platform), LAUNCH_EXPIRED (signed, but past its expiry)
 */
export async function readLaunchHint(
  secret: Uint8Array,
  value: string | undefined,
  now: number,
): Promise<LaunchHint> {
  const invalid = (detail: string) =>
    new PlatformError('ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID', { claim: 'lti_message_hint', detail })
  if (value === undefined || value === '') throw invalid('missing')
  const [intentId, expiry, mac, ...rest] = value.split('.')
  if (
    rest.length > 0 ||
    intentId === undefined ||
    expiry === undefined ||
    mac === undefined ||
    ![intentId, expiry, mac].every((part) => PART.test(part)) ||
    !/^[0-9a-z]{1,12}$/.test(expiry)
  ) {
    throw invalid('malformed')
  }
  const signature = bytesOf(mac)
  const valid =
    signature !== undefined &&
    (await crypto.subtle.verify(
      'HMAC',
      await keyOf(secret),
      signature,
      signedText(intentId, expiry),
    ))
  if (!valid) throw invalid('bad signature')
  const expiresAt = Number.parseInt(expiry, 36)
  if (expiresAt <= now) {
    throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_EXPIRED', { claim: 'lti_message_hint' })
  }
  return { intentId, expiresAt }
}

/**
 * The stored form of a browser-binding value (SHA-256, base64url): the host's cookie value never
 * sits in the database, so a leaked intent table cannot be turned into a binding cookie.
 */
export async function bindingDigest(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))
  return base64url(new Uint8Array(digest))
}
