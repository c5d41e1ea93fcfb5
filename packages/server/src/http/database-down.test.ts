import SQLite from 'better-sqlite3'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { signInAs, testSignInFeature } from '../features/school/test-session.js'
import { type TestDatabase, testDialects, useTestDatabase } from '../testing/databases.js'
import { startTestServer, type TestServer } from '../testing/server.js'

/*
 * The REST API while its database is down: a 503 problem with a stable code and Retry-After,
 * not a bare 500. Only this test's database goes down (the shared PostgreSQL server keeps
 * running): its connections are ended and new ones refused; SQLite's write lock is held by
 * another connection.
 */

const dialects = await testDialects()
const ADMIN_URL = process.env['DATABASE_TEST_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'

interface Outage {
  begin(): Promise<void>
  end(): Promise<void>
}

function postgresOutage(database: TestDatabase): Outage {
  if (database.database.dialect !== 'postgres') throw new TypeError('not PostgreSQL')
  const name = new URL(database.database.url.reveal()).pathname.slice(1)
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  return {
    async begin() {
      await admin(`alter database ${name} allow_connections false`)
      await admin(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
      )
    },
    end: () => admin(`alter database ${name} allow_connections true`),
  }
}

function sqliteOutage(database: TestDatabase): Outage {
  if (database.database.dialect !== 'sqlite') throw new TypeError('not SQLite')
  const file = database.database.file
  let holder: SQLite.Database | undefined
  return {
    async begin() {
      holder = new SQLite(file)
      // Another process holds the write lock (a stuck writer, a long migration): every write
      // waits out the busy timeout and fails with SQLITE_BUSY.
      holder.exec('BEGIN IMMEDIATE')
      await Promise.resolve()
    },
    async end() {
      holder?.exec('COMMIT')
      holder?.close()
      holder = undefined
      await Promise.resolve()
    },
  }
}

describe.each(dialects)('issue 9: the REST API with the database down on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let server: TestServer | undefined
  let outage: Outage | undefined

  afterEach(async () => {
    await outage?.end()
    await server?.close()
    server = undefined
    outage = undefined
  })

  it('issue 9: answers 503 ERR_LTIHUB_DATABASE_UNAVAILABLE with Retry-After, then recovers', async () => {
    server = await startTestServer({
      database: database(),
      env: { LTIHUB_ROLES: 'tool' },
      extraFeatures: [testSignInFeature],
    })
    await server.context.jobs.stop()
    const cookie = await signInAs(server.url, { id: 'w', name: 'Wil', roles: ['author'] })
    const create = (title: string) =>
      fetch(`${server?.url}/api/tool/courses`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      })
    expect((await create('Before')).status).toBe(201)

    outage = dialect.name === 'postgres' ? postgresOutage(database()) : sqliteOutage(database())
    await outage.begin()
    const down = await create('During')
    expect(down.status).toBe(503)
    expect(down.headers.get('content-type')).toBe('application/problem+json; charset=utf-8')
    expect(down.headers.get('retry-after')).toBe('5')
    const body = await down.text()
    expect(JSON.parse(body)).toMatchObject({
      status: 503,
      code: 'ERR_LTIHUB_DATABASE_UNAVAILABLE',
    })
    expect(body).not.toMatch(/SQLITE|postgres|ECONN|at .*\.ts/)

    await outage.end()
    outage = undefined
    expect((await create('After')).status).toBe(201)
    const titles = await server.context.db.selectFrom('tool_courses').select('title').execute()
    expect(titles.map((row) => row.title).sort()).toEqual(['After', 'Before'])
  }, 60_000)
})
