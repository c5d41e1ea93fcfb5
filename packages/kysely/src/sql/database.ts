/**
 * Opening a database for the stores: an SQLite file through better-sqlite3 (WAL, foreign keys,
 * busy timeout, cached statements) or a PostgreSQL pool through node-postgres (BIGINT read as
 * numbers). The drivers load on first use, so a PostgreSQL deployment never loads SQLite's.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  type Dialect as KyselyDialect,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
} from 'kysely'
import { withStatementCache } from './statement-cache.js'
import type SQLiteModule from 'better-sqlite3'
import type PgModule from 'pg'

/** The SQL dialects the stores run on. Every storage test runs on both. */
export type Dialect = 'sqlite' | 'postgres'

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

/** The better-sqlite3 constructor (its default export). */
export type SqliteDriver = typeof SQLiteModule
/** The node-postgres module (its default export). */
export type PostgresDriver = Pick<typeof PgModule, 'Pool' | 'types'>

/**
 * The SQLite dialect over `file` (created with its folder, mode 0700), or `:memory:`, with the
 * better-sqlite3 constructor given. WAL lets readers run beside the one writer; busy_timeout
 * makes a second process wait instead of failing with SQLITE_BUSY; SQLite leaves foreign keys
 * off unless asked, per connection.
 */
export function createSqliteDialect(SQLite: SqliteDriver, file: string): SqliteDialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const database = new SQLite(file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  return new SqliteDialect({ database: withStatementCache(database) })
}

/** {@link createSqliteDialect} with better-sqlite3 loaded on first use. */
export async function sqliteDialect(file: string): Promise<SqliteDialect> {
  const { default: SQLite } = await import('better-sqlite3')
  return createSqliteDialect(SQLite, file)
}

export interface PostgresOptions {
  /** Largest number of connections; default 10. */
  readonly poolSize?: number
  /** Receives errors of idle connections, which would otherwise crash the process. */
  readonly onIdleError?: (error: Error) => void
}

/**
 * A node-postgres pool for `url` (BIGINT read as numbers), with the module given. Hosts that
 * watch the pool (metrics) make it here and pass it to Kysely's `PostgresDialect` themselves.
 */
export function createPostgresPool(
  pg: PostgresDriver,
  url: string,
  options: PostgresOptions = {},
): PgModule.Pool {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === PG_INT8 && format !== 'binary'
        ? parseInt8
        : pg.types.getTypeParser(oid, format ?? 'text'),
  } as PgModule.CustomTypesConfig
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types })
  pool.on('error', (error) => options.onIdleError?.(error))
  // The pool listens for errors only while a connection is idle; one checked out (a transaction
  // between statements) whose backend is terminated would emit an unhandled 'error' and crash the
  // process. Its pending query fails anyway, so the event is only reported here.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onIdleError?.(error))
  })
  return pool
}

/** The PostgreSQL dialect over a new pool for `url`, with the node-postgres module given. */
export function createPostgresDialect(
  pg: PostgresDriver,
  url: string,
  options: PostgresOptions = {},
): PostgresDialect {
  return new PostgresDialect({ pool: createPostgresPool(pg, url, options) })
}

/** {@link createPostgresDialect} with node-postgres loaded on first use. */
export async function postgresDialect(
  url: string,
  options: PostgresOptions = {},
): Promise<PostgresDialect> {
  const { default: pg } = await import('pg')
  return createPostgresDialect(pg, url, options)
}

/**
 * What a storage is opened on: a URL (`sqlite:./data/tool.db`, `sqlite::memory:`,
 * `postgres://…` or `postgresql://…`), or an open Kysely instance (then the caller closes it).
 */
export type DatabaseInput = string | Kysely<never>

/** Splits `sqlite:<file>` and PostgreSQL URLs; throws TypeError for anything else. */
export async function dialectFor(
  url: string,
  options: PostgresOptions = {},
): Promise<{ readonly dialect: Dialect; readonly driver: KyselyDialect }> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')
    if (file.length === 0) throw new TypeError('sqlite: needs a file name, or :memory:')
    return { dialect: 'sqlite', driver: await sqliteDialect(file) }
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { dialect: 'postgres', driver: await postgresDialect(url, options) }
  }
  throw new TypeError('database must be sqlite:<file>, a postgres:// URL or a Kysely instance')
}

/** The dialect an open Kysely instance speaks (PostgreSQL adapters, or SQLite otherwise). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the adapter matters
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** An open database and whether the storage opened it (then `close` destroys it). */
export interface OpenedDatabase<DB> {
  readonly db: Kysely<DB>
  readonly dialect: Dialect
  readonly owned: boolean
}

/** Opens `input` as `Kysely<DB>`: a URL opens a new database, a Kysely instance is used as is. */
export async function openDatabase<DB>(
  input: DatabaseInput,
  options: PostgresOptions = {},
): Promise<OpenedDatabase<DB>> {
  if (typeof input !== 'string') {
    const db = input as unknown as Kysely<DB>
    return { db, dialect: dialectOf(db), owned: false }
  }
  const { dialect, driver } = await dialectFor(input, options)
  return { db: new Kysely<DB>({ dialect: driver }), dialect, owned: true }
}
