import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { SIGN_IN_REFUSED } from './sign-in.js'

const dialects = await testDialects()

const ADMIN_PASSWORD = 'violet-harbour-tuesday'
const NEW_PASSWORD = 'amber-lantern-quietly-42'

function cookieOf(response: Response): string {
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

function form(server: TestServer, path: string, fields: Record<string, string>, cookie = '') {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, ...(cookie === '' ? {} : { cookie }) },
    body: new URLSearchParams(fields),
  })
}

function signIn(server: TestServer, email: string, password: string, next = '/console') {
  return form(server, '/console/sign-in/password', { email, password, next })
}

/** Everything the database holds, as text, to look for secrets in it. */
async function databaseText(server: TestServer): Promise<string> {
  const db = server.context.db
  const tables = ['accounts', 'console_people', 'console_sessions', 'settings'] as const
  const dumps = await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute()))
  return JSON.stringify(dumps)
}

describe.each(dialects)('accounts on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function start(env: Record<string, string> = {}): Promise<TestServer> {
    server = await startTestServer({
      database: database(),
      env: { LTIHUB_ROLES: 'tool', ...env },
      extraFeatures: [testSignInFeature],
    })
    return server
  }

  it('offers setup only while no administrator exists, and from another machine only with the token', async () => {
    const s = await start({ TRUST_PROXY: 'true' })
    const line = s.logText().match(/\/console\/setup\?token=([\w-]{43})/)
    const token = line?.[1] ?? ''
    expect(token).toHaveLength(43)
    const remote = { 'x-forwarded-for': '203.0.113.7' }

    expect((await fetch(`${s.url}/console/setup`)).status).toBe(200) // loopback
    expect((await fetch(`${s.url}/console/setup`, { headers: remote })).status).toBe(403)
    const wrong = await fetch(`${s.url}/console/setup?token=${'x'.repeat(43)}`, { headers: remote })
    expect(wrong.status).toBe(403)
    expect((await fetch(`${s.url}/console/setup?token=${token}`, { headers: remote })).status).toBe(
      200,
    )
    const post = (fields: Record<string, string>) =>
      fetch(`${s.url}/console/setup`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...remote, origin: s.url },
        body: new URLSearchParams(fields),
      })
    expect(
      (await post({ name: 'Ada', email: 'ada@example.edu', password: ADMIN_PASSWORD })).status,
    ).toBe(403)
    // A weak password is refused next to its field; the name and email stay; the token stays valid.
    const weak = await post({
      token,
      name: 'Ada',
      email: 'ada@example.edu',
      password: 'password1234',
    })
    expect(weak.status).toBe(400)
    const weakHtml = await weak.text()
    expect(weakHtml).toContain('value="ada@example.edu"')
    expect(weakHtml).toMatch(/id="setup-password-error"[^>]*>That is a common password/)
    expect(weakHtml).not.toContain('password1234')

    const done = await post({
      token,
      name: 'Ada',
      email: 'Ada@Example.edu',
      password: ADMIN_PASSWORD,
    })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/console')
    const cookie = cookieOf(done)
    expect((await fetch(`${s.url}/console`, { headers: { cookie } })).status).toBe(200)
    const sessions = await s.context.sessions.list(
      (await s.context.identity.findByEmail('ada@example.edu'))?.principal.id ?? '',
    )
    expect(sessions.map((x) => x.method)).toEqual(['setup'])

    // Gone once an administrator exists, from anywhere, token or not.
    expect((await fetch(`${s.url}/console/setup`)).status).toBe(404)
    expect((await fetch(`${s.url}/console/setup?token=${token}`, { headers: remote })).status).toBe(
      404,
    )
    expect(
      (await post({ token, name: 'Eve', email: 'eve@example.edu', password: NEW_PASSWORD })).status,
    ).toBe(404)
  })

  it('signs in with a password, keeps the email on refusal and never says whether it exists', async () => {
    const s = await start()
    const admin = await signInAs(s.url, { id: 'ops', name: 'Ops', roles: ['administrator'] })
    const created = await form(
      s,
      '/console/accounts/new',
      { name: 'Wil Author', email: 'Wil@Example.edu', roles: 'author', password: ADMIN_PASSWORD },
      admin,
    )
    expect(created.status).toBe(303)

    const unknown = await signIn(s, 'nobody@example.edu', ADMIN_PASSWORD)
    const wrong = await signIn(s, 'wil@example.edu', 'not-the-password-at-all')
    const pages = [await unknown.text(), await wrong.text()]
    for (const html of pages) {
      expect(html).toContain(SIGN_IN_REFUSED.replace(/'/g, '&#39;').slice(0, 30))
      expect(html).toMatch(/id="password-sign-in-password-error"/)
      expect(html).not.toContain('not-the-password-at-all')
    }
    expect(pages[0]).toContain('value="nobody@example.edu"')
    expect(pages[1]).toContain('value="wil@example.edu"')
    expect(unknown.headers.get('set-cookie')).toBeNull()

    const ok = await signIn(s, 'WIL@example.EDU', ADMIN_PASSWORD, '/console/tool/authoring')
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/console/tool/authoring')
    const cookie = cookieOf(ok)
    expect((await fetch(`${s.url}/console/tool/authoring`, { headers: { cookie } })).status).toBe(
      200,
    )
    const offSite = await signIn(s, 'wil@example.edu', ADMIN_PASSWORD, 'https://evil.example/')
    expect(offSite.headers.get('location')).toBe('/console')
  })

  it('changes one’s own password only with the current one, and resets, disables and ends sessions as administrator', async () => {
    const s = await start()
    const admin = await signInAs(s.url, { id: 'ops', name: 'Ops', roles: ['administrator'] })
    await form(
      s,
      '/console/accounts/new',
      { name: 'Wil Author', email: 'wil@example.edu', roles: 'author', password: ADMIN_PASSWORD },
      admin,
    )
    const wil = (await s.context.identity.findByEmail('wil@example.edu'))?.principal.id ?? ''
    const cookie = cookieOf(await signIn(s, 'wil@example.edu', ADMIN_PASSWORD))

    const refused = await form(
      s,
      '/console/account/password',
      { currentPassword: 'wrong-current-password', newPassword: NEW_PASSWORD },
      cookie,
    )
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('That is not your current password.')
    const changed = await form(
      s,
      '/console/account/password',
      { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD },
      cookie,
    )
    expect(changed.headers.get('location')).toBe('/console/account?done=password')
    expect((await signIn(s, 'wil@example.edu', ADMIN_PASSWORD)).status).toBe(200)
    expect((await signIn(s, 'wil@example.edu', NEW_PASSWORD)).status).toBe(303)

    // The administrator sees the sessions, with the browser and the method.
    const page = await (
      await fetch(`${s.url}/console/accounts/${encodeURIComponent(wil)}`, {
        headers: { cookie: admin },
      })
    ).text()
    expect(page).toContain('End all sessions')
    expect(page).toContain('Password')
    expect((await s.context.sessions.list(wil)).length).toBe(2)

    // Reset by the administrator: the new password works, and the old sessions have ended.
    const reset = await form(
      s,
      `/console/accounts/${encodeURIComponent(wil)}/password`,
      { newPassword: 'slate-meadow-violin-7' },
      admin,
    )
    expect(reset.status).toBe(303)
    expect(
      (await fetch(`${s.url}/console`, { headers: { cookie }, redirect: 'manual' })).status,
    ).toBe(303)
    const again = cookieOf(await signIn(s, 'wil@example.edu', 'slate-meadow-violin-7'))

    // Disabled: signed out at once, and no sign-in; re-enabled: signs in again.
    await form(s, `/console/accounts/${encodeURIComponent(wil)}/disable`, {}, admin)
    expect(
      (await fetch(`${s.url}/console`, { headers: { cookie: again }, redirect: 'manual' })).status,
    ).toBe(303)
    expect((await signIn(s, 'wil@example.edu', 'slate-meadow-violin-7')).status).toBe(200)
    await form(s, `/console/accounts/${encodeURIComponent(wil)}/enable`, {}, admin)
    expect((await signIn(s, 'wil@example.edu', 'slate-meadow-violin-7')).status).toBe(303)

    // SSO-only: the password no longer signs in.
    await form(s, `/console/accounts/${encodeURIComponent(wil)}/sso-only`, { ssoOnly: '1' }, admin)
    expect((await signIn(s, 'wil@example.edu', 'slate-meadow-violin-7')).status).toBe(200)
    expect(await s.context.identity.findByEmail('wil@example.edu')).toMatchObject({ ssoOnly: true })
  })

  it('keeps passwords, session ids and setup tokens out of the database and passwords and session ids out of the log', async () => {
    const s = await start()
    const token = s.logText().match(/\/console\/setup\?token=([\w-]{43})/)?.[1] ?? ''
    const done = await form(s, '/console/setup', {
      token,
      name: 'Ada',
      email: 'ada@example.edu',
      password: ADMIN_PASSWORD,
    })
    const setupCookie = cookieOf(done)
    const cookie = cookieOf(await signIn(s, 'ada@example.edu', ADMIN_PASSWORD))
    await form(
      s,
      '/console/account/password',
      { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD },
      cookie,
    )
    await signIn(s, 'ada@example.edu', 'a-wrong-password-typed')
    const ids = [setupCookie, cookie].map((c) => c.split('=')[1] ?? '')
    expect(ids.every((id) => id.length === 43)).toBe(true)
    const stored = await databaseText(s)
    for (const secret of [ADMIN_PASSWORD, NEW_PASSWORD, token, ...ids]) {
      expect(stored).not.toContain(secret)
    }
    const log = s.logText()
    for (const secret of [ADMIN_PASSWORD, NEW_PASSWORD, 'a-wrong-password-typed', ...ids]) {
      expect(log).not.toContain(secret)
    }
    expect(stored).toContain('scrypt$ln=15')
  })
})
