/**
 * Purpose keys derived from the one root secret (LTIHUB_SECRET) with HKDF-SHA256 (RFC 5869), so
 * a key that leaks through one use (say, a cookie signature) says nothing about the others, and
 * the operator still manages a single secret (house style §15).
 */

/** The purposes keys are derived for. Each name is part of the HKDF `info` and never changes. */
export const KEY_PURPOSES = ['data-encryption', 'session', 'access-token', 'launch-hint'] as const
export type KeyPurpose = (typeof KEY_PURPOSES)[number]

/** A fixed, public salt: the root secret is high-entropy, the salt only separates applications. */
const SALT = new TextEncoder().encode('ltihub/hkdf-salt/v1')

/** The keys one instance works with, derived once at startup. */
export interface DerivedKeys {
  /** AES-256-GCM key for data at rest (non-extractable). */
  readonly dataEncryption: CryptoKey
  /** 32 bytes for signing session cookies (HMAC-SHA256). */
  readonly session: Uint8Array<ArrayBuffer>
  /** 32 bytes for access tokens the platform issues to tools. */
  readonly accessToken: Uint8Array<ArrayBuffer>
  /** 32 bytes for signing the platform's `lti_message_hint` values. */
  readonly launchHint: Uint8Array<ArrayBuffer>
}

async function rootKey(secret: string): Promise<CryptoKey> {
  if (secret.length === 0) throw new TypeError('the root secret must not be empty')
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, [
    'deriveBits',
    'deriveKey',
  ])
}

function params(purpose: KeyPurpose): HkdfParams {
  return {
    name: 'HKDF',
    hash: 'SHA-256',
    salt: SALT,
    info: new TextEncoder().encode(`ltihub/${purpose}/v1`),
  }
}

/** 32 bytes of key material for one purpose. */
export async function deriveBytes(
  secret: string,
  purpose: KeyPurpose,
): Promise<Uint8Array<ArrayBuffer>> {
  const bits = await crypto.subtle.deriveBits(params(purpose), await rootKey(secret), 256)
  return new Uint8Array(bits)
}

/**
 * Derives every purpose key from the root secret.
 *
 * @example
 * const keys = await deriveKeys(config.secret.reveal())
 * @see https://www.rfc-editor.org/rfc/rfc5869
 */
export async function deriveKeys(secret: string): Promise<DerivedKeys> {
  const root = await rootKey(secret)
  const dataEncryption = await crypto.subtle.deriveKey(
    params('data-encryption'),
    root,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
  return {
    dataEncryption,
    session: await deriveBytes(secret, 'session'),
    accessToken: await deriveBytes(secret, 'access-token'),
    launchHint: await deriveBytes(secret, 'launch-hint'),
  }
}
