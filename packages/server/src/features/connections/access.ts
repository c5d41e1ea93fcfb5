/**
 * Who may configure connections: administrators only (teachers with External Learning Tools
 * put tools on assignments elsewhere). The API checks the console session itself, since routes
 * under `/api` are outside the console guard, and refuses cross-site writes like the guard does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.js'
import type { Principal } from '../../console/session.js'
import { HttpProblem } from '../../http/problems.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The administrator calling the connections API; set by its onRequest hook. */
    connectionsAdmin: Principal | undefined
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Browsers send `Sec-Fetch-Site` (or `Origin`); a request with neither comes from no browser. */
function isSameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin'
  const origin = request.headers.origin
  if (origin === undefined) return true
  return origin === publicOrigin || origin === `${request.protocol}://${request.host}`
}

/** Requires an administrator's session (and a same-site origin for writes) on every route. */
export function registerAdminAccess(app: FastifyInstance, ctx: AppContext): void {
  const publicOrigin = new URL(ctx.config.publicUrl).origin
  app.decorateRequest('connectionsAdmin', undefined)
  app.addHook('onRequest', async (request) => {
    if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request, publicOrigin)) {
      throw new HttpProblem(403, 'cross-site request to the connections API')
    }
    const principal = await ctx.sessions.read(request)
    if (principal === undefined) throw new HttpProblem(401, 'no console session')
    if (!principal.roles.includes('administrator')) {
      throw new HttpProblem(403, `${principal.id} may not configure connections`)
    }
    request.connectionsAdmin = principal
  })
}

/** The administrator of a request that passed {@link registerAdminAccess}. */
export function adminOf(request: FastifyRequest): Principal {
  const principal = request.connectionsAdmin ?? request.principal
  if (principal === undefined) throw new HttpProblem(401, 'no console session')
  return principal
}
