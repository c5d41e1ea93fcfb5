import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * The one fastify ↔ web-standard adapter: the tool layer's handlers take a `Request` and answer a
 * `Response`. The scope it is installed in keeps request bodies raw (the tool layer parses and
 * bounds its forms itself, and LTI 1.1 signatures cover the exact parameters).
 */
export function keepRawBodies(scope: FastifyInstance, bodyLimit: number): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body)
  })
}

/** The web `Request` of a fastify request, addressed to the public origin. */
export function toWebRequest(request: FastifyRequest, publicOrigin: string): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const body = hasBody && Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined
  return new Request(new URL(request.url, publicOrigin), {
    method: request.method,
    headers,
    ...(body === undefined ? {} : { body }),
  })
}

/** Sends a web `Response` through fastify, keeping every header (several Set-Cookie included). */
export async function sendWebResponse(
  reply: FastifyReply,
  response: Response,
): Promise<FastifyReply> {
  reply.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  return reply.send(Buffer.from(await response.arrayBuffer()))
}
