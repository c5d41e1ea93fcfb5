/**
 * The server's migrations run by `@ltihub/kysely`'s migrator: the same bookkeeping table
 * (`ltihub_migrations`), with the server's whole list as the default.
 */
import {
  migrateDown as migrateDownList,
  migrateDownAll as migrateDownAllList,
  migrateToLatest as migrateToLatestList,
  migrateUp as migrateUpList,
  type MigrationList,
  type MigrationStep,
  migrationStatus as migrationStatusList,
} from '@ltihub/kysely/sql'
import type { Kysely } from 'kysely'
import { migrations as allMigrations } from './migrations/index.js'

export {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  MigrationError,
  type MigrationStep,
} from '@ltihub/kysely/sql'

/**
 * Applies every pending migration. A failure leaves no half-applied migration: on PostgreSQL the
 * whole run is one transaction, on SQLite each migration is. Safe to run from several processes
 * at once. Throws `MigrationError` naming the migration that failed.
 */
export function migrateToLatest<DB>(
  db: Kysely<DB>,
  list: MigrationList = allMigrations,
): Promise<MigrationStep[]> {
  return migrateToLatestList(db, list)
}

/** Reverts the `steps` most recent migrations (default one). */
export function migrateDown<DB>(
  db: Kysely<DB>,
  steps = 1,
  list: MigrationList = allMigrations,
): Promise<MigrationStep[]> {
  return migrateDownList(db, list, steps)
}

/** Reverts every migration, leaving only the migration bookkeeping tables. */
export function migrateDownAll<DB>(
  db: Kysely<DB>,
  list: MigrationList = allMigrations,
): Promise<MigrationStep[]> {
  return migrateDownAllList(db, list)
}

/** Applies exactly the next pending migration, if any. */
export function migrateUp<DB>(
  db: Kysely<DB>,
  list: MigrationList = allMigrations,
): Promise<MigrationStep[]> {
  return migrateUpList(db, list)
}

/** Each known migration and when it was applied (`undefined` when pending). */
export function migrationStatus<DB>(
  db: Kysely<DB>,
  list: MigrationList = allMigrations,
): Promise<{ readonly name: string; readonly appliedAt: Date | undefined }[]> {
  return migrationStatusList(db, list)
}
