import { percentEncode } from './encoding.js'

/** The HMAC signature methods ltihub implements. PLAINTEXT and RSA-SHA1 are deliberately absent. */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256'

/** Every signature method ltihub can verify, HMAC-SHA1 first (the one LTI 1.1 requires). */
export const SIGNATURE_METHODS: readonly SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256']

const HASH: Record<SignatureMethod, 'SHA-1' | 'SHA-256'> = {
  'HMAC-SHA1': 'SHA-1',
  'HMAC-SHA256': 'SHA-256',
}

/** The WebCrypto digest that goes with a signature method (also used for `oauth_body_hash`). */
export function digestFor(method: SignatureMethod): 'SHA-1' | 'SHA-256' {
  return HASH[method]
}

export function isSignatureMethod(value: string): value is SignatureMethod {
  return (SIGNATURE_METHODS as readonly string[]).includes(value)
}

const encoder = new TextEncoder()

/**
 * Computes `Base64(HMAC(enc(consumerSecret) & enc(tokenSecret), baseString))`.
 * LTI has no token, so the key is `enc(secret)&` with its trailing `&`.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export async function hmacSignature(
  method: SignatureMethod,
  baseString: string,
  consumerSecret: string,
  tokenSecret = '',
): Promise<string> {
  const keyText = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(keyText),
    { name: 'HMAC', hash: HASH[method] },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(baseString))
  return toBase64(new Uint8Array(mac))
}

/** Standard (not URL-safe) base64 with padding, as OAuth 1.0 signatures and body hashes use. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * Compares two strings in time that depends only on their lengths, so a forger learns nothing
 * from how long a wrong guess took.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a)
  const right = encoder.encode(b)
  const length = Math.max(left.length, right.length)
  let difference = left.length ^ right.length
  for (let index = 0; index < length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0)
  }
  return difference === 0
}
