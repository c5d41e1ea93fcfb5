import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto'

/**
 * Passwords are stored as `scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>` (base64url): the
 * parameters travel with each hash, so raising them later leaves older hashes verifiable.
 * scrypt is memory-hard (128·N·r bytes: 32 MiB with the defaults) and ships with node:crypto.
 */
export interface ScryptParameters {
  /** log2 of the CPU/memory cost N. */
  readonly ln: number
  readonly r: number
  readonly p: number
}

export const DEFAULT_SCRYPT: ScryptParameters = { ln: 15, r: 8, p: 1 }

const KEY_LENGTH = 32
const SALT_LENGTH = 16
const STORED = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]{16,64})\$([\w-]{32,128})$/

function derive(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  const N = 2 ** params.ln
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    )
  })
}

/** A new stored hash of `password` with a random salt. */
export async function hashPassword(
  password: string,
  params: ScryptParameters = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, params)
  const head = `scrypt$ln=${params.ln},r=${params.r},p=${params.p}`
  return `${head}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

/** Whether `password` matches `stored` (compared in constant time); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored)
  if (match === null) return false
  const [, ln, r, p, salt, key] = match
  const params = { ln: Number(ln), r: Number(r), p: Number(p) }
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.p < 1) return false
  const expected = Buffer.from(key ?? '', 'base64url')
  const actual = await derive(password, Buffer.from(salt ?? '', 'base64url'), params)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * A hash of no password, verified against when the email matches nobody, so a wrong email takes
 * as long as a wrong password and the answer does not tell which.
 */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'))
  return decoy
}

/** The rule, as the forms say it. */
export const PASSWORD_RULE =
  'At least 12 characters, and not a common or obvious password (such as a repeated character, a keyboard row or your name or email).'

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 1024

// Passwords people choose most often, in their base form (digits and symbols around them are
// ignored, so "Password123!" counts as "password"). The length rule already removes most others.
const COMMON = new Set([
  'password',
  'passw0rd',
  'p@ssword',
  'p@ssw0rd',
  'qwerty',
  'qwertyuiop',
  'azerty',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'letmein',
  'welcome',
  'iloveyou',
  'admin',
  'administrator',
  'changeme',
  'secret',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'starwars',
  'trustno',
  'whatever',
  'superman',
  'batman',
  'master',
  'shadow',
  'login',
  'abc',
  'abcdef',
  'abcdefgh',
  'teacher',
  'student',
  'school',
  'ltihub',
  'default',
])

const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789'.repeat(4),
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn',
]

/** True when `text` is one short unit repeated, e.g. `aaaa…` or `abcabcabc…`. */
function isRepetition(text: string): boolean {
  for (let size = 1; size <= 4; size += 1) {
    const unit = text.slice(0, size)
    if (unit.repeat(Math.ceil(text.length / size)).slice(0, text.length) === text) return true
  }
  return false
}

function isSequence(text: string): boolean {
  return SEQUENCES.some((row) => {
    const reversed = [...row].reverse().join('')
    return row.includes(text) || reversed.includes(text)
  })
}

/**
 * Why `password` is too weak, in words for the form, or `undefined` when it passes. `personal`
 * are the person's name and email, which must not be the password's substance.
 */
export function passwordWeakness(
  password: string,
  personal: readonly string[] = [],
): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Use at most ${MAX_PASSWORD_LENGTH} characters.`
  }
  const lower = password.toLowerCase()
  const core = lower.replace(/[^\p{L}]/gu, '')
  if (isRepetition(lower) || isSequence(lower) || (core.length > 0 && isRepetition(core))) {
    return 'That is a repeated character or a sequence; choose something less predictable.'
  }
  if (COMMON.has(core) || (core.length < 4 && /^[\d\W_]*$/u.test(lower.replace(core, '')))) {
    return 'That is a common password; choose something less predictable.'
  }
  const words = personal
    .flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length >= 3)
  if (words.some((word) => core === word.replace(/[^\p{L}]/gu, '') || lower === word)) {
    return 'That is too close to your name or email; choose something else.'
  }
  return undefined
}
