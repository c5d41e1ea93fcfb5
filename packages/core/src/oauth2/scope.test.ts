import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALL_SCOPES, SCOPE } from '../claims/uris.js'
import { isLtiError } from '../errors/lti-error.js'
import { formatScope, intersectScopes, isKnownScope, knownScopes, parseScope } from './scope.js'

const scopeChar = fc.constantFrom(
  ...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
    (c) => c !== '"' && c !== '\\',
  ),
)
const scopeToken = fc.string({ unit: scopeChar, minLength: 1, maxLength: 40 })

describe('parseScope', () => {
  it('splits on spaces, drops empties and repeats, keeps order', () => {
    expect(parseScope(`${SCOPE.score}  ${SCOPE.lineItem} ${SCOPE.score} `)).toEqual([
      SCOPE.score,
      SCOPE.lineItem,
    ])
    expect(parseScope('')).toEqual([])
  })

  it.each([
    ['a tab', 'a\tb'],
    ['a newline', 'a\nb'],
    ['a quote', 'a"b'],
    ['a backslash', 'a\\b'],
    ['non-ASCII', 'scöpe'],
    ['a control character', 'a\u0000'],
    ['an oversize value', 'a'.repeat(5000)],
    ['too many tokens', Array.from({ length: 65 }, (_, i) => `s${i}`).join(' ')],
  ])('rejects %s with ERR_LTI_OAUTH_INVALID_SCOPE', (_name, value) => {
    expect(() => parseScope(value)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_OAUTH_INVALID_SCOPE' }),
    )
  })

  it('round-trips formatScope for any list of valid tokens', () => {
    fc.assert(
      fc.property(fc.array(scopeToken, { maxLength: 20 }), (tokens) => {
        expect(parseScope(formatScope(tokens))).toEqual([...new Set(tokens)])
      }),
    )
  })

  it('either returns valid distinct tokens or throws a coded error, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        try {
          const tokens = parseScope(value)
          expect(new Set(tokens).size).toBe(tokens.length)
          for (const token of tokens) expect(token).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/)
        } catch (error) {
          expect(isLtiError(error, 'ERR_LTI_OAUTH_INVALID_SCOPE')).toBe(true)
        }
      }),
    )
  })
})

describe('scope helpers', () => {
  it('formatScope refuses invalid tokens with TypeError', () => {
    expect(() => formatScope(['a b'])).toThrow(TypeError)
    expect(() => formatScope([''])).toThrow(TypeError)
  })

  it('recognises the LTI Advantage scopes', () => {
    expect(ALL_SCOPES.every(isKnownScope)).toBe(true)
    expect(isKnownScope('openid')).toBe(false)
    expect(knownScopes(['openid', SCOPE.score, 'x'])).toEqual([SCOPE.score])
  })

  it('intersects as a subset of both sides, in requested order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL_SCOPES, 'openid', 'x')),
        fc.array(fc.constantFrom(...ALL_SCOPES)),
        (requested, allowed) => {
          const granted = intersectScopes(requested, allowed)
          for (const scope of granted) {
            expect(requested).toContain(scope)
            expect(allowed).toContain(scope)
          }
          expect(new Set(granted).size).toBe(granted.length)
          const expected = [...new Set(requested)].filter((s) => (allowed as string[]).includes(s))
          expect(granted).toEqual(expected)
        },
      ),
    )
  })
})
