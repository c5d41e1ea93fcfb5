import { type IncomingMessage, request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { Readable } from 'node:stream'
import { LtiError, type OutboundConnector, type ResolvedAddress } from '@ltihub/core'

/*
 * The connector of the outbound client in Node: sends one request to the address the client
 * already resolved and checked. The socket's `lookup` answers with that address whatever the
 * name, so the connection cannot go anywhere else, while the URL's host still gives the Host
 * header and the TLS server name (SNI and certificate check).
 */

/** A `lookup` that answers every name with the one checked address. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) {
      callback(null, [{ address: target.address, family: target.family }])
    } else {
      callback(null, target.address, target.family)
    }
  }
}

const NO_BODY = new Set([204, 205, 304])

function toResponse(message: IncomingMessage, method: string, signal: AbortSignal): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  signal.addEventListener('abort', () => message.destroy(signal.reason as Error), { once: true })
  const status = message.statusCode ?? 502
  const empty = method === 'HEAD' || NO_BODY.has(status) || status < 200
  if (empty) message.resume()
  return new Response(empty ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), {
    status: status < 200 ? 502 : status,
    statusText: message.statusMessage ?? '',
    headers,
  })
}

/**
 * Node's connector for `createOutboundFetch`: one fresh connection per request (no pool, so no
 * connection made for one address is reused for another), pinned to the checked address, with
 * the connect timeout covering TCP and TLS.
 */
export function nodeConnector(): OutboundConnector {
  return async ({ request, target, connectTimeoutMs, signal }) => {
    const url = new URL(request.url)
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer())
    const https = url.protocol === 'https:'
    const send = https ? httpsRequest : httpRequest
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: request.method,
          headers: Object.fromEntries(request.headers),
          lookup: pinnedLookup(target),
          agent: false,
          signal,
        },
        (message) => resolve(toResponse(message, request.method, signal)),
      )
      outgoing.once('socket', (socket) => {
        const timer = setTimeout(() => {
          outgoing.destroy(
            new LtiError('ERR_OUTBOUND_TIMEOUT', {
              detail: `${url.origin}: no connection after ${connectTimeoutMs} ms`,
            }),
          )
        }, connectTimeoutMs)
        socket.once(https ? 'secureConnect' : 'connect', () => clearTimeout(timer))
        socket.once('close', () => clearTimeout(timer))
      })
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }
}
