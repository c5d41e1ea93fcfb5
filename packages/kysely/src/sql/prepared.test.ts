import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { testDialects } from '../testing/postgres.js'
import { useTestDatabase } from '../testing/test-support.js'
import { toolStorageMigrations } from '../tool/migrations/index.js'
import { type Placeholders, prepared } from './prepared.js'
import type { NonceTables } from './nonce-table.js'

type Db = Kysely<NonceTables>
const dialects = await testDialects()

let builds = 0
const insertNonce = prepared(
  (db: Db, p: Placeholders<{ scope: string; value: string; expiresAt: number }>) => {
    builds++
    return db
      .insertInto('nonces')
      .values({ scope: p.scope, value_sha256: p.value, expires_at: p.expiresAt })
      .onConflict((conflict) => conflict.columns(['scope', 'value_sha256']).doNothing())
  },
)
const byScope = prepared((db: Db, p: Placeholders<{ scope: string; after: number }>) =>
  db
    .selectFrom('nonces')
    .select(['value_sha256', 'expires_at'])
    .where('scope', '=', p.scope)
    .where('expires_at', '>', p.after)
    // A constant stays part of the prepared query.
    .where('value_sha256', '!=', 'never')
    .orderBy('value_sha256'),
)

describe.each(dialects)('prepared queries on $name', (dialect) => {
  const database = useTestDatabase<NonceTables>(dialect, { migrations: toolStorageMigrations })

  it('builds once per dialect and runs with new values each time', async () => {
    const { db } = database()
    const before = builds
    for (const [value, expiresAt] of [
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ] as const) {
      const result = await insertNonce.run(db, { scope: 's', value, expiresAt })
      expect(result.numAffectedRows).toBe(1n)
    }
    expect(
      (await insertNonce.run(db, { scope: 's', value: 'a', expiresAt: 99 })).numAffectedRows,
    ).toBe(0n)
    expect(builds - before).toBeLessThanOrEqual(1)
    expect(await byScope.execute(db, { scope: 's', after: 15 })).toEqual([
      { value_sha256: 'b', expires_at: 20 },
      { value_sha256: 'c', expires_at: 30 },
    ])
    expect(await byScope.takeFirst(db, { scope: 'other', after: 0 })).toBeUndefined()
  })

  it('runs inside a transaction, which still rolls back', async () => {
    const { db } = database()
    await expect(
      db.transaction().execute(async (trx) => {
        await insertNonce.run(trx, { scope: 't', value: 'x', expiresAt: 1 })
        expect(await byScope.execute(trx, { scope: 't', after: 0 })).toHaveLength(1)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await byScope.execute(db, { scope: 't', after: 0 })).toEqual([])
  })

  it('refuses a placeholder used inside an expression instead of as a value', async () => {
    const { db } = database()
    const wrong = prepared((kysely: Db, p: Placeholders<{ scope: string }>) =>
      kysely.selectFrom('nonces').selectAll().where('scope', '=', `${p.scope}-suffix`),
    )
    await expect(wrong.execute(db, { scope: 's' })).rejects.toThrow(TypeError)
    const spread = prepared((kysely: Db, p: Placeholders<{ scope: string }>) =>
      kysely
        .selectFrom('nonces')
        .selectAll()
        .where('scope', '=', { ...p }.scope),
    )
    await expect(spread.execute(db, { scope: 's' })).rejects.toThrow(/spread/)
  })
})
