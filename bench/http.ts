// A small keep-alive HTTP/1.1 client for the load drivers. node:http with a pooled Agent costs the
// driver less CPU per request than fetch, which matters on a 2-core machine shared with the server.
import { Agent, request, type IncomingHttpHeaders } from 'node:http'

export interface HttpResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface HttpRequest {
  readonly method?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

/** A client with one connection per concurrent worker, kept alive between requests. */
export class HttpClient {
  readonly agent: Agent

  constructor(maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets })
  }

  send(url: string, init: HttpRequest = {}): Promise<HttpResponse> {
    const target = new URL(url)
    const headers: Record<string, string | number> = { ...init.headers }
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body)
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          hostname: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: init.method ?? 'GET',
          headers,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          )
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(init.body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

/** The first `name=value` pair of each Set-Cookie header, joined as a Cookie header. */
export function cookiesOf(response: HttpResponse): string {
  const set = response.headers['set-cookie'] ?? []
  return set.map((line) => line.split(';')[0] ?? '').join('; ')
}

/** Throws with the status and the start of the body when the status is not the expected one. */
export function expectStatus(response: HttpResponse, status: number, what: string): HttpResponse {
  if (response.status !== status) {
    // The error code of an ltihub error page or problem document says more than its markup.
    const code = /(ERR_[A-Z0-9_]+)/.exec(response.body)?.[1]
    throw new Error(`${what}: HTTP ${response.status} ${code ?? response.body.slice(0, 200)}`)
  }
  return response
}
