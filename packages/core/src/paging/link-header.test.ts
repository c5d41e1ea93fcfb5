import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import {
  findLink,
  formatLinkHeader,
  type LinkToFormat,
  MAX_LINK_HEADER_LENGTH,
  pageLinkHeader,
  parseLinkHeader,
} from './link-header.js'
import vectors from './vectors/link-headers.json' with { type: 'json' }

describe('parseLinkHeader: TV-16 vectors', () => {
  it.each(vectors.cases)('$name', ({ header, expect: expected }) => {
    const links = parseLinkHeader(header)
    for (const [rel, url] of Object.entries(expected)) {
      expect(findLink(links, rel), rel).toBe(url ?? undefined)
    }
  })

  it('returns the relation types, lower-cased, and the other parameters', () => {
    expect(parseLinkHeader('<https://lms/x>; REL="First Last"; Title="A \\"b\\""; x')).toEqual([
      { url: 'https://lms/x', rel: ['first', 'last'], params: { title: 'A "b"', x: '' } },
    ])
  })

  it('reads null and undefined as no links', () => {
    expect(parseLinkHeader(null)).toEqual([])
    expect(parseLinkHeader(undefined)).toEqual([])
  })

  it('refuses an oversize header with ERR_LTI_INPUT_TOO_LARGE', () => {
    const header = `<https://lms/${'a'.repeat(MAX_LINK_HEADER_LENGTH)}>; rel=next`
    expect(() => parseLinkHeader(header)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_INPUT_TOO_LARGE', claim: 'Link' }),
    )
    try {
      parseLinkHeader(header)
    } catch (error) {
      expect(isLtiError(error, 'ERR_LTI_INPUT_TOO_LARGE')).toBe(true)
    }
  })

  it('finds relation types case-insensitively', () => {
    expect(findLink(parseLinkHeader('<https://a/>; rel=next'), 'NEXT')).toBe('https://a/')
  })
})

describe('formatLinkHeader', () => {
  it('writes quoted rel and parameters', () => {
    expect(
      formatLinkHeader([
        { url: 'https://lms/m?p=2', rel: ['next'] },
        { url: 'https://lms/m?d=1', rel: ['differences'], params: { title: 'a "q" \\' } },
      ]),
    ).toBe(
      '<https://lms/m?p=2>; rel="next", <https://lms/m?d=1>; rel="differences"; title="a \\"q\\" \\\\"',
    )
  })

  it.each<[string, LinkToFormat]>([
    ['a target with >', { url: 'https://a/>', rel: ['next'] }],
    ['a target with a space', { url: 'https://a/ b', rel: ['next'] }],
    ['an empty target', { url: '', rel: ['next'] }],
    ['a relation type with a quote', { url: 'https://a/', rel: ['ne"xt'] }],
    ['a relation type with a space', { url: 'https://a/', rel: ['ne xt'] }],
    ['a parameter named rel', { url: 'https://a/', rel: [], params: { rel: 'next' } }],
    ['a parameter name that is not a token', { url: 'https://a/', rel: [], params: { 'a b': '' } }],
    ['a parameter value with CR LF', { url: 'https://a/', rel: [], params: { t: 'a\r\nb' } }],
  ])('throws TypeError for %s', (_name, link) => {
    expect(() => formatLinkHeader([link])).toThrow(TypeError)
  })

  it('pageLinkHeader writes next, prev, first, last and differences in that order', () => {
    expect(pageLinkHeader({})).toBeUndefined()
    expect(pageLinkHeader({ differences: 'https://a/d', next: 'https://a/2' })).toBe(
      '<https://a/2>; rel="next", <https://a/d>; rel="differences"',
    )
  })
})

const token = fc.stringMatching(/^[a-z][a-z0-9!#$%&'*+.^_`|~-]{0,11}$/)
const relType = fc.oneof(
  token,
  fc.webUrl().filter((url) => !/[",;\\\s]/.test(url)),
)
const paramValue = fc.stringMatching(/^[\t\x20-\x7E]{0,20}$/)
const link = fc.record({
  url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
  rel: fc.uniqueArray(
    relType.map((rel) => rel.toLowerCase()),
    { maxLength: 3 },
  ),
  params: fc.dictionary(
    token.filter((name) => name !== 'rel'),
    paramValue,
    { maxKeys: 3 },
  ),
})

describe('parseLinkHeader: properties', () => {
  it('round-trips formatLinkHeader', () => {
    fc.assert(
      fc.property(fc.array(link, { maxLength: 5 }), (links) => {
        expect(parseLinkHeader(formatLinkHeader(links))).toEqual(links)
      }),
    )
  })

  it('tolerates extra whitespace around every separator', () => {
    fc.assert(
      fc.property(
        fc.array(link, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(' ', '\t', '  '),
        (links, ws) => {
          const spaced = formatLinkHeader(links)
            .replaceAll('>; ', `>${ws};${ws}`)
            .replaceAll('", <', `"${ws},${ws}<`)
          expect(parseLinkHeader(`${ws}${spaced}${ws}`)).toEqual(links)
        },
      ),
    )
  })

  it('never throws on arbitrary input below the size limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (value) => {
        const links = parseLinkHeader(value)
        for (const parsed of links) {
          expect(typeof parsed.url).toBe('string')
          expect(parsed.rel.every((rel) => rel === rel.toLowerCase() && rel !== '')).toBe(true)
        }
      }),
    )
  })

  it('never throws on header-like noise built from the grammar', () => {
    const piece = fc.constantFrom(
      '<',
      '>',
      ';',
      ',',
      '"',
      '\u201C',
      '\u201D',
      '\\',
      '=',
      ' ',
      'rel',
      'next',
      'https://a/b,c',
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        expect(() => parseLinkHeader(pieces.join(''))).not.toThrow()
      }),
    )
  })
})
