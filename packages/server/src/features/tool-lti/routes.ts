import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.js'
import { keepRawBodies, sendWebResponse, toWebRequest } from './adapter.js'
import { ltiToolOf, TOOL_BASE_PATH } from './tool.js'

/**
 * The tool layer's endpoints under `/tool/lti/…`: login initiation (GET and POST), the launch URL
 * (LTI 1.3 redirect URI and LTI 1.1 launch URL, optionally with a course external ID appended),
 * deep linking, Dynamic Registration, the JWKS and each publication's cartridge XML. The tool
 * layer routes, validates and answers every failure with its own page and error code.
 */
export async function toolLtiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  keepRawBodies(app, ctx.config.bodyLimit)
  const tool = ltiToolOf(ctx)
  const origin = new URL(ctx.config.publicUrl).origin
  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: `${TOOL_BASE_PATH}lti/*`,
    handler: async (request, reply) =>
      sendWebResponse(reply, await tool.handle(toWebRequest(request, origin))),
  })
}
