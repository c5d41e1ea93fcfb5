/**
 * The one adapter between Fastify and the platform layer's web-standard handlers: a Fastify
 * request becomes a `Request` carrying the raw body bytes (the routes of this feature keep bodies
 * unparsed, since OAuth 1 body hashes and JWT forms are checked over the exact bytes), and a
 * `Response` is copied onto the reply.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { publicRoot } from './urls.js'

/** Hop-by-hop headers that describe the incoming connection, not the request. */
const DROPPED = new Set(['connection', 'transfer-encoding', 'keep-alive', 'upgrade'])

/**
 * Makes this Fastify scope keep every request body as raw bytes (`request.body` is a `Buffer`).
 * Only for the scope of the LTI endpoints: console forms keep the normal parsers.
 */
export function keepRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body)
  })
}

/**
 * The web `Request` of a Fastify request, addressed by the public URL (PUBLIC_URL + path and
 * query), so URLs the layer derives from it are the ones tools know, behind a proxy as well.
 */
export function toWebRequest(request: FastifyRequest, publicUrl: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || DROPPED.has(name)) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined
  const hasBody = body !== undefined && request.method !== 'GET' && request.method !== 'HEAD'
  if (!hasBody) headers.delete('content-length')
  return new Request(publicRoot(publicUrl) + request.url, {
    method: request.method,
    headers,
    ...(hasBody ? { body } : {}),
  })
}

/** Sends a web `Response` through the reply: status, headers (each value kept), body bytes. */
export async function sendWebResponse(
  reply: FastifyReply,
  response: Response,
): Promise<FastifyReply> {
  reply.status(response.status)
  const cookies = response.headers.getSetCookie()
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value)
  })
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer())
  return reply.send(body)
}

/** A route handler running a web handler: `(request) => Response` in, Fastify out. */
export function webRoute(
  publicUrl: string,
  handle: (request: Request, fastify: FastifyRequest) => Promise<Response>,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> =>
    sendWebResponse(reply, await handle(toWebRequest(request, publicUrl), request))
}
