import { describe, expect, it } from 'vitest'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { MemoryNonceStore } from '../ports.js'
import type { OAuthParam } from './params.js'
import { signOAuth1 } from './sign.js'
import { verifyOAuth1, type VerifyOAuth1Options } from './verify.js'

const NOW = 1_700_000_000_000
const clock = () => NOW
const URL_ = 'https://tool.example.com/launch?course=1'
const lookupConsumerSecret = (key: string) =>
  Promise.resolve(key === 'key' ? 'secret' : key === 'other' ? 'other-secret' : undefined)

async function signed(overrides: { clock?: () => number; nonce?: string } = {}) {
  return signOAuth1({
    method: 'POST',
    url: URL_,
    params: [
      ['resource_link_id', 'r1'],
      ['a', '1'],
      ['a', '2'],
    ],
    consumerKey: 'key',
    consumerSecret: 'secret',
    clock: overrides.clock ?? clock,
    nonce: overrides.nonce ?? 'n-1',
  })
}

function options(params: readonly OAuthParam[], extra: Partial<VerifyOAuth1Options> = {}) {
  return {
    method: 'POST',
    url: URL_,
    params,
    lookupConsumerSecret,
    nonceStore: new MemoryNonceStore(clock),
    clock,
    ...extra,
  }
}

const replace = (params: readonly OAuthParam[], name: string, value: string): OAuthParam[] =>
  params.map(([key, old]) => [key, key === name ? value : old])

async function expectCode(promise: Promise<unknown>, code: LtiErrorCode, claim?: string) {
  await expect(promise).rejects.toMatchObject({ name: 'LtiError', code })
  if (claim !== undefined) await expect(promise).rejects.toMatchObject({ claim })
}

describe('verifyOAuth1', () => {
  it('accepts a signed request and returns query and body parameters without the signature', async () => {
    const result = await verifyOAuth1(options(await signed()))
    expect(result.consumerKey).toBe('key')
    expect(result.signatureMethod).toBe('HMAC-SHA1')
    expect(result.params[0]).toEqual(['course', '1'])
    expect(result.params.map(([name]) => name)).not.toContain('oauth_signature')
  })

  it('accepts HMAC-SHA256', async () => {
    const params = await signOAuth1({
      method: 'POST',
      url: URL_,
      consumerKey: 'key',
      consumerSecret: 'secret',
      signatureMethod: 'HMAC-SHA256',
      clock,
    })
    await expect(verifyOAuth1(options(params))).resolves.toMatchObject({
      signatureMethod: 'HMAC-SHA256',
    })
  })

  it('still verifies when duplicate parameters arrive in another order (23.4)', async () => {
    const params = await signed()
    const reordered = [...params].reverse()
    await expect(verifyOAuth1(options(reordered))).resolves.toMatchObject({ consumerKey: 'key' })
  })

  it('refuses the wrong secret', async () => {
    const lookup = () => Promise.resolve('wrong')
    await expectCode(
      verifyOAuth1(options(await signed(), { lookupConsumerSecret: lookup })),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
      'oauth_signature',
    )
  })

  it('refuses an altered body parameter', async () => {
    const params = replace(await signed(), 'resource_link_id', 'r2')
    await expectCode(verifyOAuth1(options(params)), 'ERR_LTI_OAUTH_SIGNATURE_INVALID')
  })

  it('refuses a removed duplicate value', async () => {
    const params = (await signed()).filter(([name, value]) => !(name === 'a' && value === '2'))
    await expectCode(verifyOAuth1(options(params)), 'ERR_LTI_OAUTH_SIGNATURE_INVALID')
  })

  it.each([
    ['another scheme', 'http://tool.example.com/launch?course=1'],
    ['another port', 'https://tool.example.com:8443/launch?course=1'],
    ['another host', 'https://tool.example.org/launch?course=1'],
    ['another path case', 'https://tool.example.com/Launch?course=1'],
    ['another query', 'https://tool.example.com/launch?course=2'],
  ])('refuses the request verified against %s', async (_label, url) => {
    await expectCode(
      verifyOAuth1(options(await signed(), { url })),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    )
  })

  it('refuses a tampered signature of the right length', async () => {
    const params = await signed()
    const signature = params.at(-1)?.[1] ?? ''
    const flipped = (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1)
    await expectCode(
      verifyOAuth1(options(replace(params, 'oauth_signature', flipped))),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    )
  })

  it.each([
    ['301 s in the past', NOW - 301_000],
    ['301 s in the future', NOW + 301_000],
  ])('refuses a timestamp %s', async (_label, signedAt) => {
    const params = await signed({ clock: () => signedAt })
    await expectCode(
      verifyOAuth1(options(params)),
      'ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
      'oauth_timestamp',
    )
  })

  it.each([NOW - 300_000, NOW + 300_000])(
    'accepts a timestamp at the edge of the window',
    async (at) => {
      await expect(verifyOAuth1(options(await signed({ clock: () => at })))).resolves.toBeTruthy()
    },
  )

  it('honours a custom window', async () => {
    const params = await signed({ clock: () => NOW - 61_000 })
    await expectCode(
      verifyOAuth1(options(params, { timestampWindowSeconds: 60 })),
      'ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
    )
  })

  it.each(['-5', '1.5', 'abc', '1e9', ' 1700000000', '1234567890123'])(
    'refuses the malformed timestamp %j',
    async (timestamp) => {
      const params = replace(await signed(), 'oauth_timestamp', timestamp)
      await expectCode(
        verifyOAuth1(options(params)),
        'ERR_LTI_OAUTH_MALFORMED_PARAMETER',
        'oauth_timestamp',
      )
    },
  )

  it('refuses an oversize nonce', async () => {
    const params = await signed({ nonce: 'n'.repeat(257) })
    await expectCode(
      verifyOAuth1(options(params)),
      'ERR_LTI_OAUTH_MALFORMED_PARAMETER',
      'oauth_nonce',
    )
  })

  it('refuses a replayed nonce, in the scope of the consumer key', async () => {
    const nonceStore = new MemoryNonceStore(clock)
    const params = await signed()
    await verifyOAuth1(options(params, { nonceStore }))
    await expectCode(
      verifyOAuth1(options(params, { nonceStore })),
      'ERR_LTI_OAUTH_NONCE_REPLAYED',
      'oauth_nonce',
    )
    const otherConsumer = await signOAuth1({
      method: 'POST',
      url: URL_,
      consumerKey: 'other',
      consumerSecret: 'other-secret',
      clock,
      nonce: 'n-1',
    })
    await expect(verifyOAuth1(options(otherConsumer, { nonceStore }))).resolves.toBeTruthy()
  })

  it('keeps the nonce for the whole window and does not burn it on a bad signature', async () => {
    const calls: Array<[string, string, number]> = []
    const nonceStore = {
      consume: (scope: string, value: string, expiresAt: number) => {
        calls.push([scope, value, expiresAt])
        return Promise.resolve(true)
      },
    }
    const params = await signed()
    await expectCode(
      verifyOAuth1(options(replace(params, 'a', 'x'), { nonceStore })),
      'ERR_LTI_OAUTH_SIGNATURE_INVALID',
    )
    expect(calls).toEqual([])
    await verifyOAuth1(options(params, { nonceStore }))
    expect(calls).toEqual([['oauth1:key', 'n-1', NOW + 300_000]])
  })

  it('refuses an unknown consumer key', async () => {
    const params = replace(await signed(), 'oauth_consumer_key', 'nobody')
    await expectCode(
      verifyOAuth1(options(params)),
      'ERR_LTI_OAUTH_UNKNOWN_CONSUMER',
      'oauth_consumer_key',
    )
  })

  it.each(['PLAINTEXT', 'RSA-SHA1', 'HMAC-MD5', 'hmac-sha1'])(
    'refuses oauth_signature_method=%s',
    async (method) => {
      const params = replace(await signed(), 'oauth_signature_method', method)
      await expectCode(
        verifyOAuth1(options(params)),
        'ERR_LTI_OAUTH_UNSUPPORTED_SIGNATURE_METHOD',
        'oauth_signature_method',
      )
    },
  )

  it('refuses a method outside the configured list', async () => {
    await expectCode(
      verifyOAuth1(options(await signed(), { signatureMethods: ['HMAC-SHA256'] })),
      'ERR_LTI_OAUTH_UNSUPPORTED_SIGNATURE_METHOD',
    )
  })

  it.each(['1.0a', '2.0', ''])('refuses oauth_version=%j', async (version) => {
    const params = replace(await signed(), 'oauth_version', version)
    await expectCode(
      verifyOAuth1(options(params)),
      'ERR_LTI_OAUTH_UNSUPPORTED_VERSION',
      'oauth_version',
    )
  })

  it.each([
    'oauth_consumer_key',
    'oauth_signature_method',
    'oauth_signature',
    'oauth_timestamp',
    'oauth_nonce',
  ])('refuses a request without %s', async (name) => {
    const params = (await signed()).filter(([key]) => key !== name)
    await expectCode(verifyOAuth1(options(params)), 'ERR_LTI_OAUTH_MISSING_PARAMETER', name)
  })

  it('refuses an empty protocol parameter as missing', async () => {
    const params = replace(await signed(), 'oauth_nonce', '')
    await expectCode(
      verifyOAuth1(options(params)),
      'ERR_LTI_OAUTH_MISSING_PARAMETER',
      'oauth_nonce',
    )
  })

  it.each(['oauth_nonce', 'oauth_signature', 'oauth_consumer_key'])(
    'refuses a duplicated %s',
    async (name) => {
      const params = await signed()
      const duplicate = params.find(([key]) => key === name)
      await expectCode(
        verifyOAuth1(options(duplicate === undefined ? params : [...params, duplicate])),
        'ERR_LTI_OAUTH_DUPLICATE_PARAMETER',
        name,
      )
    },
  )

  it('refuses a protocol parameter repeated in the URL query', async () => {
    await expectCode(
      verifyOAuth1(options(await signed(), { url: `${URL_}&oauth_nonce=x` })),
      'ERR_LTI_OAUTH_DUPLICATE_PARAMETER',
    )
  })

  it('rejects a nonsensical window with a TypeError', async () => {
    await expect(
      verifyOAuth1(options(await signed(), { timestampWindowSeconds: 0 })),
    ).rejects.toThrow(TypeError)
  })
})

describe('signOAuth1', () => {
  it('adds the protocol parameters and a fresh nonce each time', async () => {
    const first = await signOAuth1({
      method: 'POST',
      url: URL_,
      consumerKey: 'k',
      consumerSecret: 's',
    })
    const second = await signOAuth1({
      method: 'POST',
      url: URL_,
      consumerKey: 'k',
      consumerSecret: 's',
    })
    const names = first.map(([name]) => name)
    expect(names).toEqual([
      'oauth_consumer_key',
      'oauth_nonce',
      'oauth_signature_method',
      'oauth_timestamp',
      'oauth_version',
      'oauth_signature',
    ])
    expect(first[1]?.[1]).not.toBe(second[1]?.[1])
  })

  it.each([
    [{ params: [['oauth_signature', 'x']] }],
    [{ params: { oauth_nonce: 'x' } }],
    [{ consumerKey: '' }],
    [{ url: 'javascript:alert(1)' }],
    [{ method: 'PO ST' }],
    [{ signatureMethod: 'PLAINTEXT' }],
    [{ params: [['a', 1]] }],
  ])('throws TypeError on misuse %j', async (override) => {
    const input = { method: 'POST', url: URL_, consumerKey: 'k', consumerSecret: 's', ...override }
    await expect(signOAuth1(input as never)).rejects.toThrow(TypeError)
  })
})
