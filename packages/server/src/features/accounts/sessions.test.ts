import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createSchoolFixture, type SchoolFixture } from '../school/fixture.js'
import { signInAs, TEST_SIGN_IN_PATH, testSignInFeature } from '../school/test-session.js'
import { updateConsolePerson } from './console-people.js'
import { saveAccount } from './repository.js'

const dialects = await testDialects()

function cookieOf(response: Response): string {
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

async function consoleStatus(server: TestServer, cookie: string, path = '/console') {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } })
  return response.status
}

async function apiStatus(server: TestServer, cookie: string) {
  const response = await fetch(`${server.url}/api/platform/districts`, { headers: { cookie } })
  return response.status
}

describe.each(dialects)('console sessions on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  const clock = { now: Date.UTC(2026, 0, 5, 9) }
  const servers: TestServer[] = []
  const secret = `sessions-test-${crypto.randomUUID()}`
  let f: SchoolFixture

  async function start(): Promise<TestServer> {
    const server = await startTestServer({
      database: database(),
      env: {
        LTIHUB_ROLES: 'platform',
        LTIHUB_SECRET: secret,
        SESSION_IDLE_MINUTES: '30',
        SESSION_MAX_HOURS: '2',
      },
      extraFeatures: [testSignInFeature],
      clock: () => clock.now,
    })
    servers.push(server)
    return server
  }

  async function startWithFixture(): Promise<TestServer> {
    const server = await start()
    f = await createSchoolFixture(server.context.db, clock.now)
    return server
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })

  it('ends a signed-out session in every process: the replayed cookie is refused', async () => {
    const one = await startWithFixture()
    const two = await start()
    const cookie = await signInAs(one.url, { id: f.admin.id, name: 'Ada', roles: [] })
    expect(await consoleStatus(two, cookie)).toBe(200)
    expect(await apiStatus(two, cookie)).toBe(200)

    const signOut = await fetch(`${one.url}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: one.url },
    })
    expect(signOut.status).toBe(303)

    for (const server of [one, two]) {
      expect(await consoleStatus(server, cookie)).toBe(303)
      const post = await fetch(`${server.url}/console/sign-out`, {
        method: 'POST',
        headers: { cookie, origin: server.url },
        redirect: 'manual',
      })
      expect(post.status).toBe(303) // sign-out is public; a guarded form post gets 401:
      const guarded = await fetch(`${server.url}/console/platform/schools/x/licence`, {
        method: 'POST',
        headers: { cookie, origin: server.url },
      })
      expect(guarded.status).toBe(401)
      expect(await apiStatus(server, cookie)).toBe(401)
    }
  })

  it('resolves roles at every request: demotion and a change of kind apply at once', async () => {
    const server = await startWithFixture()
    const admin = await signInAs(server.url, { id: 'ops', name: 'Ops', roles: ['administrator'] })
    expect(await consoleStatus(server, admin, '/console/platform/schools')).toBe(200)
    expect(await apiStatus(server, admin)).toBe(200)
    await updateConsolePerson(
      server.context.db,
      'ops',
      { name: 'Ops', email: null, roles: [] },
      clock.now,
    )
    expect(await consoleStatus(server, admin, '/console/platform/schools')).toBe(403)
    expect(await apiStatus(server, admin)).toBe(403)

    const schoolAdmin = await signInAs(server.url, { id: f.admin.id, name: 'A', roles: [] })
    expect(await consoleStatus(server, schoolAdmin, '/console/platform/schools')).toBe(200)
    // The school has no "change kind" action yet: change the record as such an action would.
    await server.context.db
      .updateTable('users')
      .set({ kind: 'teacher' })
      .where('id', '=', f.admin.id)
      .execute()
    expect(await consoleStatus(server, schoolAdmin, '/console/platform/schools')).toBe(403)
  })

  it('signs a disabled person out', async () => {
    const server = await startWithFixture()
    const cookie = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: [] })
    expect(await consoleStatus(server, cookie)).toBe(200)
    await saveAccount(server.context.db, f.teacher.id, { disabled: true }, clock.now)
    expect(await consoleStatus(server, cookie)).toBe(303)
    await saveAccount(server.context.db, f.teacher.id, { disabled: false }, clock.now)
    // The session was deleted, not only refused: re-enabling does not revive it.
    expect(await consoleStatus(server, cookie)).toBe(303)
  })

  it('rotates the session id at sign-in and ends the browser’s old session', async () => {
    const server = await startWithFixture()
    const first = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: [] })
    const again = await fetch(`${server.url}${TEST_SIGN_IN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first },
      body: JSON.stringify({ id: f.admin.id, name: 'A', roles: [] }),
    })
    const second = cookieOf(again)
    expect(second).not.toBe(first)
    expect(second.split('=')[1]).toMatch(/^[\w-]{43}$/)
    expect(await consoleStatus(server, first)).toBe(303)
    expect(await consoleStatus(server, second)).toBe(200)
    expect(await server.context.sessions.list(f.teacher.id)).toEqual([])
  })

  it('ends sessions after the idle timeout and after the absolute timeout', async () => {
    const server = await startWithFixture()
    const idle = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: [] })
    const busy = await signInAs(server.url, { id: f.admin.id, name: 'A', roles: [] })
    const [before] = await server.context.sessions.list(f.admin.id)
    // Activity every 20 minutes keeps `busy` alive past the 30-minute idle limit...
    for (let step = 0; step < 5; step += 1) {
      clock.now += 20 * 60_000
      expect(await consoleStatus(server, busy)).toBe(200)
    }
    const [after] = await server.context.sessions.list(f.admin.id)
    expect(after?.lastSeenAt).toBe(clock.now)
    expect(after?.lastSeenAt).toBeGreaterThan(before?.lastSeenAt ?? Infinity)
    // ...while `idle` (no request for 100 minutes) has ended.
    expect(await consoleStatus(server, idle)).toBe(303)
    // Two hours after sign-in, even an active session ends.
    clock.now += 20 * 60_000
    expect(await consoleStatus(server, busy)).toBe(303)
    expect(await server.context.sessions.purgeExpired()).toBeGreaterThanOrEqual(0)
  })

  it('records last activity at most once a minute', async () => {
    const server = await startWithFixture()
    const cookie = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: [] })
    const signedInAt = clock.now
    clock.now += 30_000
    expect(await consoleStatus(server, cookie)).toBe(200)
    expect((await server.context.sessions.list(f.teacher.id))[0]?.lastSeenAt).toBe(signedInAt)
    clock.now += 45_000
    expect(await consoleStatus(server, cookie)).toBe(200)
    expect((await server.context.sessions.list(f.teacher.id))[0]?.lastSeenAt).toBe(clock.now)
  })

  it('lists and ends a person’s sessions; the database holds no session id', async () => {
    const server = await startWithFixture()
    const a = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: [] })
    const b = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: [] })
    const sessions = await server.context.sessions.list(f.teacher.id)
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toMatchObject({ method: 'demo', personId: f.teacher.id })
    const rows = JSON.stringify(
      await server.context.db.selectFrom('console_sessions').selectAll().execute(),
    )
    for (const cookie of [a, b]) expect(rows).not.toContain(cookie.split('=')[1])
    expect(await server.context.sessions.end(f.teacher.id, sessions[0]?.handle ?? '')).toBe(true)
    expect(await server.context.sessions.endAllFor(f.teacher.id)).toBe(1)
    expect(await consoleStatus(server, a)).toBe(303)
    expect(await consoleStatus(server, b)).toBe(303)
  })
})
