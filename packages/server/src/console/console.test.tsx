import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../config/index.js'
import type { Feature } from '../features/feature.js'
import { featuresFor } from '../features/index.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { DEMO_ADMINISTRATOR } from './feature.js'
import { requireRole } from './guard.js'
import { navigationOf } from './nav.js'
import { safeNext } from './sign-in-methods.js'

const hostile: Feature = {
  name: 'hostile',
  nav: [{ section: 'tool', label: '<b>Tool page</b>', href: '/console/tool/hostile' }],
  async routes(app, ctx) {
    const { renderConsolePage } = await import('./render.js')
    app.get('/console/tool/hostile', async (request, reply) =>
      renderConsolePage(ctx, request, reply, {
        title: 'Hostile',
        body: <p>{'<script>alert(1)</script>'}</p>,
      }),
    )
    app.post('/console/tool/hostile', async () => ({ changed: true }))
    app.get('/console/tool/teachers-only', { preHandler: requireRole('teacher') }, async () => ({
      ok: true,
    }))
  },
  demoIdentities: () =>
    Promise.resolve([
      { id: 'demo:teacher', name: '<img src=x onerror=alert(1)>', roles: ['teacher'] },
    ]),
}

function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? ''
  return header.split(';')[0] ?? ''
}

async function signIn(
  server: TestServer,
  identity = DEMO_ADMINISTRATOR.id,
  next = '/console',
): Promise<Response> {
  return fetch(`${server.url}/console/sign-in/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url },
    body: new URLSearchParams({ identity, next }),
  })
}

describe('console with demo data', () => {
  let server: TestServer
  const clock = { now: Date.UTC(2025, 0, 1) }
  beforeAll(async () => {
    server = await startTestServer({
      env: { LTIHUB_DEMO: 'true' },
      extraFeatures: [hostile],
      clock: () => clock.now,
    })
  })
  afterAll(async () => {
    await server.close()
  })

  it('sends a visitor without a session to the sign-in page', async () => {
    const response = await fetch(`${server.url}/console`, { redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole')
    const encoded = await fetch(`${server.url}/%63onsole`, { redirect: 'manual' })
    expect([303, 404]).toContain(encoded.status)
  })

  it('offers "sign in as" with escaped names', async () => {
    const response = await fetch(`${server.url}/console/sign-in?next=/console/tool/hostile`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Sign in as Demo Administrator')
    expect(html).toContain('&lt;img src=x onerror=alert(1)>')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('value="/console/tool/hostile"')
  })

  it('signs in with an HttpOnly, SameSite=Lax cookie and shows the dashboard', async () => {
    const response = await signIn(server)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/console')
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^ltihub_session=/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).not.toContain('Secure')
    const home = await fetch(`${server.url}/console`, { headers: { cookie: cookieOf(response) } })
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('href="/console/instance"')
    const dashboard = await fetch(`${server.url}/console/instance`, {
      headers: { cookie: cookieOf(response) },
    })
    expect(dashboard.status).toBe(200)
    expect(dashboard.headers.get('cache-control')).toBe('no-store')
    const html = await dashboard.text()
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain(server.config.publicUrl)
    expect(html).toContain('platform, tool')
    expect(html).toContain('SQLite')
    const kids = await server.context.db.selectFrom('signing_keys').select('kid').execute()
    expect(kids).toHaveLength(4)
    for (const { kid } of kids) expect(html).toContain(kid)
    expect(html).toContain('nonces.purge')
  })

  it('escapes feature content and shows only mounted nav entries', async () => {
    const cookie = cookieOf(await signIn(server))
    const html = await (
      await fetch(`${server.url}/console/tool/hostile`, { headers: { cookie } })
    ).text()
    expect(html).toContain('&lt;script>alert(1)&lt;/script>')
    expect(html).toContain('&lt;b>Tool page&lt;/b>')
    expect(html).toContain('aria-current="page"')
    // Nav entries come from mounted features; that each one answers 200 is checked below.
    expect(html).toContain('href="/console/tool/hostile"')
  })

  it('lets only the required roles through', async () => {
    const admin = cookieOf(await signIn(server))
    const denied = await fetch(`${server.url}/console/tool/teachers-only`, {
      headers: { cookie: admin },
    })
    expect(denied.status).toBe(403)
    const teacher = cookieOf(await signIn(server, 'demo:teacher'))
    const allowed = await fetch(`${server.url}/console/tool/teachers-only`, {
      headers: { cookie: teacher },
    })
    expect(await allowed.json()).toEqual({ ok: true })
    expect(() => requireRole()).toThrow(TypeError)
  })

  it('refuses unknown identities, cross-site posts and tampered or expired cookies', async () => {
    const unknown = await signIn(server, 'demo:nobody')
    expect(unknown.headers.get('location')).toBe('/console/sign-in?failed=1')
    const crossSite = await fetch(`${server.url}/console/sign-in/demo`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example' },
      body: new URLSearchParams({ identity: DEMO_ADMINISTRATOR.id }),
    })
    expect(crossSite.status).toBe(403)
    const fetchSite = await fetch(`${server.url}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'sec-fetch-site': 'cross-site' },
    })
    expect(fetchSite.status).toBe(403)
    const nullOrigin = await fetch(`${server.url}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'null' },
    })
    expect(nullOrigin.status).toBe(403)
    const sameSite = await fetch(`${server.url}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'sec-fetch-site': 'same-site', origin: server.url },
    })
    expect(sameSite.status).toBe(403)
    const cookie = cookieOf(await signIn(server))
    const [name, value] = cookie.split('=') as [string, string]
    const forged = `${name}=${value.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}`
    const tampered = await fetch(`${server.url}/console`, {
      redirect: 'manual',
      headers: { cookie: forged },
    })
    expect(tampered.status).toBe(303)
    clock.now += server.config.sessionMaxMs
    const expired = await fetch(`${server.url}/console`, {
      redirect: 'manual',
      headers: { cookie },
    })
    expect(expired.status).toBe(303)
  })

  it('answers a console form post without a session with 401, and signs out', async () => {
    const anonymous = await fetch(`${server.url}/console/tool/hostile`, {
      method: 'POST',
      headers: { origin: server.url },
    })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toContain('text/html')
    const page = await anonymous.text()
    expect(page).toContain('<h1>Sign in first</h1>')
    expect(page).toContain('href="/console/sign-in"')
    const signOut = await fetch(`${server.url}/console/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url },
    })
    expect(signOut.status).toBe(303)
    expect(signOut.headers.get('set-cookie')).toMatch(/^ltihub_session=;/)
  })

  it('welcomes visitors at / and sends signed-in people to their home', async () => {
    const visitor = await fetch(`${server.url}/`, { redirect: 'manual' })
    expect(visitor.status).toBe(200)
    const page = await visitor.text()
    expect(page).toContain('<h1>ltihub</h1>')
    expect(page).toContain('href="/console/sign-in"')
    expect(page).toContain('href="/platform/jwks.json"')
    expect(page).toContain('href="/tool/jwks.json"')
    expect(page).toContain('/tool/lti/register')
    const cookie = cookieOf(await signIn(server))
    const member = await fetch(`${server.url}/`, { redirect: 'manual', headers: { cookie } })
    expect(member.status).toBe(303)
    expect(member.headers.get('location')).toBe('/console')
  })

  it('answers refused, missing and failing console pages with HTML and a way back', async () => {
    const teacher = cookieOf(await signIn(server, 'demo:teacher'))
    const refused = await fetch(`${server.url}/console/instance`, { headers: { cookie: teacher } })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('content-type')).toContain('text/html')
    const refusal = await refused.text()
    expect(refusal).toContain('<h1>Not available to you</h1>')
    expect(refusal).toContain('role="alert"')
    expect(refusal).toContain('href="/console">Back to your home page')
    // The teacher's navigation does not offer what refuses them.
    expect(refusal).not.toContain('href="/console/instance"')
    const missing = await fetch(`${server.url}/console/no/such/page`, {
      headers: { cookie: teacher },
    })
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('<h1>Page not found</h1>')
    const anonymous = await fetch(`${server.url}/console/no/such/page`)
    expect(anonymous.status).toBe(404)
    expect(await anonymous.text()).toContain('href="/console/sign-in"')
    const api = await fetch(`${server.url}/api/no/such/route`)
    expect(api.headers.get('content-type')).toContain('application/problem+json')
  })

  it('brings a person who opened a launch link back to the launch after signing in', async () => {
    const launch = '/platform/launch/some-link?presentation=window'
    const anonymous = await fetch(`${server.url}${launch}`, { redirect: 'manual' })
    expect(anonymous.status).toBe(303)
    const signInUrl = anonymous.headers.get('location') ?? ''
    const next = new URL(signInUrl, server.url).searchParams.get('next')
    expect(next).toBe(launch)
    const page = await (await fetch(`${server.url}${signInUrl}`)).text()
    expect(page).toContain(`value="${launch}"`)
    const signedIn = await signIn(server, DEMO_ADMINISTRATOR.id, next ?? '')
    expect(signedIn.headers.get('location')).toBe(launch)
  })

  it('serves the stylesheet', async () => {
    const response = await fetch(`${server.url}/console/assets/console.css`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8')
  })
})

describe('console without demo data', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('has no "sign in as"; offers the password form and says how to create an administrator', async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    const html = await (await fetch(`${server.url}/console/sign-in`)).text()
    expect(html).toContain('data-testid="password-sign-in"')
    expect(html).toContain('data-testid="setup-hint"')
    expect(html).not.toContain('Sign in as')
    expect((await signIn(server)).status).toBe(404)
  })

  it('uses a Secure __Host- cookie when the public URL is https', async () => {
    server = await startTestServer({
      env: { LTIHUB_DEMO: 'true', PUBLIC_URL: 'https://lti.example.edu' },
    })
    const response = await signIn(server)
    const setCookie = response.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^__Host-ltihub_session=/)
    expect(setCookie).toContain('Secure')
    const health = await fetch(`${server.url}/health`)
    expect(health.headers.get('strict-transport-security')).toBe('max-age=31536000')
  })
})

describe('console navigation', () => {
  it('links only to pages that exist, for every role combination', async () => {
    for (const roles of [['platform'], ['tool'], [...ROLES]] as const) {
      const server = await startTestServer({
        env: { LTIHUB_DEMO: 'true', LTIHUB_ROLES: roles.join(',') },
      })
      try {
        const cookie = cookieOf(await signIn(server))
        for (const group of navigationOf(featuresFor(roles))) {
          for (const entry of group.entries) {
            const response = await fetch(`${server.url}${entry.href}`, { headers: { cookie } })
            expect(response.status, entry.href).toBe(200)
          }
        }
      } finally {
        await server.close()
      }
    }
  })

  it('refuses nav entries outside the console', () => {
    expect(() =>
      navigationOf([{ name: 'x', nav: [{ section: 'tool', label: 'x', href: '/x' }] }]),
    ).toThrow(TypeError)
  })
})

describe('safeNext', () => {
  it.each([
    ['/console', '/console'],
    ['/console/tool/content?page=2', '/console/tool/content?page=2'],
    ['//evil.example/console', '/console'],
    ['https://evil.example/console', '/console'],
    ['/console//evil.example', '/console'],
    ['/console\\evil', '/console'],
    ['/consolex', '/console'],
    ['/health', '/console'],
    ['/platform/launch/rl-1?presentation=window', '/platform/launch/rl-1?presentation=window'],
    [
      '/platform/learning-tools/c-1/launch?school=s-1',
      '/platform/learning-tools/c-1/launch?school=s-1',
    ],
    ['/platform/launch/', '/console'],
    ['/platform/launch/a/b', '/console'],
    ['/platform/token', '/console'],
    ['/console/x\n', '/console'],
    ['/console/x\u0000', '/console'],
    [undefined, '/console'],
  ])('%s → %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected)
  })
})
