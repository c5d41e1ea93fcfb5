/**
 * Vitest hooks giving each test a fresh database of a dialect: SQLite in a temporary folder, or
 * a fresh schema of the run's own PostgreSQL database. For this package's tests (not shipped).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, sql } from 'kysely'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { dialectFor, type Dialect } from '../sql/database.js'
import { migrateToLatest, type MigrationList, type MigrationOptions } from '../sql/migrate.js'
import { createScratchDatabase, type ScratchDatabase, type TestDialect } from './postgres.js'

export interface TestDatabase<DB> {
  readonly dialect: Dialect
  readonly db: Kysely<DB>
  /** `sqlite:<file>` or the PostgreSQL URL of the same database. */
  readonly url: string
}

export interface UseTestDatabaseOptions {
  /** Applied before each test. */
  readonly migrations?: MigrationList
  readonly migrationOptions?: MigrationOptions
}

/** Registers the hooks in the enclosing `describe` and returns the current test's database. */
export function useTestDatabase<DB>(
  dialect: TestDialect,
  options: UseTestDatabaseOptions = {},
): () => TestDatabase<DB> {
  let current: TestDatabase<DB> | undefined
  let scratch: ScratchDatabase | undefined
  let dir = ''
  if (dialect.skipReason !== undefined) {
    const reason = dialect.skipReason
    beforeEach((context) => {
      context.skip(reason)
    })
    return () => {
      throw new Error(reason)
    }
  }
  if (dialect.name === 'postgres') {
    beforeAll(async () => {
      scratch = await createScratchDatabase()
    })
    afterAll(async () => {
      await scratch?.drop()
    })
  }
  beforeEach(async () => {
    let url: string
    if (dialect.name === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'ltihub-kysely-'))
      url = `sqlite:${join(dir, 'test.sqlite')}`
    } else {
      if (scratch === undefined) throw new Error('the scratch database was not created')
      url = scratch.url
    }
    const db = new Kysely<DB>({ dialect: (await dialectFor(url)).driver })
    if (dialect.name === 'postgres') {
      await sql`drop schema public cascade`.execute(db)
      await sql`create schema public`.execute(db)
    }
    if (options.migrations !== undefined) {
      await migrateToLatest(db, options.migrations, options.migrationOptions)
    }
    current = { dialect: dialect.name, db, url }
  })
  afterEach(async () => {
    const closing = current
    current = undefined
    await closing?.db.destroy()
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
    dir = ''
  })
  return () => {
    if (current === undefined) throw new Error('the test database exists only inside a test')
    return current
  }
}
