import { describe, expect, it } from 'vitest'
import { MemoryNonceStore } from '../ports.js'
import { normalizeUrl, signatureBaseString } from './base-string.js'
import { percentEncode } from './encoding.js'
import { readOAuth1Request } from './read-request.js'
import { signOAuth1 } from './sign.js'
import { hmacSignature, type SignatureMethod } from './signature.js'
import { verifyOAuth1 } from './verify.js'
import tv1 from './vectors/tv-1-lti-launch.json' with { type: 'json' }
import tv2 from './vectors/tv-2-oauth-core-appendix-a.json' with { type: 'json' }
import tv3 from './vectors/tv-3-rfc5849-base-string.json' with { type: 'json' }
import tv4 from './vectors/tv-4-base-url.json' with { type: 'json' }
import tv5 from './vectors/tv-5-launch-port-empty-value.json' with { type: 'json' }
import tv6 from './vectors/tv-6-launch-url-normalisation.json' with { type: 'json' }
import tv7 from './vectors/tv-7-percent-encoding.json' with { type: 'json' }

interface SignatureVector {
  readonly id: string
  readonly method: string
  readonly url: string
  readonly consumerKey: string
  readonly consumerSecret: string
  readonly token?: string
  readonly tokenSecret?: string
  readonly params: ReadonlyArray<readonly string[]>
  readonly baseString?: string
  readonly signatures: Partial<Record<SignatureMethod, string>>
}

const signatureVectors: SignatureVector[] = [tv1, tv2, tv3, tv5, tv6]

const pairs = (params: ReadonlyArray<readonly string[]>): Array<[string, string]> =>
  params.map(([name, value]) => [name ?? '', value ?? ''])

const valueOf = (vector: SignatureVector, name: string): string =>
  pairs(vector.params).find(([key]) => key === name)?.[1] ?? ''

describe('OAuth 1.0 signature vectors (lti-notes section 22)', () => {
  it.each(signatureVectors)('$id: base string and signatures', async (vector) => {
    const base = signatureBaseString({ ...vector, params: pairs(vector.params) })
    if (vector.baseString !== undefined) expect(base).toBe(vector.baseString)
    for (const [method, signature] of Object.entries(vector.signatures)) {
      const computed = await hmacSignature(
        method as SignatureMethod,
        base,
        vector.consumerSecret,
        vector.tokenSecret,
      )
      expect(computed).toBe(signature)
    }
  })

  // TV-3 signs without oauth_version, which signOAuth1 always sends.
  const signable = signatureVectors.filter(({ id }) => id !== 'TV-3')

  it.each(signable)('$id: signOAuth1 reproduces the HMAC-SHA1 signature', async (v) => {
    const callerParams = pairs(v.params).filter(
      ([name]) => !name.startsWith('oauth_') || name === 'oauth_callback',
    )
    const signed = await signOAuth1({
      method: v.method,
      url: v.url,
      params: callerParams,
      consumerKey: v.consumerKey,
      consumerSecret: v.consumerSecret,
      ...(v.token === undefined ? {} : { token: v.token }),
      ...(v.tokenSecret === undefined ? {} : { tokenSecret: v.tokenSecret }),
      nonce: valueOf(v, 'oauth_nonce'),
      clock: () => Number(valueOf(v, 'oauth_timestamp')) * 1000,
    })
    expect(signed.at(-1)).toEqual(['oauth_signature', v.signatures['HMAC-SHA1']])
  })

  it.each([tv1, tv5, tv6])('$id: verifyOAuth1 accepts the signed vector', async (v) => {
    const clock = () => Number(valueOf(v, 'oauth_timestamp')) * 1000
    const verified = await verifyOAuth1({
      method: v.method,
      url: v.url,
      params: [...pairs(v.params), ['oauth_signature', v.signatures['HMAC-SHA1']]],
      lookupConsumerSecret: (key) =>
        Promise.resolve(key === v.consumerKey ? v.consumerSecret : undefined),
      nonceStore: new MemoryNonceStore(clock),
      clock,
    })
    expect(verified.consumerKey).toBe(v.consumerKey)
    expect(verified.params.some(([name]) => name === 'oauth_signature')).toBe(false)
  })

  it('TV-3: parameters collected from query, Authorization header and form body', async () => {
    const request = new Request(tv3.url, {
      method: 'POST',
      headers: {
        authorization: tv3.authorization,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: tv3.body,
    })
    const incoming = await readOAuth1Request(request)
    expect(incoming.params).toEqual(tv3.params)
    expect(signatureBaseString({ ...incoming, params: incoming.params })).toBe(tv3.baseString)
  })

  it('TV-6: base URL and HMAC key', () => {
    expect(normalizeUrl(tv6.url).baseUrl).toBe(tv6.baseUrl)
    expect(`${percentEncode(tv6.consumerSecret)}&`).toBe(tv6.hmacKey)
  })

  it.each(tv4.cases)('TV-4: $input', ({ input, baseUrl }) => {
    expect(normalizeUrl(input).baseUrl).toBe(baseUrl)
  })

  it.each(tv7.cases)('TV-7: $input', ({ input, encoded }) => {
    expect(percentEncode(input)).toBe(encoded)
  })
})
