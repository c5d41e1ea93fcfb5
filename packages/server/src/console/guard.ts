import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpProblem } from '../http/problems.js'
import type { Principal, Sessions } from './session.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console user; set on every `/console` route except the public ones. */
    principal: Principal | undefined
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function isConsoleRoute(route: string): boolean {
  return route === '/console' || route.startsWith('/console/')
}

/**
 * Console routes anyone may reach: sign-in and its forms, sign-out, the first-run setup (which
 * checks its own conditions) and the stylesheet.
 */
function isPublicConsoleRoute(route: string): boolean {
  return (
    route === '/console/sign-in' ||
    route === '/console/sign-out' ||
    route === '/console/setup' ||
    route.startsWith('/console/sign-in/') ||
    route.startsWith('/console/assets/')
  )
}

/**
 * Whether an unsafe request comes from this site. Browsers mark every request with
 * `Sec-Fetch-Site`; older ones send `Origin` with every POST (as `null` under our
 * `Referrer-Policy: no-referrer`, hence Sec-Fetch-Site first). A request with neither header comes
 * from no browser and so cannot be forged by another site. SameSite=Lax already keeps the cookie
 * off cross-site posts; this also stops login CSRF and same-site (subdomain) attacks.
 */
export function isSameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin'
  const origin = request.headers.origin
  if (origin === undefined) return true
  return origin === publicOrigin || origin === `${request.protocol}://${request.host}`
}

/**
 * Protects the console: every route under `/console` (by its route pattern, so encoded paths cannot
 * slip past) requires a signed-in user, and every unsafe method must come from this site.
 * Registered once at the root, so features cannot forget it.
 */
export function registerConsoleGuard(
  app: FastifyInstance,
  options: { readonly sessions: Sessions; readonly publicUrl: string },
): void {
  const publicOrigin = new URL(options.publicUrl).origin
  app.decorateRequest('principal', undefined)
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url
    if (route === undefined || !isConsoleRoute(route)) return
    if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request, publicOrigin)) {
      throw new HttpProblem(403, 'cross-site request to the console')
    }
    request.principal = await options.sessions.read(request)
    if (request.principal !== undefined || isPublicConsoleRoute(route)) return
    if (!SAFE_METHODS.has(request.method)) throw new HttpProblem(401, 'no console session')
    const next = encodeURIComponent(request.url)
    return reply.redirect(`/console/sign-in?next=${next}`, 303)
  })
}

/**
 * A `preHandler` for console routes that only some people may use: lets a principal with one of
 * `roles` through, answers 403 otherwise (401 without a session).
 *
 * @example
 * app.get('/console/platform/schools', { preHandler: requireRole('administrator') }, handler)
 */
export function requireRole(...roles: readonly string[]) {
  if (roles.length === 0) throw new TypeError('requireRole needs at least one role')
  return async (request: FastifyRequest): Promise<void> => {
    const principal = request.principal
    if (principal === undefined) throw new HttpProblem(401, 'no console session')
    if (!principal.roles.some((role) => roles.includes(role))) {
      throw new HttpProblem(403, `${principal.id} lacks ${roles.join('|')}`)
    }
  }
}
