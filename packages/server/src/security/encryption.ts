/**
 * Authenticated encryption of data at rest (private keys, tool secrets, OAuth 1 secrets):
 * AES-256-GCM through WebCrypto with a random 96-bit IV per message and the row's identity as
 * additional authenticated data, so a ciphertext copied into another row or column fails to open.
 * The unauthenticated AES-CBC and single shared key of older LTI libraries are what this replaces.
 */

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BITS = 128

/** Thrown when a sealed value was altered, belongs to another context, or another secret sealed it. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError'
  readonly code = 'ERR_LTIHUB_DECRYPTION_FAILED'

  constructor(reason: string) {
    super(`cannot decrypt: ${reason}`)
  }
}

/** Seals and opens values with the data-encryption key. */
export interface DataCipher {
  /**
   * Encrypts `plaintext` bound to `context` (for example `signing_keys:<kid>`). Returns
   * `v1.<iv>.<ciphertext+tag>` in base64url, safe for a text column.
   */
  encrypt(plaintext: string, context: string): Promise<string>
  /** Opens a value sealed for the same `context`; throws {@link DecryptionError} otherwise. */
  decrypt(sealed: string, context: string): Promise<string>
}

function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new DecryptionError('malformed encoding')
  return new Uint8Array(Buffer.from(text, 'base64url'))
}

function aad(context: string): Uint8Array<ArrayBuffer> {
  if (context.length === 0) throw new TypeError('an encryption context is required')
  return new TextEncoder().encode(context)
}

/**
 * A cipher over an AES-GCM key, normally `deriveKeys(secret).dataEncryption`.
 *
 * @example
 * const sealed = await cipher.encrypt(JSON.stringify(privateJwk), `signing_keys:${kid}`)
 * @see https://www.w3.org/TR/WebCryptoAPI/#aes-gcm
 */
export function createDataCipher(key: CryptoKey): DataCipher {
  return {
    async encrypt(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const data = new TextEncoder().encode(plaintext)
      const params = { name: 'AES-GCM', iv, additionalData: aad(context), tagLength: TAG_BITS }
      const sealed = new Uint8Array(await crypto.subtle.encrypt(params, key, data))
      return `${VERSION}.${toBase64url(iv)}.${toBase64url(sealed)}`
    },
    async decrypt(sealed, context) {
      const parts = sealed.split('.')
      if (parts.length !== 3 || parts[0] !== VERSION) throw new DecryptionError('unknown format')
      const iv = fromBase64url(parts[1] ?? '')
      const data = fromBase64url(parts[2] ?? '')
      if (iv.length !== IV_BYTES) throw new DecryptionError('malformed IV')
      const params = { name: 'AES-GCM', iv, additionalData: aad(context), tagLength: TAG_BITS }
      try {
        return new TextDecoder().decode(await crypto.subtle.decrypt(params, key, data))
      } catch {
        // WebCrypto reports every authentication failure as one OperationError, by design.
        throw new DecryptionError('authentication failed')
      }
    },
  }
}
