import { afterEach, describe, expect, it } from 'vitest'
import { migrateDown } from '../../db/migrate.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'

const dialects = await testDialects()

describe.each(dialects)('liveness and readiness on $name', (dialect) => {
  const database = useTestDatabase(dialect, { migrate: false })
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('is live and ready once started, and /health keeps its answer', async () => {
    server = await startTestServer({ database: database() })
    const live = await fetch(`${server.url}/health/live`)
    expect(live.status).toBe(200)
    expect(live.headers.get('cache-control')).toBe('no-store')
    expect(await live.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${server.url}/health/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', migrations: 'ok' },
    })
    const health = await fetch(`${server.url}/health`)
    expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok' } })
  })

  it('is not ready with a migration pending, and says so', async () => {
    server = await startTestServer({ database: database() })
    await migrateDown(server.context.db, 1)
    const ready = await fetch(`${server.url}/health/ready`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'ok', migrations: 'pending' },
      reason: '1 migration(s) pending',
    })
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200)
  })

  it('stays live but is not ready when the database is gone', async () => {
    server = await startTestServer({ database: database() })
    await server.context.db.destroy()
    const ready = await fetch(`${server.url}/health/ready`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'unavailable', migrations: 'unknown' },
      reason: 'database unavailable',
    })
    expect(server.logs.some((line) => line['msg'] === 'readiness check failed')).toBe(true)
    const live = await fetch(`${server.url}/health/live`)
    expect(live.status).toBe(200)
  })
})
