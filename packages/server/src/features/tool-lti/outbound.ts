import { lookup } from 'node:dns'
import { lookup as lookupAll } from 'node:dns/promises'
import { type IncomingMessage, request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { Readable } from 'node:stream'
import { type AddressClass, classifyAddress, ToolError } from '@ltihub/tool'

/*
 * Outbound calls to addresses someone else chose (the tool's Dynamic Registration page is open to
 * anyone): the address is checked when the connection is made, so a name cannot resolve to a
 * public address for a check and to an internal one for the call (DNS rebinding).
 */

const isAllowed = (kind: AddressClass, allowLoopback: boolean): boolean =>
  kind === 'public' || (kind === 'loopback' && allowLoopback)

function refused(detail: string): ToolError {
  return new ToolError('ERR_LTI_DR_ADDRESS_REFUSED', { detail })
}

/** Every address a host name resolves to, as the system resolver answers a connection. */
export async function resolveHostAddresses(hostname: string): Promise<string[]> {
  return (await lookupAll(hostname, { all: true })).map((found) => found.address)
}

/** A `lookup` for sockets that fails unless every address of the name is allowed. */
function checkedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '')
      const bad = addresses.find(
        (found) => !isAllowed(classifyAddress(found.address) ?? 'private', allowLoopback),
      )
      const first = addresses[0]
      if (bad !== undefined || first === undefined) {
        return callback(refused(`${hostname} resolves to ${bad?.address ?? 'nothing'}`), '')
      }
      if (options.all === true) return callback(null, addresses)
      return callback(null, first.address, first.family)
    })
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
  const empty = method === 'HEAD' || NO_BODY.has(status)
  if (empty) message.resume()
  return new Response(empty ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), {
    status,
    statusText: message.statusMessage ?? '',
    headers,
  })
}

/**
 * A `fetch` that connects to public addresses only (loopback too when `allowLoopback`, for a
 * development instance): IP literals are checked before, names when the socket resolves them.
 * Redirects are never followed, no connection is pooled, and the request's `signal` aborts the
 * call and the reading of its body.
 */
export function publicOnlyFetch(options: { readonly allowLoopback: boolean }): typeof fetch {
  const lookupChecked = checkedLookup(options.allowLoopback)
  return async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw refused(`scheme ${url.protocol}`)
    }
    const literal = classifyAddress(url.hostname)
    if (literal !== undefined && !isAllowed(literal, options.allowLoopback)) {
      throw refused(`${literal} address ${url.hostname}`)
    }
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer())
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: request.method,
          headers: Object.fromEntries(request.headers),
          lookup: lookupChecked,
          agent: false,
          signal: request.signal,
        },
        (message) => resolve(toResponse(message, request.method, request.signal)),
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }
}
