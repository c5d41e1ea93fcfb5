/**
 * The databases storage tests run on: SQLite always, and PostgreSQL when it answers, each run in
 * a database of its own (`ltihub_t_<random>`, dropped afterwards). PostgreSQL unreachable: with
 * CI=true {@link testDialects} throws, failing the suite; otherwise its tests are reported as
 * skipped and a notice is printed once. The admin URL is DATABASE_TEST_URL, by default
 * `postgres://postgres@127.0.0.1:5432/postgres`.
 */
import pg from 'pg'
import type { Dialect } from '../sql/database.js'

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDialect {
  readonly name: Dialect
  /** Set when this dialect's tests are skipped. */
  readonly skipReason: string | undefined
}

/** The PostgreSQL URL that may create and drop databases. */
export function postgresAdminUrl(): string {
  // Test infrastructure: the one place of this package that reads the environment.
  return process.env['DATABASE_TEST_URL'] ?? DEFAULT_ADMIN_URL
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@')
}

let probe: Promise<string | undefined> | undefined

/** Resolves to `undefined` when PostgreSQL answers, or to the reason it does not. */
function probePostgres(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new pg.Client({
      connectionString: postgresAdminUrl(),
      connectionTimeoutMillis: 3000,
    })
    try {
      await client.connect()
      await client.query('select 1')
      return undefined
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    } finally {
      await client.end().catch(() => undefined)
    }
  })()
  return probe
}

/** The dialects to test. Call once at the top of a test file (top-level await). */
export async function testDialects(): Promise<readonly TestDialect[]> {
  const failure = await probePostgres()
  if (failure === undefined) {
    return [
      { name: 'sqlite', skipReason: undefined },
      { name: 'postgres', skipReason: undefined },
    ]
  }
  const message = `PostgreSQL at ${redact(postgresAdminUrl())} is unreachable (${failure})`
  if (process.env['CI'] === 'true') {
    throw new Error(`${message}; CI=true requires the PostgreSQL suites (set DATABASE_TEST_URL)`)
  }
  process.stderr.write(
    `\n⚠ ${message}: PostgreSQL tests are SKIPPED. Start PostgreSQL or set DATABASE_TEST_URL.\n\n`,
  )
  return [
    { name: 'sqlite', skipReason: undefined },
    { name: 'postgres', skipReason: message },
  ]
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** A PostgreSQL database of one test run. */
export interface ScratchDatabase {
  readonly name: string
  readonly url: string
  /** Drops it, ending connections a failed test may have left open. */
  drop(): Promise<void>
}

/** Creates a database with a unique name on the admin server. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `ltihub_t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
  await withAdmin((client) => client.query(`create database ${name}`))
  const url = new URL(postgresAdminUrl())
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
    drop: () =>
      withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)).then(
        () => undefined,
      ),
  }
}
