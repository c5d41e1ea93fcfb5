import { publicJwks } from '@ltihub/core/keys'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'

/** How long verifiers may cache a key set; a `next` key is published at least this long ahead. */
export const JWKS_MAX_AGE_SECONDS = 300

/**
 * `GET /platform/jwks.json` and `GET /tool/jwks.json`, one per enabled role: the public halves of
 * that role's next, current and retiring keys (lti-notes §6). Built by core's `publicJwks` from an
 * allow-list of public members, so no private member can appear.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export async function keysRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const role of ctx.config.roles) {
    app.get(`/${role}/jwks.json`, async (_request, reply) => {
      const jwks = publicJwks(await ctx.signingKeys.ring(role))
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
        .send(jwks)
    })
  }
}
