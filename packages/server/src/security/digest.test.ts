import { describe, expect, it } from 'vitest'
import { sha256Base64url } from './digest.js'

describe('sha256Base64url', () => {
  it('matches the FIPS 180-2 vector for "abc" and WebCrypto, so stored hashes stay valid', async () => {
    expect(sha256Base64url('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
    for (const text of ['', 'nonce-é-🙂', 'x'.repeat(1000)]) {
      const web = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
      expect(sha256Base64url(text)).toBe(Buffer.from(web).toString('base64url'))
    }
  })
})
