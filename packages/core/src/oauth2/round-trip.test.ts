import { describe, expect, it } from 'vitest'
import { SCOPE } from '../claims/uris.js'
import { isLtiError } from '../errors/lti-error.js'
import { createKeyRing, publicJwks, rotateKeyRing, signingKeyOf } from '../keys/key-ring.js'
import { RemoteKeySets } from '../keys/remote.js'
import { generateSigningKey } from '../keys/signing-key.js'
import { MemoryNonceStore } from '../ports.js'
import { AccessTokenIssuer } from './access-token.js'
import { authorizeServiceRequest } from './bearer.js'
import { AccessTokenCache } from './token-cache.js'
import { requestAccessToken } from './token-client.js'
import { handleTokenRequest, type TokenEndpointDeps } from './token-endpoint.js'

const TOKEN_ENDPOINT = 'https://lms.example/lti/token'
const TOOL_JWKS = 'https://tool.example/.well-known/jwks.json'
const LINE_ITEMS = 'https://lms.example/api/lti/contexts/42/line_items'
const CLIENT_ID = 'tool-client-1'

describe('client credentials round trip, tool ↔ platform, through Request/Response only', () => {
  it('obtains a token, reuses it, and authorizes a service call, across a key rotation', async () => {
    let now = Date.UTC(2026, 0, 1)
    const clock = () => now

    // Tool: a key ring whose public half the tool serves at its JWKS URL.
    let ring = createKeyRing({
      current: await generateSigningKey(),
      next: await generateSigningKey(),
    })
    let jwksFetches = 0
    const toolFetch = (input: RequestInfo | URL): Promise<Response> => {
      expect(String(input)).toBe(TOOL_JWKS)
      jwksFetches++
      return Promise.resolve(Response.json(publicJwks(ring)))
    }

    // Platform: token endpoint and service authorization.
    const accessTokens = new AccessTokenIssuer({
      secret: AccessTokenIssuer.generateSecret(),
      issuer: 'https://lms.example',
      clock,
    })
    const keySets = new RemoteKeySets({ fetch: toolFetch })
    const deps: TokenEndpointDeps = {
      tokenEndpointUrl: TOKEN_ENDPOINT,
      lookupClient: (clientId) =>
        Promise.resolve(
          clientId === CLIENT_ID
            ? {
                keys: keySets.resolver(TOOL_JWKS),
                allowedScopes: [SCOPE.lineItem, SCOPE.score],
                registrationId: 'registration-9',
              }
            : undefined,
        ),
      nonceStore: new MemoryNonceStore(clock),
      accessTokens,
      clock,
    }
    let tokenRequests = 0
    const platformFetch = (request: Request): Promise<Response> => {
      expect(request.url).toBe(TOKEN_ENDPOINT)
      tokenRequests++
      return handleTokenRequest(request, deps)
    }

    // Tool obtains a token through its cache.
    const cache = new AccessTokenCache({ clock })
    const scopes = [SCOPE.score, SCOPE.lineItem, SCOPE.contextMembershipReadOnly]
    const key = { tokenEndpoint: TOKEN_ENDPOINT, clientId: CLIENT_ID, scopes }
    const obtain = () =>
      cache.get(key, () =>
        requestAccessToken({
          clientId: CLIENT_ID,
          tokenEndpoint: TOKEN_ENDPOINT,
          signingKey: signingKeyOf(ring),
          deploymentId: 'deployment-1',
          scopes,
          clock,
          fetch: platformFetch,
        }),
      )
    const tokens = await Promise.all([obtain(), obtain(), obtain()])
    const token = tokens[0]
    expect(tokenRequests).toBe(1)
    expect(token?.scopes).toEqual([SCOPE.score, SCOPE.lineItem])

    // Tool calls the line items service; the platform authorizes it.
    const call = (accessToken: string, url = LINE_ITEMS) =>
      new Request(url, { headers: { authorization: `Bearer ${accessToken}` } })
    const grant = await authorizeServiceRequest(call(token?.accessToken ?? ''), accessTokens, [
      SCOPE.lineItem,
      SCOPE.lineItemReadOnly,
    ])
    expect(grant).toEqual({
      clientId: CLIENT_ID,
      scopes: [SCOPE.score, SCOPE.lineItem],
      registrationId: 'registration-9',
      expiresAt: now + 3600_000,
    })
    const denied = await authorizeServiceRequest(call(token?.accessToken ?? ''), accessTokens, [
      SCOPE.contextMembershipReadOnly,
    ]).catch((error: unknown) => error)
    expect(isLtiError(denied, 'ERR_LTI_INSUFFICIENT_SCOPE')).toBe(true)

    // The tool rotates; its new signing key was published as `next`, so the platform verifies
    // the next assertion from its cached key set without fetching again.
    ring = rotateKeyRing(ring, await generateSigningKey())
    now += 3600_000
    const renewed = await obtain()
    expect(renewed.accessToken).not.toBe(token?.accessToken)
    expect(tokenRequests).toBe(2)
    expect(jwksFetches).toBe(1)
    await expect(
      authorizeServiceRequest(call(renewed.accessToken), accessTokens, [SCOPE.score]),
    ).resolves.toMatchObject({ clientId: CLIENT_ID })

    // The expired first token no longer authorizes anything.
    const expired = await authorizeServiceRequest(call(token?.accessToken ?? ''), accessTokens, [
      SCOPE.score,
    ]).catch((error: unknown) => error)
    expect(isLtiError(expired, 'ERR_LTI_ACCESS_TOKEN_INVALID')).toBe(true)
  })

  it('surfaces the platform’s refusal to the tool as a coded error', async () => {
    const accessTokens = new AccessTokenIssuer({ secret: AccessTokenIssuer.generateSecret() })
    const signingKey = await generateSigningKey()
    const deps: TokenEndpointDeps = {
      tokenEndpointUrl: TOKEN_ENDPOINT,
      lookupClient: () => Promise.resolve(undefined),
      nonceStore: new MemoryNonceStore(),
      accessTokens,
    }
    const error: unknown = await requestAccessToken({
      clientId: CLIENT_ID,
      tokenEndpoint: TOKEN_ENDPOINT,
      signingKey,
      scopes: [SCOPE.score],
      fetch: (request) => handleTokenRequest(request, deps),
    }).catch((e: unknown) => e)
    expect(isLtiError(error, 'ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED')).toBe(true)
    expect((error as { detail: string }).detail).toContain('invalid_client')
  })
})
