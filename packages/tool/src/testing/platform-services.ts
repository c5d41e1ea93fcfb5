import {
  type AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  type Clock,
  isLtiError,
  type LineItem,
  lineItemContainerResponse,
  lineItemResponse,
  MemoryNonceStore,
  parseAuthorizationHeader,
  parseLineItemRequest,
  SCOPE,
  verifyOAuth1,
} from '../internal/core.js'

/**
 * Services of the test platform kept apart from `test-platform.ts`: an AGS line item container
 * (GET with `resource_id`/`tag` filters, POST to create) and the check of LTI 1.1 NRPS requests
 * (NRPS's LTI 1.1 binding: OAuth 1.0a signed, with the body hash of the empty body).
 */
export class PlatformServices {
  /** Line items of the container, created by the tool (or seeded by a test). */
  readonly lineItems: LineItem[] = []
  /** How each membership request authenticated. */
  readonly membershipAuth: ('bearer' | 'oauth1')[] = []
  readonly #tokens: AccessTokenIssuer
  readonly #consumer: { readonly key: string; readonly secret: string }
  readonly #clock: Clock
  readonly #nonces: MemoryNonceStore

  constructor(options: {
    tokens: AccessTokenIssuer
    consumer: { readonly key: string; readonly secret: string }
    clock: Clock
  }) {
    this.#tokens = options.tokens
    this.#consumer = options.consumer
    this.#clock = options.clock
    this.#nonces = new MemoryNonceStore(options.clock)
  }

  /** `GET|POST {lineitems}`; `lineItemUrl(id)` names a created item. */
  async lineItemContainer(
    request: Request,
    lineItemUrl: (id: string) => string,
  ): Promise<Response> {
    try {
      await authorizeServiceRequest(request, this.#tokens, [SCOPE.lineItem])
      if (request.method === 'POST') {
        const created = {
          ...(await parseLineItemRequest(request, 'create')),
          id: lineItemUrl(`created-${this.lineItems.length + 1}`),
        }
        this.lineItems.push(created)
        return lineItemResponse(created, 201)
      }
      const query = new URL(request.url).searchParams
      const matches = this.lineItems.filter(
        (item) =>
          (query.get('resource_id') ?? item.resourceId) === item.resourceId &&
          (query.get('tag') ?? item.tag) === item.tag,
      )
      return lineItemContainerResponse(matches)
    } catch (error) {
      if (isLtiError(error)) return bearerErrorResponse(error)
      throw error
    }
  }

  /**
   * Authenticates a membership request: a bearer token (LTI 1.3), or an OAuth 1.0a signature of
   * the consumer key (LTI 1.1). Resolves undefined when accepted, else the refusal.
   */
  async authorizeMembership(request: Request): Promise<Response | undefined> {
    const header = request.headers.get('authorization') ?? ''
    if (!/^OAuth /i.test(header)) {
      try {
        await authorizeServiceRequest(request, this.#tokens, [SCOPE.contextMembershipReadOnly])
        this.membershipAuth.push('bearer')
        return undefined
      } catch (error) {
        if (isLtiError(error)) return bearerErrorResponse(error)
        throw error
      }
    }
    try {
      const params = parseAuthorizationHeader(header) ?? []
      const bodyHash = params.find(([name]) => name === 'oauth_body_hash')?.[1]
      if (bodyHash !== '2jmj7l5rSw0yVb/vlWAYkK/YBwk=') return new Response(null, { status: 401 })
      await verifyOAuth1({
        method: request.method,
        url: request.url,
        params,
        lookupConsumerSecret: (key) =>
          Promise.resolve(key === this.#consumer.key ? this.#consumer.secret : undefined),
        nonceStore: this.#nonces,
        clock: this.#clock,
      })
      this.membershipAuth.push('oauth1')
      return undefined
    } catch (error) {
      if (isLtiError(error)) return new Response(null, { status: 401 })
      throw error
    }
  }
}
