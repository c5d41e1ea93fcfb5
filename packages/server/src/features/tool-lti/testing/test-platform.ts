/**
 * A learning platform for the tool role's HTTP tests, made only of @ltihub/core functions on a
 * loopback `node:http` server (none of the tool layer's code): it signs LTI 1.3 id_tokens with its
 * own key and serves its JWKS, answers the OAuth 2 token endpoint (verifying the tool's client
 * assertions against the tool's published JWKS), accepts AGS scores, serves NRPS memberships and
 * answers LTI 1.1 Basic Outcomes replaceResult. Failures can be scripted (503 for a while).
 */
import { createServer, type Server } from 'node:http'
import { CLAIM, LTI_VERSION, MemoryNonceStore, MESSAGE_TYPE, SCOPE } from '@ltihub/core'
import { isScoreNewer, parseScoreRequest, type Score } from '@ltihub/core/ags'
import { createKeyRing, generateSigningKey, publicJwks, type SigningKey } from '@ltihub/core/keys'
import { buildDeepLinkingSettings, verifyDeepLinkingResponse } from '@ltihub/core/deep-linking'
import type { DeepLinkingSettingsClaim } from '@ltihub/core/claims'
import { buildIdToken } from '@ltihub/core/launch'
import { buildMembershipPage, type Member, membershipPageResponse } from '@ltihub/core/nrps'
import {
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  handleTokenRequest,
} from '@ltihub/core/oauth2'
import { buildLti11Launch } from '@ltihub/core/oauth1'
import { buildLoginInitiation, parseAuthenticationRequest } from '@ltihub/core/oidc-login'
import { handleOutcomeRequest } from '@ltihub/core/outcomes'
import { createRemoteJWKSet } from 'jose'
import { isLtiError } from '@ltihub/core'
import { PlatformRegistrationEndpoints, verifyLti11ServiceRequest } from './platform-extras.js'

export interface ReceivedScore {
  readonly lineItemUrl: string
  readonly score: Score
}

export interface ReceivedOutcome {
  readonly sourcedId: string
  readonly score: number
}

/** A user of the platform that launches the tool. */
export interface PlatformUser {
  readonly id: string
  readonly givenName: string
  readonly familyName: string
  readonly email: string
  readonly roles?: readonly string[]
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

export class TestPlatform {
  readonly scores: ReceivedScore[] = []
  readonly outcomes: ReceivedOutcome[] = []
  /** While above zero, each AGS score and 1.1 outcome post is answered 503 (and counted down). */
  failNext = 0
  failures = 0
  /** The status of every answer to an AGS score post, in order (409: not newer than the held one). */
  readonly scoreAnswers: number[] = []
  /**
   * Called once a score is applied, before the answer is written, and again once the answer has
   * been written to the socket: tests stop and kill the tool at exactly those points.
   */
  scoreHooks: { applied?: () => void; answered?: () => void } = {}
  members: Member[] = []
  readonly clientId = 'ltihub-tool-client'
  readonly deploymentId = 'deployment-1'
  readonly consumer = { key: 'lms-key', secret: 'lms-shared-secret-0123456789' }
  readonly #server: Server
  readonly #key: SigningKey
  /** The tool's JWKS URL (changes when a restarted tool listens on another port). */
  toolJwksUrl: string
  readonly #clock: () => number
  readonly #tokens: AccessTokenIssuer
  readonly #jtis: MemoryNonceStore
  readonly #outcomeNonces: MemoryNonceStore
  origin = ''
  #issuerIsOrigin = false
  /** Dynamic Registration: the openid-configuration and the registration endpoint. */
  readonly registrations = new PlatformRegistrationEndpoints(() => ({
    issuer: this.issuer,
    origin: this.origin,
    clientId: this.clientId,
    deploymentId: this.deploymentId,
  }))
  /** How each NRPS request authenticated: LTI 1.3 bearer token or LTI 1.1 OAuth signature. */
  readonly membershipAuth: ('bearer' | 'oauth1')[] = []

  private constructor(key: SigningKey, toolJwksUrl: string, clock: () => number) {
    this.#key = key
    this.#clock = clock
    this.#tokens = new AccessTokenIssuer({ secret: AccessTokenIssuer.generateSecret(), clock })
    this.#jtis = new MemoryNonceStore(clock)
    this.#outcomeNonces = new MemoryNonceStore(clock)
    this.toolJwksUrl = toolJwksUrl
    this.#server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = []
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
      incoming.on('end', () => {
        const method = incoming.method ?? 'GET'
        const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks)
        const headers = new Headers()
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (typeof value === 'string') headers.set(name, value)
        }
        const request = new Request(new URL(incoming.url ?? '/', this.origin), {
          method,
          headers,
          ...(body === undefined ? {} : { body: new Uint8Array(body) }),
        })
        const isScore = request.method === 'POST' && request.url.endsWith('/lineitem/scores')
        void this.handle(request)
          .catch(() => new Response('platform failure', { status: 500 }))
          .then(async (response) => {
            const responseHeaders: Record<string, string> = {}
            response.headers.forEach((value, name) => (responseHeaders[name] = value))
            outgoing.writeHead(response.status, responseHeaders)
            outgoing.end(Buffer.from(await response.arrayBuffer()), () => {
              if (isScore && response.ok) this.scoreHooks.answered?.()
            })
          })
      })
    })
  }

  /**
   * Starts the platform on a free loopback port; `toolJwksUrl` verifies the tool's assertions.
   * `clock` is the platform's time (share the tool's when a test moves time forward).
   */
  static async start(
    toolJwksUrl: string,
    clock: () => number = Date.now,
    options: { readonly issuerIsOrigin?: boolean } = {},
  ): Promise<TestPlatform> {
    const platform = new TestPlatform(await generateSigningKey(), toolJwksUrl, clock)
    platform.#issuerIsOrigin = options.issuerIsOrigin === true
    await new Promise<void>((resolve) => platform.#server.listen(0, '127.0.0.1', resolve))
    const address = platform.#server.address()
    if (address === null || typeof address !== 'object') throw new Error('no port')
    platform.origin = `http://127.0.0.1:${address.port}`
    return platform
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }

  /**
   * The issuer is an identifier only (never fetched), so it can be https while services run on
   * loopback; a platform that registers with Dynamic Registration is its own origin instead (the
   * tool checks the issuer against the configuration URL's host).
   */
  get issuer(): string {
    return this.#issuerIsOrigin ? this.origin : 'https://lms.example.test'
  }

  get urls() {
    return {
      auth: `${this.origin}/auth`,
      jwks: `${this.origin}/jwks`,
      token: `${this.origin}/token`,
      lineItem: `${this.origin}/contexts/c1/lineitems/quiz/lineitem`,
      memberships: `${this.origin}/contexts/c1/memberships`,
      outcomes: `${this.origin}/outcomes`,
    }
  }

  async handle(request: Request): Promise<Response> {
    const registration = this.registrations.handle(request)
    if (registration !== undefined) return registration
    const path = new URL(request.url).pathname
    if (path === '/jwks') return json(publicJwks(createKeyRing({ current: this.#key })))
    if (path === '/token' && request.method === 'POST') return this.#token(request)
    if (path.endsWith('/lineitem/scores') && request.method === 'POST') return this.#score(request)
    if (path.endsWith('/memberships')) return this.#members(request)
    if (path === '/outcomes' && request.method === 'POST') return this.#outcome(request)
    return new Response('not found', { status: 404 })
  }

  #token(request: Request): Promise<Response> {
    const keys = createRemoteJWKSet(new URL(this.toolJwksUrl))
    return handleTokenRequest(request, {
      tokenEndpointUrl: this.urls.token,
      clock: this.#clock,
      nonceStore: this.#jtis,
      accessTokens: this.#tokens,
      lookupClient: (clientId) =>
        Promise.resolve(
          clientId === this.clientId ? { keys, allowedScopes: Object.values(SCOPE) } : undefined,
        ),
    })
  }

  #failing(): Response | undefined {
    if (this.failNext <= 0) return undefined
    this.failNext -= 1
    this.failures += 1
    return new Response('down for maintenance', { status: 503 })
  }

  async #score(request: Request): Promise<Response> {
    try {
      await authorizeServiceRequest(request, this.#tokens, [SCOPE.score])
      const failing = this.#failing()
      if (failing !== undefined) return failing
      const score = await parseScoreRequest(request)
      const lineItemUrl = request.url.replace(/\/scores$/, '')
      // As ltihub's platform does: a timestamp not after the applied one changes nothing (409).
      const held = this.scores.findLast(
        (s) => s.lineItemUrl === lineItemUrl && s.score.userId === score.userId,
      )
      if (!isScoreNewer(score, held?.score)) {
        this.scoreAnswers.push(409)
        return json({ type: 'about:blank', code: 'ERR_LTI_AGS_SCORE_STALE' }, 409)
      }
      this.scores.push({ lineItemUrl, score })
      this.scoreAnswers.push(200)
      this.scoreHooks.applied?.()
      return json({}, 200)
    } catch (error) {
      if (isLtiError(error)) return bearerErrorResponse(error)
      throw error
    }
  }

  async #members(request: Request): Promise<Response> {
    try {
      if (/^OAuth /i.test(request.headers.get('authorization') ?? '')) {
        const signed = await verifyLti11ServiceRequest(
          request,
          this.consumer,
          this.#outcomeNonces,
          this.#clock,
        )
        if (!signed) return new Response('bad signature', { status: 401 })
        this.membershipAuth.push('oauth1')
      } else {
        await authorizeServiceRequest(request, this.#tokens, [SCOPE.contextMembershipReadOnly])
        this.membershipAuth.push('bearer')
      }
    } catch (error) {
      if (isLtiError(error)) return bearerErrorResponse(error)
      throw error
    }
    const page = buildMembershipPage({
      id: this.urls.memberships,
      context: { id: 'c1', title: 'Chemistry 1' },
      members: this.members,
    })
    return membershipPageResponse(page)
  }

  #outcome(request: Request): Promise<Response> {
    const failing = this.#failing()
    if (failing !== undefined) return Promise.resolve(failing)
    return handleOutcomeRequest(request, {
      clock: this.#clock,
      nonceStore: this.#outcomeNonces,
      lookupConsumerSecret: (key) =>
        Promise.resolve(key === this.consumer.key ? this.consumer.secret : undefined),
      handlers: {
        replaceResult: (operation) => {
          this.outcomes.push({ sourcedId: operation.sourcedId, score: operation.score })
          return Promise.resolve()
        },
        readResult: () => Promise.resolve(null),
        deleteResult: () => Promise.resolve(),
      },
    })
  }

  /** The settings of the deep-linking requests this platform sends. */
  readonly deepLinkingSettings = (): DeepLinkingSettingsClaim =>
    buildDeepLinkingSettings({
      deepLinkReturnUrl: `${this.origin}/deep-linking/return`,
      acceptTypes: ['ltiResourceLink'],
      acceptPresentationDocumentTargets: ['iframe', 'window'],
      acceptMultiple: false,
      acceptLineItem: true,
      data: 'platform-opaque-data',
    })

  #deepLinkingMessage(toolLaunchUrl: string) {
    return {
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.targetLinkUri]: toolLaunchUrl,
      [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
      [CLAIM.context]: { id: 'c1', title: 'Chemistry 1' },
      [CLAIM.deepLinkingSettings]: this.deepLinkingSettings(),
    }
  }

  /** Verifies the tool's deep-linking response JWT as the platform's return endpoint would. */
  verifyDeepLinking(jwt: string) {
    return verifyDeepLinkingResponse(jwt, {
      keys: createRemoteJWKSet(new URL(this.toolJwksUrl)),
      clientId: this.clientId,
      platformIssuer: this.issuer,
      deploymentId: this.deploymentId,
      settings: this.deepLinkingSettings(),
      nonceStore: this.#jtis,
      clock: this.#clock,
    })
  }

  /** A signed LTI 1.1 launch form for `user`, as the platform's page would auto-post it. */
  async lti11Launch(options: {
    launchUrl: string
    user: PlatformUser
    custom?: Record<string, string>
    consumerKey?: string
    secret?: string
  }): Promise<{ url: string; body: URLSearchParams }> {
    const { url, fields } = await buildLti11Launch({
      launchUrl: options.launchUrl,
      clock: this.#clock,
      consumerKey: options.consumerKey ?? this.consumer.key,
      secret: options.secret ?? this.consumer.secret,
      params: {
        resource_link_id: 'link-1',
        user_id: options.user.id,
        roles: (options.user.roles ?? ['Learner']).join(','),
        lis_person_name_given: options.user.givenName,
        lis_person_name_family: options.user.familyName,
        lis_person_contact_email_primary: options.user.email,
        context_id: 'c1',
        lis_outcome_service_url: this.urls.outcomes,
        lis_result_sourcedid: `sourced-${options.user.id}`,
      },
      ...(options.custom === undefined ? {} : { custom: options.custom }),
    })
    return { url: String(url), body: new URLSearchParams(fields) }
  }

  /** Step 1 of an LTI 1.3 launch: the login initiation URL for the tool. */
  loginInitiation(toolLoginUrl: string, targetLinkUri: string, userId: string): string {
    return buildLoginInitiation({
      toolLoginUrl,
      issuer: this.issuer,
      loginHint: userId,
      targetLinkUri,
      clientId: this.clientId,
      deploymentId: this.deploymentId,
    }).url.href
  }

  /**
   * Step 3: answers the tool's authentication request (the URL the browser was sent to) with a
   * signed id_token for `user`, as the form fields the platform auto-posts to the redirect URI.
   */
  async authorize(
    authUrl: string,
    toolLaunchUrl: string,
    user: PlatformUser,
    custom: Record<string, string>,
    kind: 'resource-link' | 'deep-linking' = 'resource-link',
  ): Promise<{ action: string; fields: URLSearchParams }> {
    const auth = await parseAuthenticationRequest(new Request(authUrl), {
      lookupClient: (clientId) =>
        clientId === this.clientId ? { redirectUris: [toolLaunchUrl] } : undefined,
    })
    const idToken = await buildIdToken({
      signingKey: this.#key,
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentId: this.deploymentId,
      nonce: auth.nonce,
      clock: this.#clock,
      subject: user.id,
      message:
        kind === 'deep-linking'
          ? this.#deepLinkingMessage(toolLaunchUrl)
          : {
              [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
              [CLAIM.version]: LTI_VERSION,
              [CLAIM.targetLinkUri]: toolLaunchUrl,
              [CLAIM.resourceLink]: { id: 'link-1', title: 'Quiz' },
              [CLAIM.roles]:
                user.roles === undefined
                  ? ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']
                  : [...user.roles],
              [CLAIM.context]: { id: 'c1', title: 'Chemistry 1' },
              [CLAIM.custom]: custom,
              [CLAIM.agsEndpoint]: {
                scope: [SCOPE.lineItem, SCOPE.score, SCOPE.resultReadOnly],
                lineitem: this.urls.lineItem,
              },
              [CLAIM.nrpsService]: {
                context_memberships_url: this.urls.memberships,
                service_versions: ['2.0'],
              },
              given_name: user.givenName,
              family_name: user.familyName,
              email: user.email,
            },
    })
    return {
      action: auth.redirectUri,
      fields: new URLSearchParams({ id_token: idToken, state: auth.state }),
    }
  }
}
