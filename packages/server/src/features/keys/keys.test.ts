import { publicJwks, signingKeyOf } from '@ltihub/core/keys'
import { describe, expect, it } from 'vitest'
import { createDataCipher, DecryptionError, deriveKeys } from '../../security/index.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { keysOf, publishedKeys } from './repository.js'
import {
  ensureKeyRing,
  type KeyDeps,
  loadKeyRing,
  MAX_RETIRING_KEYS,
  rotateKeys,
} from './service.js'
import { createSigningKeys } from './signing-keys.js'

const dialects = await testDialects()
const SECRET = 'keys-test-secret-0123456789-0123456789'

describe.each(dialects)('signing keys on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  async function deps(secret = SECRET, clock = () => 1_000): Promise<KeyDeps> {
    const cipher = createDataCipher((await deriveKeys(secret)).dataEncryption)
    return { db: database().db, cipher, clock }
  }

  it('creates a current and a next key per purpose, once', async () => {
    const d = await deps()
    const platform = await ensureKeyRing(d, 'platform')
    expect(platform.next).toBeDefined()
    expect(platform.retiring).toEqual([])
    const again = await ensureKeyRing(d, 'platform')
    expect(again.current.kid).toBe(platform.current.kid)
    expect(again.next?.kid).toBe(platform.next?.kid)
    expect(await loadKeyRing(d, 'tool')).toBeUndefined()
    const tool = await ensureKeyRing(d, 'tool')
    expect(tool.current.kid).not.toBe(platform.current.kid)
    expect((await keysOf(d.db, 'platform')).map((row) => row.state)).toEqual(['next', 'current'])
  })

  it('creates exactly one ring when starts race', async () => {
    const d = await deps()
    const rings = await Promise.all([1, 2, 3].map(() => ensureKeyRing(d, 'tool')))
    expect(new Set(rings.map((ring) => ring.current.kid)).size).toBe(1)
    expect(await keysOf(d.db, 'tool')).toHaveLength(2)
  })

  it('stores private keys sealed, never as plain JWK', async () => {
    const d = await deps()
    await ensureKeyRing(d, 'platform')
    for (const row of await keysOf(d.db, 'platform')) {
      expect(row.private_jwk_sealed).toMatch(/^v1\./)
      expect(row.private_jwk_sealed).not.toContain('"d"')
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d')
    }
  })

  it('signs with a key that verifies against the published set', async () => {
    const d = await deps()
    const ring = await ensureKeyRing(d, 'platform')
    const { SignJWT, createLocalJWKSet, jwtVerify } = await import('jose')
    const key = signingKeyOf(ring)
    const token = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .sign(key.privateKey)
    const set = createLocalJWKSet({ keys: [...publicJwks(ring).keys] })
    await expect(jwtVerify(token, set, { algorithms: ['RS256'] })).resolves.toBeDefined()
  })

  it('rotates with overlap and keeps at most two retiring keys', async () => {
    const d = await deps()
    const tool = await ensureKeyRing(d, 'tool')
    const first = await ensureKeyRing(d, 'platform')
    const r1 = await rotateKeys(d, 'platform')
    expect(r1.current).toBe(first.next?.kid)
    expect(r1.retiring).toEqual([first.current.kid])
    expect(r1.removed).toEqual([])
    const r2 = await rotateKeys(d, 'platform')
    expect(r2.retiring).toEqual([r1.current, first.current.kid])
    expect(r2.removed).toEqual([])
    const r3 = await rotateKeys(d, 'platform')
    expect(r3.current).toBe(r2.next)
    expect(r3.retiring).toEqual([r2.current, r1.current])
    expect(r3.retiring).toHaveLength(MAX_RETIRING_KEYS)
    expect(r3.removed).toEqual([first.current.kid])
    const ring = await loadKeyRing(d, 'platform')
    expect(ring?.current.kid).toBe(r3.current)
    expect(ring?.next?.kid).toBe(r3.next)
    expect(ring?.retiring.map((key) => key.kid)).toEqual(r3.retiring)
    expect((await keysOf(d.db, 'platform')).map((row) => row.state)).toEqual([
      'next',
      'current',
      'retiring',
      'retiring',
    ])
    const toolAfter = await loadKeyRing(d, 'tool')
    expect(toolAfter?.current.kid).toBe(tool.current.kid)
  })

  it('lists published keys per purpose without private material', async () => {
    const d = await deps()
    await ensureKeyRing(d, 'platform')
    await ensureKeyRing(d, 'tool')
    const keys = await publishedKeys(d.db)
    expect(keys.map((key) => `${key.purpose}:${key.state}`)).toEqual([
      'platform:next',
      'platform:current',
      'tool:next',
      'tool:current',
    ])
    expect(JSON.stringify(keys)).not.toContain('sealed')
  })

  it('refuses keys sealed under another secret or altered in the database', async () => {
    await ensureKeyRing(await deps(), 'platform')
    await expect(loadKeyRing(await deps(`${SECRET}-other`), 'platform')).rejects.toBeInstanceOf(
      DecryptionError,
    )
    const d = await deps()
    const [row] = await keysOf(d.db, 'platform')
    if (row === undefined) throw new Error('expected a key')
    const others = await keysOf(d.db, 'platform')
    const other = others.find((candidate) => candidate.kid !== row.kid)
    // A sealed value moved to another row is refused: the kid is bound as associated data.
    await d.db
      .updateTable('signing_keys')
      .set({ private_jwk_sealed: other?.private_jwk_sealed ?? '' })
      .where('kid', '=', row.kid)
      .execute()
    await expect(loadKeyRing(d, 'platform')).rejects.toBeInstanceOf(DecryptionError)
  })

  it('caches rings and reloads after invalidation or the TTL', async () => {
    let now = 0
    const d = await deps(SECRET, () => now)
    const keys = createSigningKeys(d, 1000)
    const before = await keys.ring('tool')
    await rotateKeys(d, 'tool')
    expect((await keys.ring('tool')).current.kid).toBe(before.current.kid)
    now = 1000
    expect((await keys.ring('tool')).current.kid).toBe(before.next?.kid)
    await rotateKeys(d, 'tool')
    keys.invalidate()
    expect((await keys.ring('tool')).retiring).toHaveLength(2)
  })
})
