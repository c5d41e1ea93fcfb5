import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatAuthorizationHeader, parseAuthorizationHeader } from './authorization-header.js'
import { readOAuth1Request } from './read-request.js'

describe('Authorization header', () => {
  it('round-trips any oauth_* parameters and drops realm', () => {
    const pair = fc.tuple(
      fc.string({ unit: 'binary' }).map((name) => `oauth_${name}`),
      fc.string({ unit: 'binary' }),
    )
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), (params) => {
        const header = formatAuthorizationHeader(params, 'Example realm')
        expect(parseAuthorizationHeader(header)).toEqual(params)
      }),
    )
  })

  it('parses the header as oauthlib writes it (TV-9)', () => {
    const header =
      'OAuth oauth_nonce="0123456789abcdef", oauth_timestamp="1700000000", oauth_body_hash="wdBRmkZfTF6USOqti0FJLi1Uh6M%3D"'
    expect(parseAuthorizationHeader(header)).toEqual([
      ['oauth_nonce', '0123456789abcdef'],
      ['oauth_timestamp', '1700000000'],
      ['oauth_body_hash', 'wdBRmkZfTF6USOqti0FJLi1Uh6M='],
    ])
  })

  it('ignores other schemes', () => {
    expect(parseAuthorizationHeader('Bearer abc')).toBeUndefined()
    expect(parseAuthorizationHeader('OAuthx a="b"')).toBeUndefined()
  })

  it('accepts the bare scheme', () => {
    expect(parseAuthorizationHeader('OAuth')).toEqual([])
  })

  it.each([
    'OAuth oauth_nonce=abc',
    'OAuth oauth_nonce="abc" oauth_timestamp="1"',
    'OAuth oauth_nonce="a%zz"',
    'OAuth oauth_nonce="a%C3"',
    'OAuth ="x"',
    'OAuth oauth_nonce="a\\"b"',
    'OAuth oauth nonce="a"',
  ])('refuses the malformed header %j', (header) => {
    expect(() => parseAuthorizationHeader(header)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_OAUTH_MALFORMED_HEADER', claim: 'Authorization' }),
    )
  })

  it('refuses an oversize header', () => {
    expect(() => parseAuthorizationHeader(`OAuth a="${'x'.repeat(9000)}"`)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_INPUT_TOO_LARGE' }),
    )
  })

  it('formats only oauth_* parameters', () => {
    expect(() => formatAuthorizationHeader([['user_id', '1']])).toThrow(TypeError)
  })
})

describe('readOAuth1Request', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }

  it('reads form body parameters, decoding + as space', async () => {
    const request = new Request('https://t.example/launch?q=1', {
      method: 'POST',
      headers: form,
      body: 'a=1+2&b=%E2%98%83&a=',
    })
    const incoming = await readOAuth1Request(request)
    expect(incoming.params).toEqual([
      ['a', '1 2'],
      ['b', '☃'],
      ['a', ''],
    ])
    expect(incoming.mediaType).toBe('application/x-www-form-urlencoded')
  })

  it('does not treat a non-form body as parameters but keeps its bytes', async () => {
    const request = new Request('https://t.example/x', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: 'a=1',
    })
    const incoming = await readOAuth1Request(request)
    expect(incoming.params).toEqual([])
    expect(new TextDecoder().decode(incoming.body)).toBe('a=1')
  })

  it('refuses a body over the limit even without Content-Length', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024))
      },
    })
    const request = new Request('https://t.example/x', {
      method: 'POST',
      headers: form,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    await expect(readOAuth1Request(request, { maxBodyBytes: 4096 })).rejects.toMatchObject({
      code: 'ERR_LTI_INPUT_TOO_LARGE',
    })
  })

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const request = new Request('https://t.example/x', {
      method: 'POST',
      headers: { ...form, 'content-length': '999999' },
      body: 'a=1',
    })
    await expect(readOAuth1Request(request, { maxBodyBytes: 10 })).rejects.toMatchObject({
      code: 'ERR_LTI_INPUT_TOO_LARGE',
    })
  })

  it('refuses too many parameters', async () => {
    const body = Array.from({ length: 20 }, (_, index) => `p${index}=1`).join('&')
    const request = new Request('https://t.example/x?a=1', { method: 'POST', headers: form, body })
    await expect(readOAuth1Request(request, { maxParameters: 20 })).rejects.toMatchObject({
      code: 'ERR_LTI_INPUT_TOO_LARGE',
    })
  })

  it('propagates a malformed Authorization header', async () => {
    const request = new Request('https://t.example/x', {
      method: 'POST',
      headers: { authorization: 'OAuth x' },
    })
    await expect(readOAuth1Request(request)).rejects.toMatchObject({
      code: 'ERR_LTI_OAUTH_MALFORMED_HEADER',
    })
  })

  it('throws TypeError on a nonsensical limit', async () => {
    const request = new Request('https://t.example/x', { method: 'POST' })
    await expect(readOAuth1Request(request, { maxBodyBytes: -1 })).rejects.toThrow(TypeError)
  })
})
