/**
 * The relying party against a real OpenID provider on loopback (no mock of the protocol): code
 * flow with PKCE, state and nonce, checked by openid-client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestAgent, signInAtProvider } from '../../testing/http-agent.js'
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js'
import { SsoFailure } from './failure.js'
import type { IdentityProvider } from './model.js'
import { createProviderClients, type SsoOutbound } from './provider-client.js'

const REDIRECT = 'http://127.0.0.1:9/console/sign-in/oidc/test/callback'
let idp: TestOidcProvider
let provider: IdentityProvider

const outbound: SsoOutbound = { fetch, allowsHttp: (url) => url.hostname === '127.0.0.1' }

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

  it('refuses an http issuer the outbound policy does not allow, before any request', async () => {
    let calls = 0
    const strict: SsoOutbound = {
      fetch: (...args) => {
        calls += 1
        return fetch(...args)
      },
      allowsHttp: () => false,
    }
    const clients = createProviderClients({ outbound: strict, clock: Date.now })
    const error = await clients.start(provider, 'client-secret', REDIRECT).catch((e: unknown) => e)
    expect((error as SsoFailure).reason).toBe('provider-unreachable')
    expect(calls).toBe(0)
  })
})
