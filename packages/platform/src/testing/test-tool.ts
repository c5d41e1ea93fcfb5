/**
 * A test tool made only of core functions: it answers login initiations, verifies id_tokens,
 * obtains access tokens and signs deep linking responses, all through `Request`/`Response`, so
 * tests drive the platform exactly as a real tool would (and the server's tests can reuse it).
 */
import {
  buildAuthenticationRequest,
  buildClientAssertion,
  buildDeepLinkingResponse,
  CLAIM,
  type ContentItem,
  createKeyRing,
  generateSigningKey,
  type LtiLaunchMessage,
  localKeyResolver,
  publicJwks,
  type SigningKey,
  verifyIdToken,
} from '../internal/core.js'
import { handleTokenEndpoint } from '../token/endpoint.js'
import { TOOL_ORIGIN, type World } from './world.js'

/** The hidden fields of an auto-post page (HTML entities decoded). */
export async function readAutoPost(response: Response): Promise<Record<string, string>> {
  const html = await response.text()
  const fields: Record<string, string> = {}
  const decode = (value: string) =>
    value
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&')
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decode(match[1] ?? '')] = decode(match[2] ?? '')
  }
  const action = /<form[^>]* action="([^"]*)"/.exec(html)?.[1]
  if (action !== undefined) fields['(action)'] = decode(action)
  return fields
}

/** A form POST request. */
export function formPost(url: string, fields: Record<string, string>): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

export interface TestTool {
  readonly clientId: string
  readonly signingKey: SigningKey
  readonly redirectUri: string
  /**
   * The tool's answer to a login initiation: the authentication request to the platform, with a
   * fresh state and nonce (returned too). `overrides` replace or, with `undefined`, drop fields.
   */
  authenticationRequest(
    loginInitiationUrl: string,
    overrides?: Record<string, string | undefined>,
  ): { request: Request; state: string; nonce: string }
  /** Verifies an id_token as a conformant tool does (signature, claims, nonce single use). */
  verifyLaunch(idToken: string, nonce: string): Promise<LtiLaunchMessage>
  /** Obtains an access token from the platform's token endpoint. */
  accessToken(scopes: readonly string[]): Promise<string>
  /** A service request with a bearer token. */
  serviceRequest(url: string, token: string, init?: RequestInit): Request
  /** Signs a deep linking response for a request's settings and returns the form post. */
  deepLinkingReturn(
    message: LtiLaunchMessage,
    contentItems: readonly ContentItem[],
    extra?: { readonly msg?: string; readonly data?: string },
  ): Promise<Request>
}

/** RSA key generation is slow; test tools of a process share one key. */
let toolKey: ReturnType<typeof generateSigningKey> | undefined

/** Builds the test tool of a world's `conn-quiz` connection and publishes its JWKS route. */
export async function createTestTool(world: World, clientId = 'client-quiz'): Promise<TestTool> {
  const signingKey = await (toolKey ??= generateSigningKey({ kid: 'tool-key-1' }))
  const jwks = publicJwks(createKeyRing({ current: signingKey }))
  world.routes.set(`${TOOL_ORIGIN}/.well-known/jwks.json`, () => Response.json(jwks))
  const { deps } = world
  const redirectUri = `${TOOL_ORIGIN}/lti/launch`
  let counter = 0
  return {
    clientId,
    signingKey,
    redirectUri,
    authenticationRequest(loginInitiationUrl, overrides = {}) {
      const login = new URL(loginInitiationUrl).searchParams
      counter += 1
      const state = `state-${counter}`
      const nonce = `nonce-${counter}-${crypto.randomUUID()}`
      const hint = login.get('lti_message_hint')
      const url = buildAuthenticationRequest({
        authLoginUrl: deps.settings.endpoints.authorization,
        clientId: login.get('client_id') ?? clientId,
        redirectUri,
        loginHint: login.get('login_hint') ?? '',
        ...(hint === null ? {} : { ltiMessageHint: hint }),
        state,
        nonce,
      })
      for (const [name, value] of Object.entries(overrides)) {
        if (value === undefined) url.searchParams.delete(name)
        else url.searchParams.set(name, value)
      }
      return { request: new Request(url), state, nonce }
    },
    async verifyLaunch(idToken, nonce) {
      const ring = await deps.keys.keyRing()
      const { message } = await verifyIdToken(idToken, {
        keys: localKeyResolver(publicJwks(ring)),
        issuer: deps.settings.issuer,
        clientId,
        nonceStore: deps.nonces,
        isDeploymentAccepted: () => true,
        expectedNonce: nonce,
        clock: deps.clock,
      })
      return message
    },
    async accessToken(scopes) {
      const tokenEndpoint = deps.settings.endpoints.token
      const assertion = await buildClientAssertion({
        clientId,
        tokenEndpoint,
        signingKey,
        clock: deps.clock,
      })
      const response = await handleTokenEndpoint(
        formPost(tokenEndpoint, {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
          scope: scopes.join(' '),
        }),
        deps,
      )
      const body = (await response.json()) as { access_token?: string }
      if (response.status !== 200 || body.access_token === undefined) {
        throw new TypeError(`token request failed: ${response.status} ${JSON.stringify(body)}`)
      }
      return body.access_token
    },
    serviceRequest(url, token, init = {}) {
      const headers = new Headers(init.headers)
      headers.set('authorization', `Bearer ${token}`)
      return new Request(url, { ...init, headers })
    },
    async deepLinkingReturn(message, contentItems, extra = {}) {
      const settings = message[CLAIM.deepLinkingSettings]
      const deploymentId = message[CLAIM.deploymentId]
      if (typeof settings !== 'object' || settings === null || typeof deploymentId !== 'string') {
        throw new TypeError('not a deep linking request')
      }
      const { deep_link_return_url: returnUrl, data } = settings as {
        deep_link_return_url: string
        data?: string
      }
      const jwt = await buildDeepLinkingResponse({
        signingKey,
        clientId,
        platformIssuer: deps.settings.issuer,
        deploymentId,
        data: extra.data ?? data,
        contentItems,
        ...(extra.msg === undefined ? {} : { msg: extra.msg }),
        clock: deps.clock,
      })
      return formPost(returnUrl, { JWT: jwt })
    },
  }
}
