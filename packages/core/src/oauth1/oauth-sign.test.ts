import fc from 'fast-check'
import { generateBase, hmacsign, hmacsign256 } from 'oauth-sign'
import { describe, expect, it } from 'vitest'
import { normalizeUrl, signatureBaseString } from './base-string.js'
import { hmacSignature, type SignatureMethod } from './signature.js'

/** oauth-sign wants an object; duplicate names become arrays of values. */
function toOauthSignParams(params: ReadonlyArray<readonly [string, string]>) {
  const grouped = Object.create(null) as Record<string, string[]>
  for (const [name, value] of params) (grouped[name] ??= []).push(value)
  return grouped
}

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', ' ', '+', '%', '%20', '&=', 'a-b', 'a', '☃', '😀', "!*'()"),
)
// Few names so that duplicates are common, plus arbitrary ones.
const name = fc.oneof(fc.constantFrom('a', 'a-b', 'a_b', 'A', 'oauth_callback', 'c@'), text)
const params = fc.array(fc.tuple(name, text), { maxLength: 12 })
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'patch')
const url = fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: {} })
const secret = text

describe('cross-check with the oauth-sign package', () => {
  it('builds the same base string', () => {
    fc.assert(
      fc.property(method, url, params, (m, u, p) => {
        const { baseUrl, queryParams } = normalizeUrl(u)
        const theirs = generateBase(m, baseUrl, toOauthSignParams([...queryParams, ...p]))
        expect(signatureBaseString({ method: m, url: u, params: p })).toBe(theirs)
      }),
      { numRuns: 300 },
    )
  })

  it.each<[SignatureMethod, typeof hmacsign]>([
    ['HMAC-SHA1', hmacsign],
    ['HMAC-SHA256', hmacsign256],
  ])('computes the same %s signature', async (signatureMethod, theirs) => {
    await fc.assert(
      fc.asyncProperty(method, url, params, secret, secret, async (m, u, p, s, t) => {
        const { baseUrl, queryParams } = normalizeUrl(u)
        const base = signatureBaseString({ method: m, url: u, params: p })
        const ours = await hmacSignature(signatureMethod, base, s, t)
        expect(ours).toBe(theirs(m, baseUrl, toOauthSignParams([...queryParams, ...p]), s, t))
      }),
      { numRuns: 200 },
    )
  })
})
