import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { nodeHandler } from '../adapters/node-http.js'

/** A real HTTP server on 127.0.0.1 with a random port, serving a web-standard handler. */
export interface LoopbackServer {
  readonly origin: string
  close(): Promise<void>
}

/** Starts {@link LoopbackServer}; tests close it when done. */
export async function startLoopback(
  handler: (request: Request) => Promise<Response>,
): Promise<LoopbackServer> {
  const server: Server = createServer((incoming, outgoing) => {
    const origin = `http://${incoming.headers.host ?? '127.0.0.1'}`
    nodeHandler(handler, { origin })(incoming, outgoing)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** A loopback URL nothing listens on (a server started and closed at once). */
export async function deadOrigin(): Promise<string> {
  const server = await startLoopback(() => Promise.resolve(new Response(null, { status: 500 })))
  await server.close()
  return server.origin
}
