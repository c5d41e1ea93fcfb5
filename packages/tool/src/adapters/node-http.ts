import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { bodyFromParsed, headersForRebuiltBody } from './parsed-body.js'

/** Options of {@link nodeHandler}. */
export interface NodeHandlerOptions {
  /**
   * The origin requests are addressed to, e.g. `https://tool.example.com`. Default: built from
   * the Host header over http. The tool compares paths only and signs with its configured public
   * URL, so a proxy in front changes nothing here.
   */
  readonly origin?: string
  /**
   * Largest declared (`Content-Length`) body passed on; larger ones are answered with 413.
   * Default 1 MiB. The tool's handlers also cap what they read, whatever is declared.
   */
  readonly maxBodyBytes?: number
}

/**
 * A node request as the frameworks hand it on: Express keeps the path before mounting in
 * `originalUrl` (its `url` loses the mount prefix), and body parsers leave what they read in `body`.
 */
export type NodeRequest = IncomingMessage & {
  readonly originalUrl?: string
  readonly body?: unknown
}

/** Whether another handler (a body parser) has read the request stream already. */
function bodyConsumed(incoming: IncomingMessage): boolean {
  return incoming.readableDidRead || incoming.readableEnded
}

/** The headers of a node request (or of anything that keeps them the node way). */
export function headersOf(incoming: Pick<IncomingMessage, 'headers'>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  return headers
}

/**
 * Converts a node request to a web-standard `Request`: the full path (before any mount prefix was
 * stripped) and the body, streamed, or rebuilt from `body` when a body parser consumed the stream.
 */
export function toWebRequest(incoming: NodeRequest, options: NodeHandlerOptions = {}): Request {
  const origin = options.origin ?? `http://${incoming.headers.host ?? 'localhost'}`
  const url = new URL(incoming.originalUrl ?? incoming.url ?? '/', origin)
  const headers = headersOf(incoming)
  const method = incoming.method ?? 'GET'
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers })
  if (bodyConsumed(incoming)) {
    return new Request(url, {
      method,
      headers: headersForRebuiltBody(headers),
      body: bodyFromParsed(incoming.body, headers.get('content-type')),
    })
  }
  return new Request(url, {
    method,
    headers,
    body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit)
}

/** Writes a web-standard `Response` to a node response. */
export async function sendWebResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  outgoing.writeHead(response.status, headers)
  if (response.body === null) {
    outgoing.end()
    return
  }
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    outgoing.write(value)
  }
  outgoing.end()
}

/**
 * Adapts a `(Request) => Promise<Response>` handler, such as `tool.handle`, to `node:http` (and to
 * Express's `app.use`, which passes node requests on). A failure inside the handler (tool handlers
 * answer their own errors with pages), or a body a body parser consumed without keeping it,
 * becomes a bare 500.
 *
 * @example
 * http.createServer(nodeHandler(tool.handle, { origin: 'https://tool.example.com' })).listen(3000)
 */
export function nodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (incoming: NodeRequest, outgoing: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  return (incoming, outgoing) => {
    const declared = Number(incoming.headers['content-length'] ?? '0')
    if (declared > maxBodyBytes) {
      outgoing.writeHead(413).end()
      if (!bodyConsumed(incoming)) incoming.resume()
      return
    }
    Promise.resolve()
      .then(() => handler(toWebRequest(incoming, options)))
      .then((response) => sendWebResponse(response, outgoing))
      .catch(() => {
        if (!outgoing.headersSent) outgoing.writeHead(500)
        outgoing.end()
      })
  }
}
