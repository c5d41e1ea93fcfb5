/**
 * The OpenID Connect relying party, through openid-client: discovery (cached per provider
 * version), the authorization URL (code flow, PKCE S256, state, nonce) and the callback, where the
 * library checks the ID token (signature, issuer, audience, expiry, nonce) and PKCE.
 */
import * as oidc from 'openid-client'
import { SsoFailure } from './failure.js'
import type { IdentityProvider } from './model.js'

/** How ltihub reaches providers: the server's outbound client (address policy, timeouts). */
export interface SsoOutbound {
  readonly fetch: typeof fetch
}

export interface FlowStart {
  readonly url: URL
  readonly state: string
  readonly nonce: string
  readonly verifier: string
}

/** The claims the callback read, from the ID token and, when missing there, from userinfo. */
export interface SignInClaims {
  readonly subject: string
  readonly email: string | undefined
  readonly emailVerified: boolean
}

const DISCOVERY_TTL_MS = 60 * 60 * 1000
const TIMEOUT_SECONDS = 10

interface Cached {
  readonly config: oidc.Configuration
  readonly expires: number
}

export interface ProviderClients {
  start(provider: IdentityProvider, secret: string, redirectUri: string): Promise<FlowStart>
  finish(
    provider: IdentityProvider,
    secret: string,
    callbackUrl: URL,
    checks: { state: string; nonce: string; verifier: string },
  ): Promise<SignInClaims>
}

function claimOf(source: Record<string, unknown> | undefined, name: string): unknown {
  return source?.[name]
}

export function createProviderClients(options: {
  readonly outbound: SsoOutbound
  readonly clock: () => number
}): ProviderClients {
  const cache = new Map<string, Cached>()
  const customFetch: oidc.CustomFetch = (url, init) =>
    options.outbound.fetch(url, init as RequestInit)

  async function configurationOf(provider: IdentityProvider, secret: string) {
    const key = `${provider.id}@${provider.updatedAt}`
    const hit = cache.get(key)
    if (hit !== undefined && hit.expires > options.clock()) return hit.config
    const issuer = new URL(provider.issuer)
    // Plain http reaches only hosts the outbound policy trusts (OUTBOUND_ALLOW, or loopback on a
    // development instance): the outbound client refuses the others before connecting.
    const insecure = issuer.protocol === 'http:'
    let config: oidc.Configuration
    try {
      config = await oidc.discovery(
        issuer,
        provider.clientId,
        secret,
        oidc.ClientSecretBasic(secret),
        {
          [oidc.customFetch]: customFetch,
          timeout: TIMEOUT_SECONDS,
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      )
    } catch (error) {
      throw new SsoFailure('provider-unreachable', { detail: 'discovery failed', cause: error })
    }
    config[oidc.customFetch] = customFetch
    for (const old of cache.keys()) if (old.startsWith(`${provider.id}@`)) cache.delete(old)
    cache.set(key, { config, expires: options.clock() + DISCOVERY_TTL_MS })
    return config
  }

  return {
    async start(provider, secret, redirectUri) {
      const config = await configurationOf(provider, secret)
      const verifier = oidc.randomPKCECodeVerifier()
      const state = oidc.randomState()
      const nonce = oidc.randomNonce()
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: provider.scopes.join(' '),
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      return { url, state, nonce, verifier }
    },

    async finish(provider, secret, callbackUrl, checks) {
      const config = await configurationOf(provider, secret)
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.verifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        })
      } catch (error) {
        throw classify(error)
      }
      const idToken = tokens.claims()
      if (idToken === undefined) throw new SsoFailure('token-invalid', { detail: 'no ID token' })
      let source: Record<string, unknown> = idToken
      if (claimOf(idToken, provider.emailClaim) === undefined) {
        source = await userInfo(config, tokens.access_token, idToken.sub)
      }
      const email = claimOf(source, provider.emailClaim)
      return {
        subject: idToken.sub,
        email: typeof email === 'string' && email.includes('@') ? email : undefined,
        emailVerified: claimOf(source, 'email_verified') === true,
      }
    },
  }
}

async function userInfo(config: oidc.Configuration, accessToken: string, subject: string) {
  if (config.serverMetadata().userinfo_endpoint === undefined) return {}
  try {
    return await oidc.fetchUserInfo(config, accessToken, subject)
  } catch (error) {
    throw classify(error)
  }
}

/** The library's refusals, as failures a person can read; details stay in the log. */
function classify(error: unknown): SsoFailure {
  if (error instanceof SsoFailure) return error
  if (error instanceof oidc.AuthorizationResponseError) {
    const code = /^[a-z_]{1,64}$/.test(error.error) ? error.error : 'unknown_error'
    return new SsoFailure('provider-error', { shown: code, detail: error.message, cause: error })
  }
  // A request that failed (refused by the outbound policy, timed out, no connection): the library
  // wraps it in a ClientError without a code of its own.
  if (error instanceof oidc.ClientError && error.code === undefined) {
    return new SsoFailure('provider-unreachable', { detail: error.message, cause: error })
  }
  if (
    error instanceof oidc.ResponseBodyError ||
    error instanceof oidc.WWWAuthenticateChallengeError ||
    error instanceof oidc.ClientError
  ) {
    return new SsoFailure('token-invalid', { detail: error.message, cause: error })
  }
  const detail = error instanceof Error ? error.message : 'unknown error'
  return new SsoFailure('provider-unreachable', { detail, cause: error })
}
