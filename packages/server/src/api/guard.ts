/**
 * Who may call `/api`: every route declares the console roles it serves (`allow(...)`), and one
 * root hook checks the caller against that declaration in `onRequest`, before the body is even
 * parsed, so a refused caller gets 401/403 whatever they sent and no route reads the record they
 * named first. A route under `/api` without a declaration stops the server at startup.
 *
 * Callers prove who they are with a console session (cookie; unsafe methods must then come from
 * this site) or with an API token (`Authorization: Bearer`; no cookie, so no cross-site check).
 * A token's rights are the intersection of its scopes and its owner's current roles.
 * The API's own description (`/api/openapi.json`, `/api/reference`) is public (`publicApi()`).
 */
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from 'fastify'
import { isSameOrigin } from '../console/guard.js'
import type { Principal } from '../console/session.js'
import { ServerError } from '../http/errors.js'
import { HttpProblem } from '../http/problems.js'
import { readBearer } from './bearer.js'
import { API_SCOPES, type ApiScope, scopeOfRoute } from './scopes.js'

/** Who may call one route: a principal with one of `roles` (and, with a token, its scope). */
export interface ApiAccess {
  readonly roles: readonly string[]
}

/** The caller of an `/api` route, once the guard let them through. */
export interface ApiCaller {
  readonly principal: Principal
  readonly via: 'session' | 'token'
  /** With a token: its id, for last-use bookkeeping and logs. */
  readonly tokenId?: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this `/api` route; required on every one (see `allow`). */
    apiAccess?: ApiAccess
    /** A public `/api` route outside the guard (the API's own description; see `publicApi`). */
    apiPublic?: true
  }
  interface FastifyRequest {
    /** The caller of an `/api` route; set by the API guard before anything else runs. */
    apiCaller: ApiCaller | undefined
  }
  interface FastifyInstance {
    /** Every `/api` route registered, with its access, as the guard saw it (tests walk it). */
    readonly apiRoutes: readonly ApiRoute[]
  }
}

export interface ApiRoute {
  readonly method: string
  readonly url: string
  readonly scope: ApiScope
  readonly access: ApiAccess
  /** What the route parses and answers, when it is declared with `route` (api/contract.ts). */
  readonly schemas: FastifyContextConfig['apiSchemas']
}

/** A token presented as a bearer credential, resolved to its owner as they are now. */
export interface TokenGrant {
  readonly tokenId: string
  /** The owner's current principal (current roles); the token is refused without one. */
  readonly principal: Principal
  readonly scopes: readonly ApiScope[]
}

export interface ApiGuardOptions {
  readonly publicUrl: string
  /** The principal of a console session cookie, if any. */
  readonly session: (request: FastifyRequest) => Promise<Principal | undefined>
  /**
   * The grant of a bearer token, or `undefined` when it is unknown, expired or revoked. Without
   * it no token exists and every bearer credential is refused.
   */
  readonly token?: (token: string, request: FastifyRequest) => Promise<TokenGrant | undefined>
}

/**
 * Route options declaring who may call an `/api` route.
 *
 * @example
 * app.get('/api/platform/connections/:id', allow('administrator'), handler)
 */
export function allow(...roles: readonly string[]): { config: { apiAccess: ApiAccess } } {
  if (roles.length === 0) throw new TypeError('allow needs at least one role')
  return { config: { apiAccess: { roles } } }
}

/**
 * Route options for one of the few public `/api` routes: the API's description and its reference
 * page, which say how to call the API and hold no data. Everything else under `/api` is guarded.
 */
export function publicApi(): { config: { apiPublic: true } } {
  return { config: { apiPublic: true } }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isApiRoute(url: string): boolean {
  return url === '/api' || url.startsWith('/api/')
}

/** The declared access and scope of an `/api` route; throws when the declaration is missing. */
function checkDeclaration(route: RouteOptions): ApiRoute[] {
  const access = route.config?.apiAccess
  const methods = [route.method].flat()
  const declared = methods.map((method) => {
    const scope = scopeOfRoute(method, route.url)
    if (access === undefined || access.roles.length === 0 || scope === undefined) {
      throw new TypeError(`${method} ${route.url}: every /api route declares allow(...roles)`)
    }
    const reach: readonly string[] = API_SCOPES[scope].roles
    const beyond = access.roles.filter((role) => !reach.includes(role))
    if (beyond.length > 0) {
      throw new TypeError(`${method} ${route.url}: ${beyond.join(', ')} not in ${scope}'s roles`)
    }
    return { method, url: route.url, scope, access, schemas: route.config?.apiSchemas }
  })
  return declared
}

function refuseToken(reply: FastifyReply, detail: string): never {
  reply.header('www-authenticate', 'Bearer realm="ltihub", error="invalid_token"')
  throw new ServerError('ERR_LTIHUB_API_TOKEN_INVALID', { detail })
}

async function tokenCaller(
  request: FastifyRequest,
  reply: FastifyReply,
  options: ApiGuardOptions,
  token: string,
  scope: ApiScope,
): Promise<ApiCaller> {
  const grant = await options.token?.(token, request)
  if (grant === undefined) refuseToken(reply, 'unknown, expired or revoked token, or no owner')
  if (!grant.scopes.includes(scope)) {
    reply.header(
      'www-authenticate',
      `Bearer realm="ltihub", error="insufficient_scope", scope="${scope}"`,
    )
    throw new ServerError('ERR_LTIHUB_API_TOKEN_SCOPE', {
      claim: scope,
      detail: `token ${grant.tokenId} lacks ${scope}`,
    })
  }
  return { principal: grant.principal, via: 'token', tokenId: grant.tokenId }
}

async function sessionCaller(
  request: FastifyRequest,
  reply: FastifyReply,
  options: ApiGuardOptions,
  publicOrigin: string,
): Promise<ApiCaller> {
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request, publicOrigin)) {
    throw new HttpProblem(403, 'cross-site request to the API')
  }
  const principal = await options.session(request)
  if (principal === undefined) {
    reply.header('www-authenticate', 'Bearer realm="ltihub"')
    throw new HttpProblem(401, 'no console session and no API token')
  }
  return { principal, via: 'session' }
}

/** Installs the API guard at the root, before any feature registers a route. */
export function registerApiGuard(app: FastifyInstance, options: ApiGuardOptions): void {
  const publicOrigin = new URL(options.publicUrl).origin
  const routes: ApiRoute[] = []
  app.decorate('apiRoutes', routes)
  app.decorateRequest('apiCaller', undefined)
  app.addHook('onRoute', (route) => {
    if (isApiRoute(route.url) && route.config?.apiPublic !== true) {
      routes.push(...checkDeclaration(route))
    }
  })
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url
    if (url === undefined || !isApiRoute(url)) return
    if (request.routeOptions.config.apiPublic === true) return
    const access = request.routeOptions.config.apiAccess
    const scope = scopeOfRoute(request.method, url)
    if (access === undefined || scope === undefined) throw new HttpProblem(500, `${url} unguarded`)
    const credential = readBearer(request.headers)
    if (credential.kind === 'malformed') refuseToken(reply, 'malformed Authorization header')
    const caller =
      credential.kind === 'bearer'
        ? await tokenCaller(request, reply, options, credential.token, scope)
        : await sessionCaller(request, reply, options, publicOrigin)
    const { principal } = caller
    if (!principal.roles.some((role) => access.roles.includes(role))) {
      throw new HttpProblem(403, `${principal.id} is none of ${access.roles.join('|')}`)
    }
    request.apiCaller = caller
    request.principal = principal
  })
}

/** The caller of an `/api` route (the guard ran before the handler). */
export function apiCallerOf(request: FastifyRequest): ApiCaller {
  if (request.apiCaller === undefined) throw new TypeError('the API guard is not installed')
  return request.apiCaller
}
