/**
 * Who may use the content API: a console session of a tool administrator or author. Routes under
 * `/api` are outside the console guard, so the API checks the session itself and refuses
 * cross-site writes as the guard does.
 */
import type { FastifyInstance } from 'fastify'
import { isSameOrigin } from '../../console/guard.js'
import type { AppContext } from '../../context.js'
import { HttpProblem } from '../../http/problems.js'
import { AUTHOR_ROLES } from './authoring-routes.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Requires an author's session (and a same-site origin for writes) on every route of `app`. */
export function registerAuthorAccess(app: FastifyInstance, ctx: AppContext): void {
  const publicOrigin = new URL(ctx.config.publicUrl).origin
  const roles: readonly string[] = AUTHOR_ROLES
  app.addHook('onRequest', async (request) => {
    if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request, publicOrigin)) {
      throw new HttpProblem(403, 'cross-site request to the content API')
    }
    const principal = await ctx.sessions.read(request)
    if (principal === undefined) throw new HttpProblem(401, 'no console session')
    if (!principal.roles.some((role) => roles.includes(role))) {
      throw new HttpProblem(403, `${principal.id} may not author content`)
    }
  })
}
