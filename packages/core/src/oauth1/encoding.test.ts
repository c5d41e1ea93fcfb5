import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeParameters, normalizeUrl } from './base-string.js'
import { percentDecode, percentEncode } from './encoding.js'

describe('percentEncode / percentDecode', () => {
  it('round-trips any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(percentDecode(percentEncode(value))).toBe(value)
      }),
    )
  })

  it('emits only unreserved characters and upper-case %XX triplets', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(percentEncode(value)).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/)
      }),
    )
  })

  it('encodes space as %20 and never as +', () => {
    expect(percentEncode('a b+c')).toBe('a%20b%2Bc')
  })

  it('refuses a lone surrogate with a TypeError', () => {
    expect(() => percentEncode('\ud800')).toThrow(TypeError)
  })

  it.each(['%', '%2', '%zz', '%C3', '%FF', '%ED%A0%80', '\ud800'])(
    'decoding %j is refused',
    (value) => {
      expect(percentDecode(value)).toBeUndefined()
    },
  )

  it('decodes + as itself (header decoding is not form decoding)', () => {
    expect(percentDecode('a+b%2B')).toBe('a+b+')
  })
})

describe('normalisation', () => {
  const url = fc.webUrl({ withQueryParameters: true, withFragments: true })

  it('base URL normalisation is idempotent and drops query and fragment', () => {
    fc.assert(
      fc.property(url, (value) => {
        const once = normalizeUrl(value)
        const twice = normalizeUrl(once.baseUrl)
        expect(twice.baseUrl).toBe(once.baseUrl)
        expect(twice.queryParams).toEqual([])
        expect(once.baseUrl).not.toMatch(/[?#]/)
      }),
    )
  })

  it('parameter normalisation does not depend on the order parameters arrive in', () => {
    const pair = fc.tuple(
      fc.constantFrom('a', 'a-b', 'b', 'oauth_x'),
      fc.string({ unit: 'binary' }),
    )
    const permuted = fc
      .array(pair)
      .chain((list) =>
        fc.tuple(
          fc.constant(list),
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
        ),
      )
    fc.assert(
      fc.property(permuted, ([params, shuffled]) => {
        expect(normalizeParameters(shuffled)).toBe(normalizeParameters(params))
      }),
    )
  })

  it('sorts by encoded name, then by encoded value, keeping duplicates (not by "k=v" strings)', () => {
    // ims-lti sorts joined strings and would put "a-b=1" before "a=2" ('-' < '='); RFC 5849 does not.
    expect(
      normalizeParameters([
        ['a-b', '1'],
        ['a', '2'],
        ['a', '10'],
        ['c', ''],
      ]),
    ).toBe('a=10&a=2&a-b=1&c=')
  })

  it('refuses non-http(s) and relative URLs with a TypeError', () => {
    expect(() => normalizeUrl('ftp://example.com/')).toThrow(TypeError)
    expect(() => normalizeUrl('/relative')).toThrow(TypeError)
  })
})
