/**
 * `@ltihub/tool/fastify`: the tool in a Fastify application, registered as a plugin under the
 * prefix that holds its public URL. The plugin's scope reads bodies raw, whatever parsers the
 * application registered (the tool parses and bounds its forms itself, and LTI 1.1 signatures
 * cover the exact parameters).
 *
 * @example
 * const app = Fastify()
 * await app.register(ltiFastify(tool), { prefix: '/lti' }) // publicUrl 'https://tool.example.com/'
 * app.get('/', { preHandler: ltiSession(tool) }, (request) => `Hello ${request.lti?.learner.givenName}`)
 */
import type {
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify'
import type { LtiSession } from '../app-session/session.js'
import { ToolError } from '../errors/tool-error.js'
import { errorPage } from '../internal/pages.js'
import { endpointsPath } from '../router.js'
import type { LtiTool } from '../tool.js'
import { headersOf } from './node-http.js'
import { bodyFromParsed, headersForRebuiltBody } from './parsed-body.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The launch the request carries, set by `ltiSession`. */
    lti?: LtiSession
  }
}

/** Options of {@link ltiFastify}. */
export interface LtiFastifyOptions {
  /** Largest request body the plugin reads; larger ones are answered with 413. Default 1 MiB. */
  readonly bodyLimit?: number
}

function webRequest(request: FastifyRequest, origin: string): Request {
  const url = new URL(request.url, origin)
  const headers = headersOf(request)
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === undefined) {
    return new Request(url, { method: request.method, headers })
  }
  return new Request(url, {
    method: request.method,
    headers: headersForRebuiltBody(headers),
    body: bodyFromParsed(request.body, headers.get('content-type')),
  })
}

async function send(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  return reply.send(Buffer.from(await response.arrayBuffer()))
}

/**
 * The tool's endpoints as a Fastify plugin: `app.register(ltiFastify(tool), { prefix: '/lti' })`.
 * The prefix must hold the tool's endpoints (`/lti/` below the public URL's path); a prefix
 * that does not is refused with a `TypeError` when the plugin is registered.
 */
export function ltiFastify(tool: LtiTool, options: LtiFastifyOptions = {}): FastifyPluginAsync {
  const endpoints = endpointsPath(tool.urls)
  const bodyLimit = options.bodyLimit ?? 1024 * 1024
  return async (scope) => {
    const prefix = scope.prefix.endsWith('/') ? scope.prefix : `${scope.prefix}/`
    if (!endpoints.startsWith(prefix)) {
      throw new TypeError(
        `ltiFastify: the prefix ${scope.prefix} does not hold the tool's endpoints (${endpoints})`,
      )
    }
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
      done(null, body)
    })
    const path = `/${endpoints.slice(prefix.length)}*`
    scope.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url: path,
      exposeHeadRoute: false,
      handler: async (request, reply) =>
        send(reply, await tool.handle(webRequest(request, tool.urls.origin))),
    })
  }
}

/**
 * A `preHandler` for the application's own routes: sets `request.lti` to the launch the request
 * carries (see `redirectWithSession`), or answers 401 `ERR_LTI_SESSION_UNKNOWN` when there is none.
 */
export function ltiSession(tool: LtiTool): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const url = new URL(request.url, tool.urls.origin)
    const head = new Request(url, { method: request.method, headers: headersOf(request) })
    const session = await tool.sessionOf(head)
    if (session === undefined) {
      await send(reply, errorPage(new ToolError('ERR_LTI_SESSION_UNKNOWN')))
      return
    }
    request.lti = session
  }
}
