import type { FastifyInstance, FastifyReply } from 'fastify'
import { publicApi } from '../../api/guard.js'
import type { AppContext } from '../../context.js'
import { LTIHUB_VERSION } from '../../version.js'
import { type OpenApiDocument, openApiDocument } from './document.js'
import { type Asset, DIST_NAMES, distAsset, REFERENCE_INIT, REFERENCE_PAGE } from './reference.js'

export const OPENAPI_PATH = '/api/openapi.json'
export const REFERENCE_PATH = '/api/reference'

function send(reply: FastifyReply, asset: Asset, cache: string) {
  return reply.header('content-type', asset.type).header('cache-control', cache).send(asset.body)
}

/**
 * `GET /api/openapi.json` and the reference page `GET /api/reference`, both public: they say how
 * to call the API and hold no data (every operation still needs a token or a session). The
 * document is made once, on the first request, when every feature's routes are registered.
 */
export async function openApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  let document: OpenApiDocument | undefined
  const documentOf = () =>
    (document ??= openApiDocument(app.apiRoutes, {
      publicUrl: ctx.config.publicUrl,
      version: LTIHUB_VERSION,
      sessionCookie: ctx.sessions.cookieName,
    }))

  app.get(OPENAPI_PATH, publicApi(), async (_request, reply) =>
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(JSON.stringify(documentOf())),
  )
  app.get(REFERENCE_PATH, publicApi(), async (_request, reply) =>
    send(reply, REFERENCE_PAGE, 'no-cache'),
  )
  app.get(`${REFERENCE_PATH}/init.js`, publicApi(), async (_request, reply) =>
    send(reply, REFERENCE_INIT, 'no-cache'),
  )
  for (const name of DIST_NAMES) {
    app.get(`${REFERENCE_PATH}/${name}`, publicApi(), async (_request, reply) =>
      send(reply, await distAsset(name), 'public, max-age=3600'),
    )
  }
}
