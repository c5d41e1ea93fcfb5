import { systemClock } from '@ltihub/core'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/index.js'
import type { Feature } from '../features/feature.js'
import { buildApp } from '../http/app.js'
import { createLogger } from '../http/logger.js'
import { deriveKeys } from '../security/index.js'
import { testDialects, type TestDatabase, useTestDatabase } from '../testing/databases.js'
import { demoState, seedDemo } from './seed.js'

const dialects = await testDialects()

async function contextFor(database: TestDatabase, features: readonly Feature[]) {
  const config = loadConfig({ env: { LTIHUB_DEMO: 'true', LOG_LEVEL: 'silent' } })
  const { app, context } = await buildApp({
    config,
    db: database.db,
    logger: createLogger(config),
    keys: await deriveKeys('demo-test-secret-0123456789-0123456789'),
    clock: systemClock,
    features,
  })
  await app.close()
  return context
}

const greetings: Feature = {
  name: 'greetings',
  seeders: [
    {
      name: 'greetings.hello',
      async seed(ctx) {
        // Idempotent: insert only when missing.
        await ctx.db
          .insertInto('settings')
          .values({ key: 'greeting', value: '"hello"', updated_at: ctx.clock() })
          .onConflict((conflict) => conflict.column('key').doNothing())
          .execute()
      },
    },
  ],
}

describe.each(dialects)('demo seeding on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('runs every seeder, records the run, and can run again', async () => {
    const ctx = await contextFor(database(), [greetings])
    expect((await seedDemo(ctx)).seeders).toEqual(['greetings.hello'])
    await seedDemo(ctx)
    const rows = await ctx.db
      .selectFrom('settings')
      .select('key')
      .where('key', '=', 'greeting')
      .execute()
    expect(rows).toHaveLength(1)
    expect((await demoState(ctx))?.seeders).toEqual(['greetings.hello'])
  })

  it('stops at a failing seeder, names it, and records no run', async () => {
    const failing: Feature = {
      name: 'failing',
      seeders: [{ name: 'failing.boom', seed: () => Promise.reject(new Error('seed failed')) }],
    }
    const ctx = await contextFor(database(), [failing, greetings])
    const error: unknown = await seedDemo(ctx).catch((reason: unknown) => reason)
    expect(error).toMatchObject({ message: 'demo seeder failing.boom failed' })
    expect((error as Error).cause).toMatchObject({ message: 'seed failed' })
    expect(await demoState(ctx)).toBeUndefined()
  })

  it('gives seeders a context whose services work beside their own transactions', async () => {
    const keysUser: Feature = {
      name: 'keys-user',
      seeders: [
        {
          name: 'keys-user.ring',
          async seed(ctx) {
            await ctx.db.transaction().execute(async (trx) => {
              await trx
                .insertInto('settings')
                .values({ key: 'k', value: '1', updated_at: 1 })
                .execute()
            })
            await ctx.signingKeys.ring('tool')
          },
        },
      ],
    }
    const ctx = await contextFor(database(), [keysUser])
    await seedDemo(ctx)
    expect(await ctx.db.selectFrom('signing_keys').select('kid').execute()).toHaveLength(2)
  })

  it('refuses two seeders with one name', async () => {
    const ctx = await contextFor(database(), [greetings, { ...greetings, name: 'again' }])
    await expect(seedDemo(ctx)).rejects.toThrow(TypeError)
  })
})
