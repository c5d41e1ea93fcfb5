import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isLtiError } from '../errors/lti-error.js'
import {
  assertOk,
  isUpstreamError,
  parseRetryAfter,
  readResponseJson,
  UpstreamError,
  upstreamErrorFor,
} from './upstream-error.js'
import { processServiceJson } from './service-response.js'

const NOW = Date.parse('2024-05-01T12:00:00Z')
const clock = () => NOW

describe('upstreamErrorFor: status classification', () => {
  it.each([
    [400, 'ERR_LTI_UPSTREAM_REJECTED', false],
    [401, 'ERR_LTI_UPSTREAM_UNAUTHORIZED', true],
    [403, 'ERR_LTI_UPSTREAM_UNAUTHORIZED', false],
    [404, 'ERR_LTI_UPSTREAM_REJECTED', false],
    [405, 'ERR_LTI_UPSTREAM_REJECTED', false],
    [408, 'ERR_LTI_UPSTREAM_UNAVAILABLE', true],
    [409, 'ERR_LTI_UPSTREAM_CONFLICT', false],
    [422, 'ERR_LTI_UPSTREAM_REJECTED', false],
    [429, 'ERR_LTI_UPSTREAM_RATE_LIMITED', true],
    [500, 'ERR_LTI_UPSTREAM_UNAVAILABLE', true],
    [501, 'ERR_LTI_UPSTREAM_REJECTED', false],
    [502, 'ERR_LTI_UPSTREAM_UNAVAILABLE', true],
    [503, 'ERR_LTI_UPSTREAM_UNAVAILABLE', true],
    [302, 'ERR_LTI_UPSTREAM_INVALID_RESPONSE', false],
  ] as const)('%i → %s (retryable %s)', async (status, code, retryable) => {
    const error = await upstreamErrorFor(new Response('nope', { status }), clock)
    expect(error).toBeInstanceOf(UpstreamError)
    expect(isLtiError(error, code)).toBe(true)
    expect(error).toMatchObject({ code, retryable, upstreamStatus: status })
    expect(error.expose).toBe(false)
  })

  it('carries Retry-After in seconds, from delay-seconds or an HTTP-date', async () => {
    const rateLimited = await upstreamErrorFor(
      new Response(null, { status: 429, headers: { 'retry-after': '120' } }),
      clock,
    )
    expect(rateLimited.retryAfter).toBe(120)
    const unavailable = await upstreamErrorFor(
      new Response(null, {
        status: 503,
        headers: { 'retry-after': 'Wed, 01 May 2024 12:01:30 GMT' },
      }),
      clock,
    )
    expect(unavailable.retryAfter).toBe(90)
  })

  it('keeps the RFC 6749 error pair and the redirect target in the private detail only', async () => {
    const error = await upstreamErrorFor(
      Response.json(
        { error: 'invalid_scope', error_description: 'no score scope' },
        { status: 400 },
      ),
    )
    expect(error.detail).toContain('error=invalid_scope (no score scope)')
    expect(JSON.stringify(error.toProblem())).not.toContain('invalid_scope')
    const redirect = await upstreamErrorFor(
      new Response(null, { status: 302, headers: { location: 'https://elsewhere/' } }),
    )
    expect(redirect.detail).toContain('redirect to https://elsewhere/')
  })

  it('reads at most 2 KiB of an error body', async () => {
    const error = await upstreamErrorFor(new Response('x'.repeat(100_000), { status: 500 }))
    expect(error.detail).toContain('(oversize body)')
  })
})

describe('parseRetryAfter', () => {
  it.each([
    [null, undefined],
    ['0', 0],
    ['  30 ', 30],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
    ['Wed, 01 May 2024 12:00:10 GMT', 10],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['12345678901', undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseRetryAfter(value, clock)).toBe(expected)
  })
})

describe('assertOk and readResponseJson', () => {
  it('passes any 2xx', async () => {
    for (const status of [200, 201, 202, 204]) {
      await expect(assertOk(new Response(null, { status }))).resolves.toBeUndefined()
    }
  })

  const options = { accept: ['application/vnd.x+json', 'application/json'], maxBytes: 64 }

  it('reads JSON of an accepted type, and JSON without a Content-Type', async () => {
    const typed = new Response('{"a":1}', {
      headers: { 'content-type': 'application/vnd.X+json; charset=utf-8' },
    })
    expect(await readResponseJson(typed, options)).toEqual({ a: 1 })
    const untyped = new Response(new TextEncoder().encode('[1]'))
    expect(untyped.headers.get('content-type')).toBeNull()
    expect(await readResponseJson(untyped, options)).toEqual([1])
  })

  it.each([
    ['a foreign media type', new Response('<html>', { headers: { 'content-type': 'text/html' } })],
    ['an oversize body', Response.json({ a: 'x'.repeat(100) })],
    [
      'a declared oversize length',
      new Response('{}', {
        headers: { 'content-length': '1000', 'content-type': 'application/json' },
      }),
    ],
    ['broken JSON', new Response('{"a":', { headers: { 'content-type': 'application/json' } })],
  ])('refuses %s with ERR_LTI_UPSTREAM_INVALID_RESPONSE', async (_name, response) => {
    const error: unknown = await readResponseJson(response, options).catch((e: unknown) => e)
    expect(isUpstreamError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE', retryable: false })
  })
})

describe('processServiceJson', () => {
  it('turns an oversize Link header into ERR_LTI_UPSTREAM_INVALID_RESPONSE', async () => {
    const response = Response.json([], {
      headers: { link: `<https://a/${'x'.repeat(20_000)}>; rel=next` },
    })
    await expect(
      processServiceJson(response, ['application/json'], z.array(z.unknown())),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
      claim: 'Link',
    })
  })
})
