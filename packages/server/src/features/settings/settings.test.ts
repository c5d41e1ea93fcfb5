import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { ensureInstanceIdentity } from './instance.js'
import { readSetting, writeSetting, writeSettingOnce } from './repository.js'

const dialects = await testDialects()
const counter = z.object({ n: z.number() })

describe.each(dialects)('settings on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('writes, overwrites and reads validated values', async () => {
    const { db } = database()
    expect(await readSetting(db, 'counter', counter)).toBeUndefined()
    await writeSetting(db, 'counter', { n: 1 }, 10)
    await writeSetting(db, 'counter', { n: 2 }, 20)
    expect(await readSetting(db, 'counter', counter)).toEqual({ n: 2 })
    const row = await db.selectFrom('settings').selectAll().executeTakeFirstOrThrow()
    expect(row.updated_at).toBe(20)
  })

  it('reads a value of another shape, or broken JSON, as absent', async () => {
    const { db } = database()
    await writeSetting(db, 'counter', { n: 'one' }, 10)
    expect(await readSetting(db, 'counter', counter)).toBeUndefined()
    await db.updateTable('settings').set({ value: '{' }).execute()
    expect(await readSetting(db, 'counter', counter)).toBeUndefined()
  })

  it('refuses values that are not JSON', async () => {
    await expect(writeSetting(database().db, 'x', undefined, 1)).rejects.toThrow(TypeError)
  })

  it('writes once, even under concurrency', async () => {
    const { db } = database()
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => writeSettingOnce(db, 'first', { n }, counter, n)),
    )
    expect(new Set(results.map((result) => result.n)).size).toBe(1)
    await writeSetting(db, 'first', 'other shape', 9)
    await expect(writeSettingOnce(db, 'first', { n: 9 }, counter, 9)).rejects.toThrow(TypeError)
  })

  it('keeps one instance identity', async () => {
    const { db } = database()
    const first = await ensureInstanceIdentity(db, 5)
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(await ensureInstanceIdentity(db, 6)).toEqual(first)
  })
})
