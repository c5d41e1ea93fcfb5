import { z } from 'zod'
import type { AppContext } from '../context.js'
import type { Feature } from '../features/feature.js'
import { readSetting, writeSetting } from '../features/settings/repository.js'

/**
 * Demo data of one feature. `seed` must be idempotent: it runs at every `ltihub serve --demo`
 * start, so it creates what is missing (by natural key, e.g. a school's name) and leaves the rest,
 * including what a user changed since. Use fixed, obviously fictional names; no PII-like data.
 */
export interface DemoSeeder {
  /** Unique, e.g. `platform.schools`. */
  readonly name: string
  seed(ctx: AppContext): Promise<void>
}

const demoStateSchema = z.strictObject({
  seeders: z.array(z.string()),
  seededAt: z.number().int(),
})

/** What the last demo seeding did, shown on the dashboard. */
export type DemoState = z.output<typeof demoStateSchema>

/**
 * Runs every mounted feature's seeders in feature order and records the run in the `demo`
 * setting. Idempotent because each seeder is. Seeders get the plain context, not a transaction:
 * on SQLite (one connection) a seeder calling a service that queries outside its transaction
 * would wait for itself. A seeder that must be atomic opens `ctx.db.transaction()` itself.
 */
export async function seedDemo(
  ctx: AppContext,
  features: readonly Feature[] = ctx.features,
): Promise<DemoState> {
  const seeders = features.flatMap((feature) => feature.seeders ?? [])
  const names = new Set<string>()
  for (const seeder of seeders) {
    if (names.has(seeder.name)) throw new TypeError(`two demo seeders are named ${seeder.name}`)
    names.add(seeder.name)
  }
  for (const seeder of seeders) {
    try {
      await seeder.seed(ctx)
    } catch (error) {
      throw new Error(`demo seeder ${seeder.name} failed`, { cause: error })
    }
    ctx.logger.info({ seeder: seeder.name }, 'demo data seeded')
  }
  const state: DemoState = { seeders: [...names], seededAt: ctx.clock() }
  await writeSetting(ctx.db, 'demo', state, state.seededAt)
  return state
}

/** The last demo seeding, if any. */
export function demoState(ctx: Pick<AppContext, 'db'>): Promise<DemoState | undefined> {
  return readSetting(ctx.db, 'demo', demoStateSchema)
}
