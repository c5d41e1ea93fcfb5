/**
 * The databases tests run on: SQLite always (a fresh temporary file per test) and PostgreSQL when
 * it answers (a unique `ltihub_t_<random>` database per `useTestDatabase` call, with a fresh
 * schema per test, dropped afterwards). Every repository and storage test runs on both:
 *
 *   const dialects = await testDialects()
 *   describe.each(dialects)('thing on $name', (dialect) => {
 *     const database = useTestDatabase(dialect)
 *     it('works', async () => { const { db } = database() … })
 *   })
 *
 * PostgreSQL unreachable: with CI=true `testDialects()` throws, failing the file; otherwise its
 * tests are reported as skipped and a notice is printed once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import { postgresAdminUrl, type TestDialect } from '@ltihub/kysely/testing'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { type DatabaseConfig, SecretValue } from '../config/index.js'
import { createDatabase, type Dialect } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import type { Database } from '../db/schema.js'

export type { TestDialect } from '@ltihub/kysely/testing'
/** The dialects to test (PostgreSQL required with CI=true): `@ltihub/kysely/testing`'s. */
export { testDialects } from '@ltihub/kysely/testing'

export interface TestDatabase {
  readonly dialect: Dialect
  readonly db: Kysely<Database>
  /** The same database, for code that opens its own connection (a started server). */
  readonly database: DatabaseConfig
  /** A directory that lives as long as the test, for DATA_DIR. */
  readonly dataDir: string
}

export interface UseTestDatabaseOptions {
  /** Apply every migration before each test (default true). */
  readonly migrate?: boolean
}

const adminUrl = postgresAdminUrl

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  return url.toString()
}

async function resetPostgresSchema(db: Kysely<Database>): Promise<void> {
  await sql`drop schema public cascade`.execute(db)
  await sql`create schema public`.execute(db)
}

function useSqlite(options: UseTestDatabaseOptions, set: (value?: TestDatabase) => void): void {
  let dir = ''
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ltihub-test-'))
    const database: DatabaseConfig = { dialect: 'sqlite', file: join(dir, 'ltihub.sqlite') }
    const db = createDatabase({ database })
    if (options.migrate !== false) await migrateToLatest(db)
    set({ dialect: 'sqlite', db, database, dataDir: dir })
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })
}

function usePostgres(options: UseTestDatabaseOptions, set: (value?: TestDatabase) => void): void {
  const name = `ltihub_t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
  const database: DatabaseConfig = { dialect: 'postgres', url: new SecretValue(databaseUrl(name)) }
  let dir = ''
  beforeAll(async () => {
    await withAdmin((client) => client.query(`create database ${name}`))
  })
  afterAll(async () => {
    // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
    await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`))
  })
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ltihub-test-'))
    const db = createDatabase({ database })
    await resetPostgresSchema(db)
    if (options.migrate !== false) await migrateToLatest(db)
    set({ dialect: 'postgres', db, database, dataDir: dir })
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })
}

/**
 * Registers hooks giving each test of the enclosing `describe` a fresh, migrated database of
 * `dialect`, and returns an accessor for it. Skips the tests when the dialect is unavailable.
 */
export function useTestDatabase(
  dialect: TestDialect,
  options: UseTestDatabaseOptions = {},
): () => TestDatabase {
  let current: TestDatabase | undefined
  const set = (value?: TestDatabase) => {
    current = value
  }
  if (dialect.skipReason !== undefined) {
    const reason = dialect.skipReason
    beforeEach((context) => {
      context.skip(reason)
    })
  } else if (dialect.name === 'sqlite') {
    useSqlite(options, set)
  } else {
    usePostgres(options, set)
  }
  afterEach(async () => {
    const closing = current
    current = undefined
    await closing?.db.destroy()
  })
  return () => {
    if (current === undefined) throw new Error('the test database exists only inside a test')
    return current
  }
}
