/**
 * How stored secrets (LTI 1.1 shared secrets, private keys) are sealed at rest. The ltihub server
 * seals with AES-256-GCM under its data-encryption key; an integrator passes their own cipher.
 */
export interface SecretCipher {
  /** Seals `plaintext` bound to `context` (the row's identity, e.g. `tool_consumer_keys:<key>`). */
  encrypt(plaintext: string, context: string): Promise<string>
  /** Opens a value sealed for the same `context`; throws when it was sealed for another. */
  decrypt(sealed: string, context: string): Promise<string>
}

const PLAIN = 'plain.'

/**
 * Stores secrets as they are (marked `plain.`), for development and for databases the
 * integrator protects otherwise. Pass a real {@link SecretCipher} in production.
 */
export const plainSecrets: SecretCipher = {
  encrypt: (plaintext) => Promise.resolve(`${PLAIN}${plaintext}`),
  decrypt(sealed) {
    if (!sealed.startsWith(PLAIN)) {
      return Promise.reject(new TypeError('this secret was sealed: pass the cipher that sealed it'))
    }
    return Promise.resolve(sealed.slice(PLAIN.length))
  },
}
