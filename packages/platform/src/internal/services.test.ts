import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from './core.js'
import { nextPageUrl, offsetOf } from './services.js'

const PUBLIC = 'https://lms.example.edu/lti/contexts/c/lineitems'

describe('paging cursor', () => {
  it('reads back the offset the next URL carries, keeping the filters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.string({ maxLength: 20 }),
        (offset, limit, tag) => {
          const request = new URL(
            `http://internal:3000/x?tag=${encodeURIComponent(tag)}&offset=${offset}&limit=5`,
          )
          const next = new URL(nextPageUrl(PUBLIC, request, offset, limit))
          expect(next.origin + next.pathname).toBe(PUBLIC)
          expect(offsetOf(next, 'ERR_LTI_AGS_INVALID_QUERY')).toBe(offset + limit)
          expect(next.searchParams.get('limit')).toBe(String(limit))
          expect(next.searchParams.get('tag')).toBe(tag)
          expect(next.searchParams.getAll('offset')).toHaveLength(1)
        },
      ),
    )
  })

  it('refuses anything but one non-negative integer offset', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const url = new URL(`${PUBLIC}?offset=${encodeURIComponent(raw)}`)
        let result: number | undefined
        try {
          result = offsetOf(url, 'ERR_LTI_NRPS_INVALID_QUERY')
        } catch (error) {
          expect(isLtiError(error, 'ERR_LTI_NRPS_INVALID_QUERY')).toBe(true)
          expect(/^\d{1,9}$/.test(raw)).toBe(false)
          return
        }
        expect(String(result)).toBe(String(Number(raw)))
      }),
    )
    expect(offsetOf(new URL(PUBLIC), 'ERR_LTI_AGS_INVALID_QUERY')).toBe(0)
    expect(() =>
      offsetOf(new URL(`${PUBLIC}?offset=1&offset=2`), 'ERR_LTI_AGS_INVALID_QUERY'),
    ).toThrow()
  })
})
