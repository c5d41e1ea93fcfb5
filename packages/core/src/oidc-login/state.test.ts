import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/index.js'
import { assertStateMatches, createLoginState } from './state.js'

describe('createLoginState', () => {
  it('gives 256-bit base64url state and nonce, different each time', () => {
    const first = createLoginState()
    const second = createLoginState()
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first.state).not.toBe(first.nonce)
    expect(second.state).not.toBe(first.state)
  })
})

describe('assertStateMatches', () => {
  it('accepts the bound state', () => {
    expect(() => assertStateMatches('abc', 'abc')).not.toThrow()
  })

  it.each([
    ['a different state', 'abd', 'abc'],
    ['a prefix of the bound state', 'ab', 'abc'],
    ['a longer state', 'abcd', 'abc'],
    ['an empty received state', '', 'abc'],
    ['no bound state (cookie blocked)', 'abc', undefined],
    ['an empty bound state', 'abc', ''],
  ])('rejects %s with ERR_LTI_STATE_MISMATCH', (_name, received, expected) => {
    try {
      assertStateMatches(received, expected)
      expect.unreachable()
    } catch (error) {
      expect(isLtiError(error, 'ERR_LTI_STATE_MISMATCH')).toBe(true)
    }
  })
})
