/**
 * Single sign-on over real HTTP: ltihub on one loopback port, a real OpenID provider
 * (oidc-provider) on another, a browser-like agent between them. Demo people are the accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestAgent, signInAtProvider } from '../../testing/http-agent.js'
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { saveAccount } from '../accounts/repository.js'
import { redirectUriOf, SSO_PATHS } from './paths.js'
import { insertProvider, setProviderEnabled } from './repository.js'

let server: TestServer
/** ltihub's PUBLIC_URL: the redirect URIs and every request of the agents use it. */
let base: string
let idp: TestOidcProvider

const ACCOUNTS = [
  { id: 'taylor', email: 'TReed@demo-district.example', emailVerified: true, name: 'Taylor' },
  { id: 'stranger', email: 'nobody@elsewhere.example', emailVerified: true },
  { id: 'unverified', email: 'jpark@demo-district.example', emailVerified: false },
]

beforeAll(async () => {
  server = await startTestServer({ env: { LTIHUB_DEMO: 'true' } })
  base = server.config.publicUrl
  idp = await startOidcProvider({
    accounts: ACCOUNTS,
    clients: [
      {
        clientId: 'ltihub-test',
        clientSecret: 'test-client-secret',
        redirectUris: [redirectUriOf(base, 'district'), redirectUriOf(base, 'off')],
      },
    ],
  })
  const ctx = server.context
  const provider = {
    displayName: 'District IdP',
    issuer: idp.issuer,
    clientId: 'ltihub-test',
    clientSecret: 'test-client-secret',
    emailClaim: 'email',
    requireVerifiedEmail: true,
    scopes: ['openid', 'email', 'profile'],
    enabled: true,
  }
  await insertProvider(ctx.db, ctx.cipher, 'district', provider, ctx.clock())
  const off = { ...provider, displayName: 'Switched Off', enabled: false }
  await insertProvider(ctx.db, ctx.cipher, 'off', off, ctx.clock())
})

afterAll(async () => {
  await idp?.close()
  await server?.close()
})

/** Starts a sign-in with the `district` button; resolves the provider's authorization URL. */
async function start(agent: TestAgent, next = '/console'): Promise<string> {
  const response = await agent.request(
    `${base}${SSO_PATHS.start('district')}?next=${encodeURIComponent(next)}`,
  )
  expect(response.status).toBe(303)
  expect(response.location?.startsWith(`${idp.issuer}/auth?`)).toBe(true)
  return response.location ?? ''
}

async function isSignedIn(agent: TestAgent): Promise<boolean> {
  const response = await agent.request(`${base}/console`)
  return response.status === 200
}

function expectFailurePage(
  response: { status: number; contentType: string; text: string },
  status: number,
  reason: string,
) {
  expect(response.status).toBe(status)
  expect(response.contentType).toMatch(/^text\/html/)
  expect(response.text).toContain(`data-reason="${reason}"`)
}

describe('single sign-on through a loopback OpenID provider', () => {
  it('offers a button per enabled provider on the sign-in page', async () => {
    const page = await new TestAgent().request(`${base}/console/sign-in`)
    expect(page.text).toContain('Sign in with District IdP')
    expect(page.text).not.toContain('Switched Off')
  })

  it('signs in a teacher whose verified email matches, and goes to next', async () => {
    const agent = new TestAgent()
    const authorization = await start(agent, '/console/platform/people?x=1')
    const url = new URL(authorization)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUriOf(base, 'district'))
    const callback = await signInAtProvider(agent, authorization, 'taylor')
    const done = await agent.request(callback.href)
    expect(done.status).toBe(303)
    expect(done.location).toBe(`${base}/console/platform/people?x=1`)
    const home = await agent.request(`${base}/console`)
    expect(home.status).toBe(200)
    expect(home.text).toContain('Taylor Reed')
    expect(server.logText()).not.toContain('test-client-secret')
  })

  it('refuses an email that matches no one', async () => {
    const agent = new TestAgent()
    const callback = await signInAtProvider(agent, await start(agent), 'stranger')
    const page = await agent.request(callback.href)
    expectFailurePage(page, 403, 'unknown-person')
    expect(page.text).toContain('nobody@elsewhere.example')
    expect(await isSignedIn(agent)).toBe(false)
  })

  it('refuses an unverified email when the provider requires verification', async () => {
    const agent = new TestAgent()
    const callback = await signInAtProvider(agent, await start(agent), 'unverified')
    expectFailurePage(await agent.request(callback.href), 403, 'email-unverified')
    expect(await isSignedIn(agent)).toBe(false)
  })

  it('refuses a changed state, and an answer meant for another browser', async () => {
    const agent = new TestAgent()
    const callback = await signInAtProvider(agent, await start(agent), 'taylor')
    const changed = new URL(callback)
    changed.searchParams.set('state', 'x'.repeat(43))
    expectFailurePage(await agent.request(changed.href), 400, 'state-mismatch')
    expect(await isSignedIn(agent)).toBe(false)

    // Login CSRF: an attacker's finished sign-in delivered to a victim who started their own.
    const attacker = new TestAgent()
    const victim = new TestAgent()
    const attackersCallback = await signInAtProvider(attacker, await start(attacker), 'taylor')
    await start(victim)
    expectFailurePage(await victim.request(attackersCallback.href), 400, 'state-mismatch')
    expect(await isSignedIn(victim)).toBe(false)
    // And to a browser that started nothing.
    expectFailurePage(await new TestAgent().request(attackersCallback.href), 400, 'flow-missing')
  })

  it('refuses an ID token for another nonce and a code for another PKCE challenge', async () => {
    for (const [parameter, value] of [
      ['nonce', 'n'.repeat(43)],
      ['code_challenge', 'c'.repeat(43)],
    ] as const) {
      const agent = new TestAgent()
      const authorization = new URL(await start(agent))
      authorization.searchParams.set(parameter, value)
      const callback = await signInAtProvider(agent, authorization.href, 'taylor')
      expectFailurePage(await agent.request(callback.href), 400, 'token-invalid')
      expect(await isSignedIn(agent)).toBe(false)
    }
  })

  it('finishes a sign-in once: a replayed callback with its flow cookie is refused', async () => {
    const agent = new TestAgent()
    const callback = await signInAtProvider(agent, await start(agent), 'taylor')
    const saved = new Map(agent.cookies(base))
    expect(saved.has('ltihub_sso')).toBe(true)
    expect((await agent.request(callback.href)).status).toBe(303)
    const replay = new TestAgent()
    for (const [name, value] of saved) replay.cookies(base).set(name, value)
    expectFailurePage(await replay.request(callback.href), 400, 'flow-missing')
    expect(await isSignedIn(replay)).toBe(false)
  })

  it('shows the provider’s refusal as a page', async () => {
    const agent = new TestAgent()
    const authorization = await start(agent)
    const toInteraction = await agent.request(authorization)
    const abort = await agent.request(`${toInteraction.location ?? ''}/abort`)
    let url = abort.location ?? ''
    while (new URL(url).origin === idp.issuer) url = (await agent.request(url)).location ?? ''
    expect(new URL(url).searchParams.get('error')).toBe('access_denied')
    const page = await agent.request(url)
    expectFailurePage(page, 400, 'provider-error')
    expect(page.text).toContain('access_denied')
  })

  it('refuses a disabled provider, at the start and at the callback', async () => {
    const ctx = server.context
    const refused = await new TestAgent().request(`${base}${SSO_PATHS.start('off')}`)
    expectFailurePage(refused, 403, 'provider-disabled')

    const agent = new TestAgent()
    const callback = await signInAtProvider(agent, await start(agent), 'taylor')
    await setProviderEnabled(ctx.db, 'district', false, ctx.clock())
    try {
      expectFailurePage(await agent.request(callback.href), 403, 'provider-disabled')
      expect(await isSignedIn(agent)).toBe(false)
    } finally {
      await setProviderEnabled(ctx.db, 'district', true, ctx.clock())
    }
  })

  it('answers an unknown provider with a page, not JSON', async () => {
    const page = await new TestAgent().request(`${base}${SSO_PATHS.start('nope')}`)
    expectFailurePage(page, 404, 'provider-unknown')
  })

  it('signs in a person limited to single sign-on, and refuses a disabled account', async () => {
    const ctx = server.context
    const found = await ctx.identity.findByEmail('treed@demo-district.example')
    const id = found?.principal.id ?? ''
    expect(id).not.toBe('')
    await saveAccount(ctx.db, id, { ssoOnly: true }, ctx.clock())
    try {
      expect((await ctx.identity.findByEmail('treed@demo-district.example'))?.ssoOnly).toBe(true)
      const agent = new TestAgent()
      const callback = await signInAtProvider(agent, await start(agent), 'taylor')
      expect((await agent.request(callback.href)).status).toBe(303)
      expect(await isSignedIn(agent)).toBe(true)

      await saveAccount(ctx.db, id, { disabled: true }, ctx.clock())
      const other = new TestAgent()
      const refused = await signInAtProvider(other, await start(other), 'taylor')
      expectFailurePage(await other.request(refused.href), 403, 'unknown-person')
      expect(await isSignedIn(other)).toBe(false)
    } finally {
      await saveAccount(ctx.db, id, { ssoOnly: false, disabled: false }, ctx.clock())
    }
  })
})
