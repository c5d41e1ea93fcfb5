/**
 * The relying party against a real OpenID provider on loopback (no mock of the protocol): code
 * flow with PKCE, state and nonce, checked by openid-client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/index.js'
import { createServerOutbound } from '../../outbound/index.js'
import { TestAgent, signInAtProvider } from '../../testing/http-agent.js'
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js'
import { SsoFailure } from './failure.js'
import type { IdentityProvider } from './model.js'
import { createProviderClients, type SsoOutbound } from './provider-client.js'

const REDIRECT = 'http://127.0.0.1:9/console/sign-in/oidc/test/callback'
let idp: TestOidcProvider
let provider: IdentityProvider

/** The server's outbound client, as a development instance on an http localhost has it. */
const outbound: SsoOutbound = {
  fetch: createServerOutbound(
    loadConfig({ env: { PUBLIC_URL: 'http://localhost:9', LTIHUB_SECRET: 'x'.repeat(32) } }),
  ),
}

beforeAll(async () => {
  idp = await startOidcProvider({
    accounts: [{ id: 'ann', email: 'ann@school.example', emailVerified: true }],
    clients: [{ clientId: 'ltihub', clientSecret: 'client-secret', redirectUris: [REDIRECT] }],
  })
  provider = {
    id: 'test',
    displayName: 'Test IdP',
    issuer: idp.issuer,
    clientId: 'ltihub',
    emailClaim: 'email',
    requireVerifiedEmail: true,
    scopes: ['openid', 'email'],
    enabled: true,
    createdAt: 1,
    updatedAt: 1,
  }
})
afterAll(async () => {
  await idp.close()
})

async function authorize(clients = createProviderClients({ outbound, clock: Date.now })) {
  const start = await clients.start(provider, 'client-secret', REDIRECT)
  const callback = await signInAtProvider(new TestAgent(), start.url.href, 'ann')
  return { clients, start, callback }
}

describe('OpenID Connect relying party', () => {
  it('signs in with PKCE S256, state and nonce and reads the verified email', async () => {
    const { clients, start, callback } = await authorize()
    expect(start.url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(start.url.searchParams.get('nonce')).toBe(start.nonce)
    expect(callback.searchParams.get('state')).toBe(start.state)
    const claims = await clients.finish(provider, 'client-secret', callback, start)
    expect(claims).toEqual({ subject: 'ann', email: 'ann@school.example', emailVerified: true })
  })

  it('refuses another nonce, another PKCE verifier and another state', async () => {
    const refusals: string[] = []
    for (const change of [
      { nonce: 'x'.repeat(43) },
      { verifier: 'y'.repeat(43) },
      { state: 'z'.repeat(43) },
    ]) {
      const { clients, start, callback } = await authorize()
      const error = await clients
        .finish(provider, 'client-secret', callback, { ...start, ...change })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SsoFailure)
      refusals.push((error as SsoFailure).reason)
    }
    expect(refusals).toEqual(['token-invalid', 'token-invalid', 'token-invalid'])
  })

  it('refuses a wrong client secret at the token endpoint', async () => {
    const { start, callback } = await authorize()
    const fresh = createProviderClients({ outbound, clock: Date.now })
    const error = await fresh.finish(provider, 'wrong', callback, start).catch((e: unknown) => e)
    expect((error as SsoFailure).reason).toBe('token-invalid')
  })

  it('refuses an http loopback issuer the outbound policy does not allow', async () => {
    const production = loadConfig({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://lti.example.edu',
        LTIHUB_SECRET: 'x'.repeat(32),
      },
    })
    const strict = createProviderClients({
      outbound: { fetch: createServerOutbound(production) },
      clock: Date.now,
    })
    const error = await strict.start(provider, 'client-secret', REDIRECT).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SsoFailure)
    expect((error as SsoFailure).reason).toBe('provider-unreachable')
    // openid-client wraps the outbound client's coded refusal.
    const refusal = ((error as SsoFailure).cause as Error).cause as { code?: string }
    expect(refusal.code).toMatch(/^ERR_OUTBOUND_/)

    const allowed = loadConfig({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://lti.example.edu',
        LTIHUB_SECRET: 'x'.repeat(32),
        OUTBOUND_ALLOW: '127.0.0.1',
      },
    })
    const trusting = createProviderClients({
      outbound: { fetch: createServerOutbound(allowed) },
      clock: Date.now,
    })
    const start = await trusting.start(provider, 'client-secret', REDIRECT)
    expect(start.url.origin).toBe(idp.issuer)
  })
})
