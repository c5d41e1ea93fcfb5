import { describe, expect, it } from 'vitest'
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.js'

describe('password hashing', () => {
  it('verifies the password it hashed and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(stored).toMatch(/^scrypt\$ln=15,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/)
    expect(stored).not.toContain('correct')
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true)
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('salts each hash and keeps the parameters with it', async () => {
    const cheap = { ln: 10, r: 8, p: 1 }
    const a = await hashPassword('the same password', cheap)
    const b = await hashPassword('the same password', cheap)
    expect(a).not.toBe(b)
    expect(a.startsWith('scrypt$ln=10,r=8,p=1$')).toBe(true)
    expect(await verifyPassword('the same password', a)).toBe(true)
  })

  it('refuses malformed or out-of-range stored values instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false)
    expect(
      await verifyPassword('x', 'scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43)),
    ).toBe(false)
  })
})

describe('password strength rule', () => {
  it.each([
    ['short1!', 'at least 12'],
    ['aaaaaaaaaaaaaaaa', 'repeated'],
    ['abcabcabcabcabc', 'repeated'],
    ['123456789012', 'sequence'],
    ['qwertyuiopasdf', 'sequence'],
    ['Password123456!', 'common'],
    ['!!Letmein2024!!', 'common'],
  ])('refuses %s', (password, reason) => {
    expect(passwordWeakness(password)).toMatch(new RegExp(reason, 'i'))
  })

  it('refuses the person’s own name or email', () => {
    expect(passwordWeakness('Ada.Lovelace1815', ['Ada Lovelace', 'ada@example.edu'])).toBe(
      undefined,
    )
    expect(passwordWeakness('lovelace123456', ['Ada Lovelace'])).toMatch(/name or email/)
    expect(passwordWeakness('adalovelace!!!!', ['x', 'adalovelace@example.edu'])).toMatch(
      /name or email/,
    )
  })

  it('accepts long, unpredictable passwords and passphrases', () => {
    for (const password of ['violet-harbour-tuesday', 'N7#qLw2!xPz9vR', 'correct horse battery']) {
      expect(passwordWeakness(password)).toBeUndefined()
    }
  })
})
