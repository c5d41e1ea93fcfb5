/**
 * The `node:http` adapter of the router, usable as an Express, Connect or plain node handler:
 * - mounted under a prefix (`app.use('/lti', handler)`): the path comes from `originalUrl`, which
 *   Express keeps whole, not from the prefix-stripped `url`;
 * - behind body parsers: a body already read by `express.urlencoded()`, `express.json()`,
 *   `express.text()` or `express.raw()` is encoded again from `request.body` (text and raw keep
 *   the exact bytes, which LTI 1.1 Basic Outcomes needs for its body hash: mount the router
 *   before `express.json()`/`urlencoded()`, or parse XML with `express.text()`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** An incoming request as Express and body parsers leave it. */
type NodeRequest = IncomingMessage & {
  readonly originalUrl?: string
  readonly body?: unknown
  /** Set by the `body-parser` middlewares when they consumed the stream. */
  readonly _body?: boolean
}

export interface NodeHandlerOptions {
  /** The origin requests are addressed to, e.g. `https://lms.example.com` (its public URL's). */
  readonly origin: string
  /** Largest body read; larger ones get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number
}

/** Hop-by-hop headers, and the length the new body sets for itself. */
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'content-length',
])

class TooLarge extends Error {}

async function readStream(
  incoming: IncomingMessage,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of incoming) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += buffer.length
    if (size > maxBytes) throw new TooLarge()
    chunks.push(buffer)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

/** A body a parser already read, encoded again by its content type. */
function encodeParsed(
  body: unknown,
  contentType: string,
): Uint8Array<ArrayBuffer> | string | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return new Uint8Array(body)
  if (typeof body !== 'object') return String(body)
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams()
    for (const [name, value] of Object.entries(body)) {
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item))
    }
    return form.toString()
  }
  return JSON.stringify(body)
}

async function bodyOf(
  incoming: NodeRequest,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | string | undefined> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD') return undefined
  const contentType = (incoming.headers['content-type'] ?? '').toLowerCase()
  if (incoming._body === true || incoming.readableEnded) {
    return encodeParsed(incoming.body, contentType)
  }
  return readStream(incoming, maxBytes)
}

/** The web `Request` of a node request, addressed by `origin` + the full original path. */
export async function toWebRequest(
  incoming: IncomingMessage,
  options: NodeHandlerOptions,
): Promise<Request> {
  const request = incoming as NodeRequest
  const url = new URL(request.originalUrl ?? request.url ?? '/', options.origin)
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || DROPPED.has(name)) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const body = await bodyOf(request, options.maxBodyBytes ?? 1024 * 1024)
  return new Request(url, {
    method: request.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
  })
}

/** Writes a web `Response` to a node response (each `Set-Cookie` kept apart). */
export async function sendWebResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer())
  outgoing.writeHead(response.status, headers)
  outgoing.end(body)
}

/**
 * Adapts a `(Request) => Promise<Response>` handler to `node:http` and Express. The handler
 * answers every failure itself; what escapes (an adapter fault) becomes a bare 500.
 *
 * @example
 * app.use('/lti', nodeHandler(platform.handle, { origin: 'https://lms.example.com' }))
 */
export function nodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions,
): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  return (incoming, outgoing) => {
    toWebRequest(incoming, options)
      .then(handler)
      .then((response) => sendWebResponse(response, outgoing))
      .catch((error: unknown) => {
        if (outgoing.headersSent) {
          outgoing.destroy()
          return
        }
        outgoing.writeHead(error instanceof TooLarge ? 413 : 500).end()
        if (error instanceof TooLarge) incoming.resume()
      })
  }
}
