import { describe, expect, it } from 'vitest'
import { testDialects } from '../testing/postgres.js'
import { useTestDatabase } from '../testing/test-support.js'
import { toolStorageMigrations } from '../tool/migrations/index.js'
import type { NonceTables } from './nonce-table.js'
import { purgeExpiredNonces, SqlNonceStore } from './nonces.js'

const dialects = await testDialects()
const T0 = Date.UTC(2025, 0, 1)

describe.each(dialects)('SqlNonceStore on $name', (dialect) => {
  const database = useTestDatabase<NonceTables>(dialect, { migrations: toolStorageMigrations })

  function store(clock: { now: number }) {
    return new SqlNonceStore(database().db, () => clock.now)
  }

  it('accepts a value once until it expires, then again', async () => {
    const clock = { now: T0 }
    const nonces = store(clock)
    expect(await nonces.consume('oidc', 'n-1', T0 + 1000)).toBe(true)
    expect(await nonces.consume('oidc', 'n-1', T0 + 1000)).toBe(false)
    clock.now = T0 + 999
    expect(await nonces.consume('oidc', 'n-1', T0 + 5000)).toBe(false)
    clock.now = T0 + 1000
    expect(await nonces.consume('oidc', 'n-1', T0 + 5000)).toBe(true)
    expect(await nonces.consume('oidc', 'n-1', T0 + 5000)).toBe(false)
  })

  it('keeps scopes apart', async () => {
    const nonces = store({ now: T0 })
    expect(await nonces.consume('oidc', 'same', T0 + 1000)).toBe(true)
    expect(await nonces.consume('oauth1:key', 'same', T0 + 1000)).toBe(true)
  })

  it('accepts long and unusual values without storing them', async () => {
    const nonces = store({ now: T0 })
    const long = `${'x'.repeat(10_000)}\u0000é😀`
    expect(await nonces.consume('oidc', long, T0 + 1000)).toBe(true)
    expect(await nonces.consume('oidc', long, T0 + 1000)).toBe(false)
    const rows = await database().db.selectFrom('nonces').select('value_sha256').execute()
    expect(rows[0]?.value_sha256).toMatch(/^[\w-]{43}$/)
  })

  it('lets exactly one of 50 concurrent consumers win', async () => {
    const nonces = store({ now: T0 })
    for (const round of [1, 2, 3]) {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => nonces.consume('oidc', `race-${round}`, T0 + 60_000)),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
    }
  })

  it('lets exactly one of 50 concurrent consumers take over an expired value', async () => {
    const clock = { now: T0 }
    const nonces = store(clock)
    await nonces.consume('oidc', 'reused', T0 + 10)
    clock.now = T0 + 10
    const results = await Promise.all(
      Array.from({ length: 50 }, () => nonces.consume('oidc', 'reused', T0 + 60_000)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('purges only expired values', async () => {
    const nonces = store({ now: T0 })
    await nonces.consume('oidc', 'old', T0 + 10)
    await nonces.consume('oidc', 'fresh', T0 + 10_000)
    expect(await purgeExpiredNonces(database().db, T0 + 10)).toBe(1)
    expect(await nonces.consume('oidc', 'fresh', T0 + 10_000)).toBe(false)
  })

  it('refuses misuse with TypeError', async () => {
    const nonces = store({ now: T0 })
    await expect(nonces.consume('', 'v', T0)).rejects.toThrow(TypeError)
    await expect(nonces.consume('s'.repeat(201), 'v', T0)).rejects.toThrow(TypeError)
    await expect(nonces.consume('oidc', 'v', Number.NaN)).rejects.toThrow(TypeError)
    await expect(nonces.consume('oidc', 'v', 1.5)).rejects.toThrow(TypeError)
  })
})
