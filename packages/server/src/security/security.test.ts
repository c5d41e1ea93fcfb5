import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../config/index.js'
import { deriveBytes, deriveKeys } from './derive.js'
import { createDataCipher, DecryptionError } from './encryption.js'
import { DEV_SECRET_FILE, resolveRootSecret } from './root-secret.js'

const SECRET = 'test-root-secret-0123456789abcdef-0123456789'

async function cipherFor(secret = SECRET) {
  return createDataCipher((await deriveKeys(secret)).dataEncryption)
}

async function rejection(promise: Promise<unknown>): Promise<DecryptionError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(DecryptionError)
  return error as DecryptionError
}

function flip(sealed: string, index: number): string {
  const [version, iv, data] = sealed.split('.') as [string, string, string]
  const bytes = Buffer.from(data, 'base64url')
  bytes[index % bytes.length] = (bytes[index % bytes.length] ?? 0) ^ 0x01
  return `${version}.${iv}.${bytes.toString('base64url')}`
}

describe('key derivation', () => {
  it('derives different, stable keys per purpose', async () => {
    const session = await deriveBytes(SECRET, 'session')
    const access = await deriveBytes(SECRET, 'access-token')
    expect(session).toHaveLength(32)
    expect(Buffer.from(session).equals(Buffer.from(access))).toBe(false)
    expect(Buffer.from(await deriveBytes(SECRET, 'session')).equals(Buffer.from(session))).toBe(
      true,
    )
    const other = await deriveBytes(`${SECRET}!`, 'session')
    expect(Buffer.from(other).equals(Buffer.from(session))).toBe(false)
  })

  it('makes the data key non-extractable AES-GCM', async () => {
    const { dataEncryption } = await deriveKeys(SECRET)
    expect(dataEncryption.extractable).toBe(false)
    expect(dataEncryption.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 })
  })

  it('refuses an empty secret', async () => {
    await expect(deriveKeys('')).rejects.toThrow(TypeError)
  })
})

describe('data encryption', () => {
  it('round-trips any text', async () => {
    const cipher = await cipherFor()
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        expect(await cipher.decrypt(await cipher.encrypt(text, 'ctx'), 'ctx')).toBe(text)
      }),
      { numRuns: 50 },
    )
  })

  it('uses a fresh IV each time', async () => {
    const cipher = await cipherFor()
    expect(await cipher.encrypt('same', 'ctx')).not.toBe(await cipher.encrypt('same', 'ctx'))
  })

  it('detects any flipped ciphertext or tag bit', async () => {
    const cipher = await cipherFor()
    const sealed = await cipher.encrypt('private key material', 'signing_keys:k1')
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (index) => {
        const error = await rejection(cipher.decrypt(flip(sealed, index), 'signing_keys:k1'))
        expect(error.code).toBe('ERR_LTIHUB_DECRYPTION_FAILED')
      }),
      { numRuns: 40 },
    )
  })

  it('refuses another context, another secret and malformed input', async () => {
    const cipher = await cipherFor()
    const sealed = await cipher.encrypt('secret', 'signing_keys:k1')
    await rejection(cipher.decrypt(sealed, 'signing_keys:k2'))
    await rejection((await cipherFor(`${SECRET}-other`)).decrypt(sealed, 'signing_keys:k1'))
    await rejection(cipher.decrypt('v2.a.b', 'signing_keys:k1'))
    await rejection(cipher.decrypt('v1.a', 'signing_keys:k1'))
    await rejection(cipher.decrypt('v1.AAAA.AAAA', 'signing_keys:k1'))
    await rejection(cipher.decrypt('v1.!!!!.AAAA', 'signing_keys:k1'))
    expect(sealed).not.toContain('secret')
  })

  it('requires a context', async () => {
    const cipher = await cipherFor()
    await expect(cipher.encrypt('x', '')).rejects.toThrow(TypeError)
  })
})

describe('root secret', () => {
  const logger = () => ({ warn: vi.fn() })

  it('uses LTIHUB_SECRET when set', async () => {
    const config = loadConfig({ env: { LTIHUB_SECRET: SECRET } })
    expect(await resolveRootSecret(config, logger())).toBe(SECRET)
  })

  it('generates a 0600 development secret once, warns, and reuses it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ltihub-secret-')), 'nested')
    const config = loadConfig({ env: { DATA_DIR: dataDir } })
    const first = logger()
    const secret = await resolveRootSecret(config, first)
    expect(secret.length).toBeGreaterThanOrEqual(43)
    expect(first.warn).toHaveBeenCalledTimes(1)
    expect(JSON.stringify(first.warn.mock.calls)).not.toContain(secret)
    const path = join(dataDir, DEV_SECRET_FILE)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8').trim()).toBe(secret)
    expect(await resolveRootSecret(config, logger())).toBe(secret)
  })

  it('warns about a file readable by others and refuses a short one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ltihub-secret-'))
    const path = join(dataDir, DEV_SECRET_FILE)
    writeFileSync(path, 'short\n')
    chmodSync(path, 0o644)
    const log = logger()
    const config = loadConfig({ env: { DATA_DIR: dataDir } })
    await expect(resolveRootSecret(config, log)).rejects.toMatchObject({
      code: 'ERR_LTIHUB_CONFIG',
    })
    expect(log.warn).toHaveBeenCalledWith({ path }, expect.stringContaining('chmod 600'))
  })
})
