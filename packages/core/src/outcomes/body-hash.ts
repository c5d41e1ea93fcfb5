import { toBase64 } from '../oauth1/signature.js'

/**
 * `oauth_body_hash`: Base64 of the SHA-1 (or SHA-256 with HMAC-SHA256) digest of the raw body
 * bytes, "Hello World!" giving `Lve95gjOVATpfV8EL5X4nxwjKHE=`.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-18
 */
export async function computeBodyHash(
  body: string | Uint8Array,
  digest: 'SHA-1' | 'SHA-256' = 'SHA-1',
): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  const hash = await crypto.subtle.digest(digest, bytes as Uint8Array<ArrayBuffer>)
  return toBase64(new Uint8Array(hash))
}
