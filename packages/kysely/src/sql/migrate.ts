import {
  type Kysely,
  type MigrationInfo,
  type MigrationResultSet,
  Migrator,
  NO_MIGRATIONS,
} from 'kysely'
import type { ReversibleMigration } from './migration-types.js'

/** The table that records applied migrations (never rename it: existing databases use it). */
export const MIGRATION_TABLE = 'ltihub_migrations'
export const MIGRATION_LOCK_TABLE = 'ltihub_migrations_lock'

/** One migration that ran, in which direction. */
export interface MigrationStep {
  readonly name: string
  readonly direction: 'up' | 'down'
}

/** A migration failed; the database stays at the last migration that succeeded. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
  readonly code = 'ERR_LTIHUB_MIGRATION'
  readonly migration: string | undefined
  readonly applied: readonly MigrationStep[]

  constructor(migration: string | undefined, applied: readonly MigrationStep[], cause: unknown) {
    super(`migration ${migration ?? '(setup)'} failed`, { cause })
    this.migration = migration
    this.applied = applied
  }
}

/** Migrations by name; they run in the order of their names. */
export type MigrationList = Readonly<Record<string, ReversibleMigration>>

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see no typed schema
type Run = (db: Kysely<any>) => Promise<void>

/**
 * Kysely runs a PostgreSQL batch in one transaction but SQLite migrations bare, as it assumes
 * SQLite has no transactional DDL. SQLite does, so a migration that fails halfway would leave
 * half a schema: run it in its own transaction whenever the migrator did not open one.
 */
function atomic(run: Run): Run {
  return (db) => (db.isTransaction ? run(db) : db.transaction().execute((trx) => run(trx)))
}

/** Where the applied migrations are recorded. */
export interface MigrationOptions {
  /** The bookkeeping table (default `ltihub_migrations`); its lock table adds `_lock`. */
  readonly table?: string
}

function migrator<DB>(db: Kysely<DB>, list: MigrationList, options: MigrationOptions): Migrator {
  const wrapped = Object.fromEntries(
    Object.entries(list).map(([name, m]) => [
      name,
      { up: atomic((trx) => m.up(trx)), down: atomic((trx) => m.down(trx)) },
    ]),
  )
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(wrapped) },
    migrationTableName: options.table ?? MIGRATION_TABLE,
    migrationLockTableName:
      options.table === undefined ? MIGRATION_LOCK_TABLE : `${options.table}_lock`,
  })
}

function unwrap(result: MigrationResultSet): MigrationStep[] {
  const steps: MigrationStep[] = []
  for (const entry of result.results ?? []) {
    if (entry.status === 'Success') {
      steps.push({ name: entry.migrationName, direction: entry.direction === 'Up' ? 'up' : 'down' })
    }
  }
  if (result.error !== undefined) {
    const failed = result.results?.find((entry) => entry.status === 'Error')
    throw new MigrationError(failed?.migrationName, steps, result.error)
  }
  return steps
}

/**
 * Applies every pending migration. A failure leaves no half-applied migration: on PostgreSQL the
 * whole run is one transaction, on SQLite each migration is. Safe to run from several processes at
 * once: Kysely holds a lock while migrating.
 * Throws {@link MigrationError} naming the migration that failed.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  list: MigrationList,
  options: MigrationOptions = {},
): Promise<MigrationStep[]> {
  return unwrap(await migrator(db, list, options).migrateToLatest())
}

/** Reverts the `steps` most recent migrations (default one). */
export async function migrateDown<DB>(
  db: Kysely<DB>,
  list: MigrationList,
  steps = 1,
  options: MigrationOptions = {},
): Promise<MigrationStep[]> {
  if (!Number.isInteger(steps) || steps < 1) throw new TypeError('steps must be a positive integer')
  const done: MigrationStep[] = []
  for (let i = 0; i < steps; i += 1) {
    const step = unwrap(await migrator(db, list, options).migrateDown())
    if (step.length === 0) break
    done.push(...step)
  }
  return done
}

/** Reverts every migration, leaving only the migration bookkeeping tables. */
export async function migrateDownAll<DB>(
  db: Kysely<DB>,
  list: MigrationList,
  options: MigrationOptions = {},
): Promise<MigrationStep[]> {
  return unwrap(await migrator(db, list, options).migrateTo(NO_MIGRATIONS))
}

/** Applies exactly the next pending migration, if any. */
export async function migrateUp<DB>(
  db: Kysely<DB>,
  list: MigrationList,
  options: MigrationOptions = {},
): Promise<MigrationStep[]> {
  return unwrap(await migrator(db, list, options).migrateUp())
}

/** Each known migration and when it was applied (`undefined` when pending). */
export async function migrationStatus<DB>(
  db: Kysely<DB>,
  list: MigrationList,
  options: MigrationOptions = {},
): Promise<{ readonly name: string; readonly appliedAt: Date | undefined }[]> {
  const infos: readonly MigrationInfo[] = await migrator(db, list, options).getMigrations()
  return infos.map((info) => ({ name: info.name, appliedAt: info.executedAt }))
}
