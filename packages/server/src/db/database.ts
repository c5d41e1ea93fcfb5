import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import type { DatabaseConfig } from '../config/index.js'
import type { Database } from './schema.js'
import { createPostgresPool, createSqliteDialect } from '@ltihub/kysely/sql'

/** The SQL dialects ltihub runs on. Every storage test runs on both. */
export type Dialect = DatabaseConfig['dialect']

export interface CreateDatabaseOptions {
  /** Receives errors of idle PostgreSQL connections, which would otherwise crash the process. */
  readonly logger?: Pick<Logger, 'error'>
  /** Largest number of PostgreSQL connections; default 10. */
  readonly poolSize?: number
}

function postgresPool(url: string, options: CreateDatabaseOptions): pg.Pool {
  return createPostgresPool(pg, url, {
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    onIdleError: (error) => {
      options.logger?.error({ err: error }, 'idle PostgreSQL connection failed')
    },
  })
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
    return new Kysely<Database>({ dialect: createSqliteDialect(SQLite, config.database.file) })
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
