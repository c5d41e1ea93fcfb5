/**
 * A tiny LTI 1.3 / 1.1 tool for the runtime's HTTP tests, built from `@ltihub/core` functions only
 * (never from the platform's own code), served by `node:http` on a loopback port: login
 * initiation, id_token verification with the platform JWKS fetched over HTTP, client assertion
 * and token request, AGS scores, NRPS, deep linking responses and Basic Outcomes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CLAIM, MemoryNonceStore, type LtiLaunchMessage } from '@ltihub/core'
import { buildScoreRequest } from '@ltihub/core/ags'
import { buildDeepLinkingResponse, type ContentItem } from '@ltihub/core/deep-linking'
import {
  createKeyRing,
  generateSigningKey,
  publicJwks,
  RemoteKeySets,
  type SigningKey,
} from '@ltihub/core/keys'
import { verifyIdToken } from '@ltihub/core/launch'
import {
  buildMembershipRequest,
  type MembershipResponsePage,
  processMembershipResponse,
} from '@ltihub/core/nrps'
import { buildClientAssertion, requestAccessToken, type TokenSet } from '@ltihub/core/oauth2'
import {
  buildAuthenticationRequest,
  createLoginState,
  parseAuthenticationResponse,
  parseLoginInitiation,
  type LoginInitiation,
} from '@ltihub/core/oidc-login'
import { buildOutcomeRequest } from '@ltihub/core/outcomes'

/** What the tool knows about the platform it is registered with. */
export interface ToolRegistration {
  readonly issuer: string
  readonly clientId: string
  readonly authorizationEndpoint: string
  readonly tokenEndpoint: string
  readonly jwksUrl: string
}

export interface TestTool {
  readonly origin: string
  readonly loginUrl: string
  readonly redirectUri: string
  readonly jwksUrl: string
  readonly lti11LaunchUrl: string
  readonly signingKey: SigningKey
  register(registration: ToolRegistration): void
  /** Login initiations the tool received, in order. */
  readonly logins: LoginInitiation[]
  /** Messages of launches the tool verified, in order. */
  readonly launches: LtiLaunchMessage[]
  /** Launch failures: the LtiError code of each refused id_token. */
  readonly failures: string[]
  /**
   * With platform storage offered, answer the login initiation with a page that first talks to
   * the platform through `postMessage` (capabilities, put, get, frame resize), reports what it got
   * to `storageReports`, then goes on to the authentication request (a browser test).
   */
  useStorageProbe(on: boolean): void
  readonly storageReports: unknown[]
  accessToken(scopes: readonly string[]): Promise<TokenSet>
  clientAssertion(options?: { audience?: string; lifetimeSeconds?: number }): Promise<string>
  scoreRequest(
    lineItemUrl: string,
    token: string,
    score: Parameters<typeof buildScoreRequest>[1],
  ): Request
  members(url: string, token: string): Promise<MembershipResponsePage>
  deepLinkingResponse(
    message: LtiLaunchMessage,
    items: readonly ContentItem[],
    extra?: { data?: string; msg?: string },
  ): Promise<{ returnUrl: string; jwt: string }>
  outcomeRequest(input: {
    serviceUrl: string
    consumerKey: string
    secret: string
    sourcedId: string
    score: number
  }): Promise<Request>
  close(): Promise<void>
}

async function toRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers.set(name, value)
  }
  const hasBody = message.method !== 'GET' && message.method !== 'HEAD'
  return new Request(origin + (message.url ?? '/'), {
    method: message.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  })
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : 'unknown'
}

/** JSON safe inside an inline script. */
const inline = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c')

/**
 * The login page of the storage probe: the tool side of LTI platform storage (lti-notes §14),
 * reporting each answer, then continuing to the authentication request.
 */
function storageProbePage(authUrl: string, state: string): string {
  return `<!DOCTYPE html><html><body><script>
const AUTH_URL = ${inline(authUrl)};
const platformOrigin = new URL(AUTH_URL).origin;
function ask(message, target) {
  return new Promise((resolve) => {
    const id = Math.random().toString(36).slice(2);
    function listen(event) {
      if (event.data && event.data.message_id === id) {
        window.removeEventListener('message', listen);
        resolve({ origin: event.origin, data: event.data });
      }
    }
    window.addEventListener('message', listen);
    window.parent.postMessage(Object.assign({}, message, { message_id: id }), target);
    setTimeout(() => resolve({ timeout: true }), 3000);
  });
}
(async () => {
  const report = {};
  report.capabilities = await ask({ subject: 'lti.capabilities' }, '*');
  report.put = await ask({ subject: 'lti.put_data', key: 'lti_state', value: ${inline(state)} }, platformOrigin);
  report.get = await ask({ subject: 'lti.get_data', key: 'lti_state' }, platformOrigin);
  report.missing = await ask({ subject: 'lti.get_data', key: 'nothing' }, platformOrigin);
  report.resize = await ask({ subject: 'lti.frameResize', height: 777 }, platformOrigin);
  await fetch('/report', { method: 'POST', body: JSON.stringify(report) });
  location.href = AUTH_URL;
})();
</script></body></html>`
}

/** Starts the tool on 127.0.0.1 with a fresh RS256 key. */
export async function startTestTool(): Promise<TestTool> {
  const signingKey = await generateSigningKey()
  const ring = createKeyRing({ current: signingKey })
  const keySets = new RemoteKeySets()
  const nonces = new MemoryNonceStore()
  const pending = new Map<string, { nonce: string; targetLinkUri: string }>()
  let registration: ToolRegistration | undefined
  const logins: LoginInitiation[] = []
  const launches: LtiLaunchMessage[] = []
  const failures: string[] = []
  const storageReports: unknown[] = []
  let storageProbe = false
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const redirectUri = `${origin}/launch`
  const registered = (): ToolRegistration => {
    if (registration === undefined) throw new TypeError('register the tool first')
    return registration
  }

  async function login(request: Request, res: ServerResponse) {
    const initiation = await parseLoginInitiation(request, {
      // The platform under test runs on http://localhost.
      dangerouslyAllowHttpLoopbackIssuer: true,
    })
    logins.push(initiation)
    const reg = registered()
    if (initiation.issuer !== reg.issuer) return send(res, 400, { error: 'unknown issuer' })
    const { state, nonce } = createLoginState()
    pending.set(state, { nonce, targetLinkUri: initiation.targetLinkUri })
    const url = buildAuthenticationRequest({
      authLoginUrl: reg.authorizationEndpoint,
      clientId: reg.clientId,
      redirectUri,
      loginHint: initiation.loginHint,
      ...(initiation.ltiMessageHint === undefined
        ? {}
        : { ltiMessageHint: initiation.ltiMessageHint }),
      ...(initiation.ltiStorageTarget === undefined
        ? {}
        : { ltiStorageTarget: initiation.ltiStorageTarget }),
      state,
      nonce,
    })
    if (storageProbe && initiation.ltiStorageTarget !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(storageProbePage(url.href, state))
      return
    }
    res.writeHead(302, { location: url.href })
    res.end()
  }

  async function launch(request: Request, res: ServerResponse) {
    const reg = registered()
    const { idToken, state } = await parseAuthenticationResponse(request)
    const expected = pending.get(state)
    pending.delete(state)
    if (expected === undefined) return send(res, 401, { code: 'state' })
    try {
      const { message } = await verifyIdToken(idToken, {
        keys: keySets.resolver(reg.jwksUrl),
        issuer: reg.issuer,
        clientId: reg.clientId,
        nonceStore: nonces,
        isDeploymentAccepted: () => true,
        expectedNonce: expected.nonce,
      })
      launches.push(message)
      send(res, 200, { ok: true })
    } catch (error) {
      failures.push(errorCode(error))
      send(res, 401, { code: errorCode(error) })
    }
  }

  server.on('request', (message: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const request = await toRequest(message, origin)
      const path = new URL(request.url).pathname
      if (path === '/jwks') return send(res, 200, publicJwks(ring))
      if (path === '/login') return login(request, res)
      if (path === '/launch') return launch(request, res)
      if (path === '/report') {
        storageReports.push(JSON.parse(await request.text()) as unknown)
        return send(res, 204, null)
      }
      send(res, 404, { error: 'not found' })
    })().catch((error: unknown) => send(res, 500, { code: errorCode(error) }))
  })

  return {
    origin,
    loginUrl: `${origin}/login`,
    redirectUri,
    jwksUrl: `${origin}/jwks`,
    lti11LaunchUrl: `${origin}/lti11`,
    signingKey,
    register(value) {
      registration = value
    },
    logins,
    launches,
    failures,
    storageReports,
    useStorageProbe(on) {
      storageProbe = on
    },
    accessToken(scopes) {
      const reg = registered()
      return requestAccessToken({
        clientId: reg.clientId,
        tokenEndpoint: reg.tokenEndpoint,
        signingKey,
        scopes,
      })
    },
    clientAssertion(options = {}) {
      const reg = registered()
      return buildClientAssertion({
        clientId: reg.clientId,
        tokenEndpoint: reg.tokenEndpoint,
        signingKey,
        ...options,
      })
    },
    scoreRequest(lineItemUrl, token, score) {
      return buildScoreRequest(lineItemUrl, score, token, {
        dangerouslyAllowInsecureLoopback: true,
      })
    },
    async members(url, token) {
      const request = buildMembershipRequest(
        url,
        token,
        {},
        { dangerouslyAllowInsecureLoopback: true },
      )
      return processMembershipResponse(await fetch(request))
    },
    async deepLinkingResponse(message, items, extra = {}) {
      const reg = registered()
      const settings = message[CLAIM.deepLinkingSettings] as
        { deep_link_return_url: string; data?: string } | undefined
      const deploymentId = message[CLAIM.deploymentId]
      if (settings === undefined || typeof deploymentId !== 'string')
        throw new TypeError('not a DL request')
      const jwt = await buildDeepLinkingResponse({
        signingKey,
        clientId: reg.clientId,
        platformIssuer: reg.issuer,
        deploymentId,
        data: extra.data ?? settings.data,
        contentItems: items,
        ...(extra.msg === undefined ? {} : { msg: extra.msg }),
      })
      return { returnUrl: settings.deep_link_return_url, jwt }
    },
    outcomeRequest(input) {
      return buildOutcomeRequest({
        serviceUrl: input.serviceUrl,
        consumerKey: input.consumerKey,
        secret: input.secret,
        operation: { operation: 'replaceResult', sourcedId: input.sourcedId, score: input.score },
        dangerouslyAllowHttp: true,
      })
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      }),
  }
}
