import {
  AccessTokenIssuer,
  ALL_SCOPES,
  authorizeServiceRequest,
  bearerErrorResponse,
  buildMembershipPage,
  type Clock,
  generateSigningKey,
  handleOutcomeRequest,
  handleTokenRequest,
  isLtiError,
  type JsonWebKeySet,
  localKeyResolver,
  MemoryNonceStore,
  type Member,
  membershipPageResponse,
  isScoreNewer,
  parseScoreRequest,
  publicJwks,
  resultContainerResponse,
  createKeyRing,
  SCOPE,
  type Score,
  type SigningKey,
  buildOpenIdConfiguration,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
  type ToolRegistration,
} from '../internal/core.js'
import type { PlatformRegistration } from '../records.js'
import { PlatformServices } from './platform-services.js'

/** A score the platform received, with the line item it was posted to. */
export interface ReceivedScore {
  readonly lineItemUrl: string
  readonly score: Score
  /** The HTTP status the platform answered. */
  readonly status: number
  readonly userAgent: string | null
}

/** Options of {@link TestPlatform.create}. */
export interface TestPlatformOptions {
  readonly clock: Clock
  /** Public keys of the tool, to verify its client assertions. */
  readonly toolJwks: () => Promise<JsonWebKeySet>
  /** Default `https://lms.example.test`. */
  readonly issuer?: string
  readonly clientId?: string
  readonly deploymentId?: string
  /** Origin of the token endpoint and services (a loopback server URL, for a real HTTP peer). */
  readonly serviceOrigin?: string
  /** LTI 1.1 consumer key and secret of the outcome service. */
  readonly consumer?: { readonly key: string; readonly secret: string }
  /** The platform's first signing key; a fresh one by default. */
  readonly signingKey?: SigningKey
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/**
 * A learning platform made only of ltihub core functions, for round-trip tests of the tool:
 * it signs id_tokens, publishes its JWKS, runs a token endpoint that verifies the tool's client
 * assertions, accepts AGS scores, serves NRPS memberships page by page and answers LTI 1.1
 * Basic Outcomes. `scoreReplies` scripts the answers to the next score posts (503s, 429s...).
 */
export class TestPlatform {
  readonly issuer: string
  readonly clientId: string
  readonly deploymentId: string
  readonly serviceOrigin: string
  signingKey: SigningKey
  readonly scores: ReceivedScore[] = []
  readonly outcomes: { sourcedId: string; score: number }[] = []
  readonly tokenRequests: { status: number; scope: string | null; userAgent: string | null }[] = []
  /** How many times the tool fetched this platform's key set. */
  jwksFetches = 0
  /** Answers to the next score posts, in order; once empty, scores are accepted with 200. */
  readonly scoreReplies: (() => Response)[] = []
  /**
   * Like ltihub's own platform: a score whose timestamp is not after the one applied for the
   * same learner and line item is refused with 409 (`ERR_LTI_AGS_SCORE_STALE`). Off by default.
   */
  ordersScores = false
  /** Delay before answering a score (real time), to observe concurrent deliveries. */
  scoreDelayMs = 0
  /** The most score posts that were in flight at once. */
  maxScoresInFlight = 0
  #scoresInFlight = 0
  /** Registration tokens the registration endpoint accepts, each once. */
  readonly registrationTokens = new Set(['registration-token-1'])
  /** Tool registrations the platform accepted (Dynamic Registration). */
  readonly toolRegistrations: ToolRegistration[] = []
  /** Members NRPS lists, and how many per page. */
  members: Member[] = []
  membersPerPage = 2
  readonly #clock: Clock
  readonly #toolJwks: () => Promise<JsonWebKeySet>
  readonly #tokens: AccessTokenIssuer
  readonly #consumer: { readonly key: string; readonly secret: string }
  readonly #assertionJtis: MemoryNonceStore
  readonly #outcomeNonces: MemoryNonceStore
  /** The AGS line item container and the LTI 1.1 NRPS check. */
  readonly services: PlatformServices

  private constructor(options: TestPlatformOptions, signingKey: SigningKey) {
    this.issuer = options.issuer ?? 'https://lms.example.test'
    this.clientId = options.clientId ?? 'tool-client-1'
    this.deploymentId = options.deploymentId ?? 'deployment-1'
    this.serviceOrigin = options.serviceOrigin ?? this.issuer
    this.signingKey = signingKey
    this.#clock = options.clock
    this.#toolJwks = options.toolJwks
    this.#tokens = new AccessTokenIssuer({
      secret: AccessTokenIssuer.generateSecret(),
      issuer: this.issuer,
      clock: options.clock,
    })
    this.#consumer = options.consumer ?? { key: 'consumer-key-1', secret: 'consumer-secret-1' }
    this.#assertionJtis = new MemoryNonceStore(options.clock)
    this.#outcomeNonces = new MemoryNonceStore(options.clock)
    this.services = new PlatformServices({
      tokens: this.#tokens,
      consumer: this.#consumer,
      clock: options.clock,
    })
  }

  static async create(options: TestPlatformOptions): Promise<TestPlatform> {
    return new TestPlatform(options, options.signingKey ?? (await generateSigningKey()))
  }

  get urls() {
    return {
      auth: `${this.issuer}/auth`,
      jwks: `${this.issuer}/jwks`,
      token: `${this.serviceOrigin}/token`,
      lineItem: (id: string) => `${this.serviceOrigin}/context/c1/lineitems/${id}/lineitem?type=1`,
      lineItems: `${this.serviceOrigin}/context/c1/lineitems`,
      memberships: `${this.serviceOrigin}/context/c1/memberships`,
      outcomes: `${this.serviceOrigin}/outcomes`,
      openidConfiguration: `${this.issuer}/.well-known/openid-configuration`,
      register: `${this.issuer}/register`,
    }
  }

  /** Replaces the signing key (and so the published key set), as a key rotation does. */
  async rotateKey(): Promise<void> {
    this.signingKey = await generateSigningKey()
  }

  /** The registration the tool keeps for this platform. */
  registration(overrides: Partial<PlatformRegistration> = {}): PlatformRegistration {
    return {
      id: 'registration-1',
      name: 'Test LMS',
      issuer: this.issuer,
      clientId: this.clientId,
      authLoginUrl: this.urls.auth,
      authTokenUrl: this.urls.token,
      jwksUrl: this.urls.jwks,
      deploymentPolicy: 'accept',
      lmsIdPrefix: 'testlms',
      enabled: true,
      ...overrides,
    }
  }

  /** The platform's web server: JWKS, token endpoint, AGS scores, NRPS, Basic Outcomes. */
  readonly handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname
    if (path === '/jwks') {
      this.jwksFetches += 1
      return json(publicJwks(createKeyRing({ current: this.signingKey })))
    }
    if (path === '/token' && request.method === 'POST') return this.#token(request)
    if (path.endsWith('/lineitem/scores') && request.method === 'POST') return this.#score(request)
    if (path.endsWith('/lineitem/results') && request.method === 'GET')
      return this.#results(request)
    if (path.endsWith('/memberships') && request.method === 'GET') return this.#members(request)
    if (path === new URL(this.urls.lineItems).pathname) {
      return this.services.lineItemContainer(request, (id) => this.urls.lineItem(id))
    }
    if (path === '/outcomes' && request.method === 'POST') return this.#outcome(request)
    if (path === '/.well-known/openid-configuration') return this.#configuration()
    if (path === '/register' && request.method === 'POST') return this.#register(request)
    return new Response('not found', { status: 404 })
  }

  /** A fetch for the tool: this platform's origin in process, anything else over the network. */
  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    const origin = new URL(request.url).origin
    if (origin === new URL(this.issuer).origin) return this.handle(request)
    return globalThis.fetch(request)
  }

  async #token(request: Request): Promise<Response> {
    const copy = request.clone()
    const response = await handleTokenRequest(request, {
      tokenEndpointUrl: this.urls.token,
      nonceStore: this.#assertionJtis,
      accessTokens: this.#tokens,
      clock: this.#clock,
      lookupClient: async (clientId) =>
        clientId === this.clientId
          ? { keys: localKeyResolver(await this.#toolJwks()), allowedScopes: ALL_SCOPES }
          : undefined,
    })
    const scope = new URLSearchParams(await copy.text()).get('scope')
    this.tokenRequests.push({
      status: response.status,
      scope,
      userAgent: copy.headers.get('user-agent'),
    })
    return response
  }

  async #score(request: Request): Promise<Response> {
    this.#scoresInFlight += 1
    this.maxScoresInFlight = Math.max(this.maxScoresInFlight, this.#scoresInFlight)
    try {
      if (this.scoreDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.scoreDelayMs))
      return await this.#acceptScore(request)
    } finally {
      this.#scoresInFlight -= 1
    }
  }

  async #acceptScore(request: Request): Promise<Response> {
    try {
      await authorizeServiceRequest(request, this.#tokens, [SCOPE.score])
      const score = await parseScoreRequest(request)
      const url = new URL(request.url)
      url.pathname = url.pathname.replace(/\/scores$/, '')
      const reply = this.scoreReplies.shift()?.() ?? this.#ordered(url.href, score)
      this.scores.push({
        lineItemUrl: url.href,
        score,
        status: reply.status,
        userAgent: request.headers.get('user-agent'),
      })
      return reply
    } catch (error) {
      if (isLtiError(error)) return bearerErrorResponse(error)
      throw error
    }
  }

  /** The latest applied (2xx) score of a learner on a line item. */
  #applied(lineItemUrl: string, userId: string): Score | undefined {
    return this.scores.findLast(
      (s) =>
        s.lineItemUrl === lineItemUrl &&
        s.score.userId === userId &&
        s.status >= 200 &&
        s.status < 300,
    )?.score
  }

  #ordered(lineItemUrl: string, score: Score): Response {
    if (!this.ordersScores || isScoreNewer(score, this.#applied(lineItemUrl, score.userId))) {
      return json({}, 200)
    }
    return json({ code: 'ERR_LTI_AGS_SCORE_STALE' }, 409)
  }

  /** `GET {lineitem}/results?user_id=`: the applied scores as results. */
  async #results(request: Request): Promise<Response> {
    try {
      await authorizeServiceRequest(request, this.#tokens, [SCOPE.resultReadOnly])
    } catch (error) {
      if (isLtiError(error)) return bearerErrorResponse(error)
      throw error
    }
    const url = new URL(request.url)
    const userId = url.searchParams.get('user_id')
    url.searchParams.delete('user_id')
    url.searchParams.delete('limit')
    url.pathname = url.pathname.replace(/\/results$/, '')
    const users = new Set(this.scores.map((s) => s.score.userId))
    const results = [...users]
      .filter((user) => userId === null || user === userId)
      .flatMap((user) => {
        const score = this.#applied(url.href, user)
        if (score?.scoreGiven === undefined) return []
        return [
          {
            id: `${url.href}/results/${encodeURIComponent(user)}`,
            scoreOf: url.href,
            userId: user,
            resultScore: score.scoreGiven,
            resultMaximum: score.scoreMaximum,
          },
        ]
      })
    return resultContainerResponse(results)
  }

  async #members(request: Request): Promise<Response> {
    const refused = await this.services.authorizeMembership(request)
    if (refused !== undefined) return refused
    const url = new URL(request.url)
    const from = Number(url.searchParams.get('from') ?? '0')
    const members = this.members.slice(from, from + this.membersPerPage)
    const more = from + this.membersPerPage < this.members.length
    const next = new URL(this.urls.memberships)
    next.searchParams.set('from', String(from + this.membersPerPage))
    const page = buildMembershipPage({
      id: this.urls.memberships,
      context: { id: 'c1', title: 'Course on the platform' },
      members,
      ...(more ? { next: next.href } : {}),
    })
    return membershipPageResponse(page)
  }

  #configuration(): Response {
    return openIdConfigurationResponse(
      buildOpenIdConfiguration({
        issuer: this.issuer,
        authorizationEndpoint: this.urls.auth,
        tokenEndpoint: this.urls.token,
        jwksUri: this.urls.jwks,
        registrationEndpoint: this.urls.register,
        scopes: [SCOPE.score, SCOPE.lineItem, SCOPE.contextMembershipReadOnly],
        productFamilyCode: 'testlms',
        version: '1.0',
        messagesSupported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      }),
    )
  }

  async #register(request: Request): Promise<Response> {
    try {
      const { registration } = await readRegistrationRequest(request, {
        consumeRegistrationToken: (token) => Promise.resolve(this.registrationTokens.delete(token)),
      })
      this.toolRegistrations.push(registration)
      return registrationCreatedResponse(
        registrationResponseBody({
          registration,
          clientId: this.clientId,
          deploymentId: this.deploymentId,
        }),
      )
    } catch (error) {
      if (isLtiError(error)) return registrationErrorResponse(error)
      throw error
    }
  }

  #outcome(request: Request): Promise<Response> {
    return handleOutcomeRequest(request, {
      lookupConsumerSecret: (key) =>
        Promise.resolve(key === this.#consumer.key ? this.#consumer.secret : undefined),
      nonceStore: this.#outcomeNonces,
      clock: this.#clock,
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
}
