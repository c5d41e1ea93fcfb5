import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import type { DatabaseConfig } from '../config/index.js'
import type { Database } from './schema.js'
import { withStatementCache } from './statement-cache.js'

/** The SQL dialects ltihub runs on. Every storage test runs on both. */
export type Dialect = DatabaseConfig['dialect']

export interface CreateDatabaseOptions {
  /** Receives errors of idle PostgreSQL connections, which would otherwise crash the process. */
  readonly logger?: Pick<Logger, 'error'>
  /** Largest number of PostgreSQL connections; default 10. */
  readonly poolSize?: number
}

const PG_INT8 = 20

/**
 * PostgreSQL returns BIGINT as a string; ltihub stores epoch milliseconds and counts in BIGINT, so
 * they become numbers here, and a value beyond 2^53 fails loudly instead of losing precision.
 */
function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${text} exceeds 2^53`)
  return value
}

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

function sqliteDialect(file: string): SqliteDialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const database = new SQLite(file)
  // WAL lets readers run beside the one writer; busy_timeout makes a second process wait instead
  // of failing with SQLITE_BUSY; SQLite leaves foreign keys off unless asked, per connection.
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  return new SqliteDialect({ database: withStatementCache(database) })
}

function postgresPool(url: string, options: CreateDatabaseOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes })
  pool.on('error', (error) => {
    options.logger?.error({ err: error }, 'idle PostgreSQL connection failed')
  })
  return pool
}

/** How a database handle's connections are used right now (for the metrics). */
export interface PoolUse {
  /** Open connections, idle ones included. */
  readonly total: number
  readonly idle: number
  /** Queries waiting for a connection. */
  readonly waiting: number
  readonly max: number
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>()

/** The connection use of a handle from `createDatabase`: its pool, or SQLite's one connection. */
export function poolUseOf(db: Kysely<Database>): PoolUse {
  const pool = pools.get(db)
  if (pool === undefined) return { total: 1, idle: 0, waiting: 0, max: 1 }
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  }
}

/**
 * Opens the configured database: an SQLite file (WAL, foreign keys on, busy timeout) or a
 * PostgreSQL pool. Does not migrate; call `migrateToLatest` next. Close it with `db.destroy()`.
 *
 * @example
 * const db = createDatabase(config)
 * await migrateToLatest(db)
 */
export function createDatabase(
  config: { readonly database: DatabaseConfig },
  options: CreateDatabaseOptions = {},
): Kysely<Database> {
  if (config.database.dialect === 'sqlite') {
    return new Kysely<Database>({ dialect: sqliteDialect(config.database.file) })
  }
  const pool = postgresPool(config.database.url.reveal(), options)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  pools.set(db, pool)
  return db
}

/** Resolves when the database answers a trivial query; rejects otherwise. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
