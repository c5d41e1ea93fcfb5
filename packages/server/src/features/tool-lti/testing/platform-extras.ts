/**
 * More of the test platform (kept apart from `test-platform.ts`, core functions only): Dynamic
 * Registration's openid-configuration and registration endpoint, and NRPS for LTI 1.1 consumers
 * (OAuth 1.0a signed requests, NRPS's LTI 1.1 binding).
 */
import { isLtiError, type MemoryNonceStore, SCOPE } from '@ltihub/core'
import { parseAuthorizationHeader, verifyOAuth1 } from '@ltihub/core/oauth1'
import {
  buildOpenIdConfiguration,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
  type ToolRegistration,
} from '@ltihub/core/registration'

/** Where the platform lives and whom it registers. */
export interface RegistrationSite {
  readonly issuer: string
  readonly origin: string
  readonly clientId: string
  readonly deploymentId: string
}

/** The Dynamic Registration side of the test platform. */
export class PlatformRegistrationEndpoints {
  /** Registration tokens the registration endpoint accepts, each once. */
  readonly tokens = new Set(['registration-token-1'])
  /** Registrations the platform accepted. */
  readonly received: ToolRegistration[] = []
  readonly #site: () => RegistrationSite

  constructor(site: () => RegistrationSite) {
    this.#site = site
  }

  get openidConfigurationUrl(): string {
    return `${this.#site().origin}/.well-known/openid-configuration`
  }

  /** Answers the two endpoints; undefined for any other path. */
  handle(request: Request): Promise<Response> | undefined {
    const path = new URL(request.url).pathname
    if (path === '/.well-known/openid-configuration') return Promise.resolve(this.#configuration())
    if (path === '/register' && request.method === 'POST') return this.#register(request)
    return undefined
  }

  #configuration(): Response {
    const { issuer, origin } = this.#site()
    return openIdConfigurationResponse(
      buildOpenIdConfiguration({
        issuer,
        authorizationEndpoint: `${origin}/auth`,
        tokenEndpoint: `${origin}/token`,
        jwksUri: `${origin}/jwks`,
        registrationEndpoint: `${origin}/register`,
        scopes: [SCOPE.score, SCOPE.lineItem, SCOPE.contextMembershipReadOnly],
        productFamilyCode: 'testlms',
        version: '1.0',
        messagesSupported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
        dangerouslyAllowInsecureLoopback: true,
      }),
    )
  }

  async #register(request: Request): Promise<Response> {
    try {
      const { registration } = await readRegistrationRequest(request, {
        consumeRegistrationToken: (token) => Promise.resolve(this.tokens.delete(token)),
        policy: { dangerouslyAllowInsecureLoopback: true },
      })
      this.received.push(registration)
      const { clientId, deploymentId } = this.#site()
      return registrationCreatedResponse(
        registrationResponseBody({ registration, clientId, deploymentId }),
      )
    } catch (error) {
      if (isLtiError(error)) return registrationErrorResponse(error)
      throw error
    }
  }
}

/** Checks an OAuth 1.0a signed NRPS request of the consumer (the body hash of no body). */
export async function verifyLti11ServiceRequest(
  request: Request,
  consumer: { readonly key: string; readonly secret: string },
  nonces: MemoryNonceStore,
  clock: () => number,
): Promise<boolean> {
  try {
    const params = parseAuthorizationHeader(request.headers.get('authorization') ?? '') ?? []
    const hash = params.find(([name]) => name === 'oauth_body_hash')?.[1]
    if (hash !== '2jmj7l5rSw0yVb/vlWAYkK/YBwk=') return false
    await verifyOAuth1({
      method: request.method,
      url: request.url,
      params,
      lookupConsumerSecret: (key) =>
        Promise.resolve(key === consumer.key ? consumer.secret : undefined),
      nonceStore: nonces,
      clock,
    })
    return true
  } catch (error) {
    if (isLtiError(error)) return false
    throw error
  }
}
