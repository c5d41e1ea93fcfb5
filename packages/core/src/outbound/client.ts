import { isLtiError, LtiError } from '../errors/lti-error.js'
import { isLoopbackName } from './address.js'
import { limitedBody } from './body.js'
import {
  addressRefused,
  checkScheme,
  type CompiledPolicy,
  compilePolicy,
  judgeAddress,
  type OutboundPolicy,
  precheckUrl,
} from './policy.js'

/** One address a host name resolves to. */
export interface ResolvedAddress {
  readonly address: string
  readonly family: 4 | 6
}

/** Resolves a host name to all its addresses (the server uses the system resolver). */
export type OutboundResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>

/** What a connector is asked to do: send `request` to `target`, and nowhere else. */
export interface OutboundConnection {
  /** The request; its URL gives the Host header and the TLS server name. */
  readonly request: Request
  /** The checked address to connect to (never re-resolved). */
  readonly target: ResolvedAddress
  readonly connectTimeoutMs: number
  /** Aborts the connection and the reading of the response. */
  readonly signal: AbortSignal
}

/**
 * Sends one request to an already checked address and returns the response as it came: no
 * redirect following, no resolving of its own. The server's connector speaks Node HTTP; tests
 * inject one that fails when called for anything but loopback.
 */
export type OutboundConnector = (connection: OutboundConnection) => Promise<Response>

/** Time and size limits of one call. */
export interface OutboundLimits {
  /** Opening the TCP (and TLS) connection. Default 5 000 ms. */
  readonly connectTimeoutMs: number
  /** From sending the request to receiving the response headers (each hop). Default 10 000 ms. */
  readonly headersTimeoutMs: number
  /** From the headers to the end of the body, however slowly it comes. Default 15 000 ms. */
  readonly bodyTimeoutMs: number
  /** Largest response body read. Default 4 MiB. */
  readonly maxResponseBytes: number
  /** Redirects followed, each checked like the first URL. Default 3. */
  readonly maxRedirects: number
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 15_000,
  maxResponseBytes: 4 * 1024 * 1024,
  maxRedirects: 3,
}

/** Options of {@link createOutboundFetch}. */
export interface OutboundClientOptions {
  readonly resolve: OutboundResolver
  readonly connect: OutboundConnector
  /** Sent as `User-Agent` on every request, e.g. `ltihub/0.1.0`. */
  readonly userAgent: string
  readonly policy?: OutboundPolicy
  readonly limits?: Partial<OutboundLimits>
}

/**
 * A `fetch` that applies the outbound policy. `withLimits` gives the same client with some limits
 * changed (a JWKS fetch may want a shorter timeout, a roster page a larger body).
 */
export type OutboundFetch = typeof fetch & {
  withLimits(limits: Partial<OutboundLimits>): OutboundFetch
  /**
   * Whether the policy lets `url` be called (its name resolved and every address checked),
   * without calling it: rejects with the same coded error a call would. For URLs stored for
   * later calls (a registration's endpoints), refused when they are stored.
   */
  check(url: string | URL): Promise<void>
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const NULL_BODY = new Set([101, 204, 205, 304])

interface Client {
  readonly policy: CompiledPolicy
  readonly options: OutboundClientOptions
  readonly limits: OutboundLimits
}

function checkLimits(limits: OutboundLimits): OutboundLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || (value as number) < (name === 'maxRedirects' ? 0 : 1)) {
      throw new TypeError(`outbound limits: ${name} must be a positive integer`)
    }
  }
  return limits
}

/** Resolves and checks the host of `url`: every address must pass, the first one is used. */
async function targetOf(client: Client, url: URL): Promise<ResolvedAddress> {
  const literal = precheckUrl(client.policy, url)
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: readonly ResolvedAddress[]
  if (literal !== undefined) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }]
  } else {
    try {
      addresses = await client.options.resolve(hostname)
    } catch (cause) {
      throw new LtiError('ERR_OUTBOUND_UNRESOLVED', {
        detail: `${hostname}: ${String(cause)}`,
        cause,
      })
    }
  }
  const first = addresses[0]
  if (first === undefined) throw new LtiError('ERR_OUTBOUND_UNRESOLVED', { detail: hostname })
  let trusted = true
  for (const { address } of addresses) {
    const verdict = judgeAddress(client.policy, hostname, address)
    if (!verdict.allowed) throw addressRefused(hostname, address, verdict.class)
    // RFC 6761: localhost is loopback; a resolver that says otherwise is not believed.
    if (isLoopbackName(hostname) && !verdict.trusted) {
      throw addressRefused(hostname, address, { kind: 'internal', range: 'localhost elsewhere' })
    }
    trusted &&= verdict.trusted
  }
  checkScheme(url, trusted)
  return first
}

/** One hop: connect, wait for the headers within the limit, wrap the body. */
async function sendOnce(client: Client, request: Request, signal: AbortSignal): Promise<Response> {
  const url = new URL(request.url)
  const target = await targetOf(client, url)
  const where = `${request.method} ${url.origin}`
  const { limits } = client
  const headersDeadline = AbortSignal.timeout(limits.headersTimeoutMs)
  const hop = AbortSignal.any([signal, headersDeadline])
  let raw: Response
  try {
    raw = await raceAbort(
      client.options.connect({
        request,
        target,
        connectTimeoutMs: limits.connectTimeoutMs,
        signal: hop,
      }),
      hop,
    )
  } catch (cause) {
    if (headersDeadline.aborted && !signal.aborted) {
      throw new LtiError('ERR_OUTBOUND_TIMEOUT', {
        detail: `${where}: no response headers after ${limits.headersTimeoutMs} ms`,
      })
    }
    if (isLtiError(cause) || signal.aborted) throw cause
    throw new LtiError('ERR_OUTBOUND_UNREACHABLE', { detail: `${where}: ${String(cause)}`, cause })
  }
  return bounded(raw, limits, where)
}

/** Settles with `work`, or rejects as soon as `signal` aborts (a connector that ignores it). */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted && value instanceof Response) value.body?.cancel().catch(() => undefined)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error as Error)
      },
    )
  })
}

async function bounded(raw: Response, limits: OutboundLimits, where: string): Promise<Response> {
  const declared = Number(raw.headers.get('content-length') ?? '0')
  if (Number.isFinite(declared) && declared > limits.maxResponseBytes) {
    await raw.body?.cancel().catch(() => undefined)
    throw new LtiError('ERR_OUTBOUND_TOO_LARGE', {
      detail: `${where}: declares ${declared} bytes, over ${limits.maxResponseBytes}`,
    })
  }
  const body =
    raw.body === null || NULL_BODY.has(raw.status)
      ? null
      : limitedBody(raw.body, {
          maxBytes: limits.maxResponseBytes,
          timeoutMs: limits.bodyTimeoutMs,
          where,
        })
  if (body === null) await raw.body?.cancel().catch(() => undefined)
  return new Response(body, {
    status: raw.status,
    statusText: raw.statusText,
    headers: raw.headers,
  })
}

/** The request for the next hop of a redirect (RFC 9110 §15.4). */
function redirected(
  previous: Request,
  status: number,
  location: URL,
  body: ArrayBuffer | null,
): Request {
  const toGet = status === 303 || ((status === 301 || status === 302) && previous.method === 'POST')
  const headers = new Headers(previous.headers)
  if (new URL(previous.url).origin !== location.origin) {
    headers.delete('authorization')
    headers.delete('cookie')
  }
  if (toGet) {
    headers.delete('content-type')
    headers.delete('content-length')
  }
  return new Request(location, {
    method: toGet && previous.method !== 'HEAD' ? 'GET' : previous.method,
    headers,
    body: toGet || previous.method === 'GET' || previous.method === 'HEAD' ? null : body,
    redirect: 'manual',
  })
}

async function send(
  client: Client,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const original = new Request(input, init)
  const mode = original.redirect
  const body = original.body === null ? null : await original.arrayBuffer()
  const headers = new Headers(original.headers)
  headers.set('user-agent', client.options.userAgent)
  let request = new Request(original.url, {
    method: original.method,
    headers,
    body,
    redirect: 'manual',
  })
  const signal = original.signal
  for (let hops = 0; ; hops++) {
    const response = await sendOnce(client, request, signal)
    const location = response.headers.get('location')
    if (!REDIRECTS.has(response.status) || mode === 'manual' || location === null) return response
    await response.body?.cancel().catch(() => undefined)
    const where = new URL(request.url).origin
    if (mode === 'error') {
      throw new LtiError('ERR_OUTBOUND_REDIRECT_REFUSED', { detail: `${where} redirected` })
    }
    if (hops >= client.limits.maxRedirects) {
      throw new LtiError('ERR_OUTBOUND_TOO_MANY_REDIRECTS', {
        detail: `${where}: more than ${client.limits.maxRedirects} redirects`,
      })
    }
    if (!URL.canParse(location, request.url)) {
      throw new LtiError('ERR_OUTBOUND_REDIRECT_REFUSED', { detail: `${where}: bad Location` })
    }
    request = redirected(request, response.status, new URL(location, request.url), body)
  }
}

function build(client: Client): OutboundFetch {
  const outbound = (input: RequestInfo | URL, init?: RequestInit) => send(client, input, init)
  return Object.assign(outbound, {
    withLimits: (limits: Partial<OutboundLimits>) =>
      build({ ...client, limits: checkLimits({ ...client.limits, ...limits }) }),
    check: async (url: string | URL) => {
      await targetOf(client, new URL(url))
    },
  }) as OutboundFetch
}

/**
 * The one outbound HTTP client of ltihub: every request either role sends to another party goes
 * through it. For each URL (and each redirect, at most `maxRedirects`) it resolves the host once,
 * refuses unless every address is public (or allowed by the policy), and has the connector
 * connect to the checked address, so DNS rebinding cannot swap it. https only, except hosts the
 * policy trusts. It bounds connect, header and whole-body time and the body size, and sends
 * `User-Agent`. Errors carry `ERR_OUTBOUND_*` codes; the caller's `signal` aborts as usual.
 *
 * Web-standard only: the resolver and connector come from the host (the server's speak Node).
 *
 * @example
 * const outbound = createOutboundFetch({ resolve, connect, userAgent: 'ltihub/0.1.0' })
 * const keySets = new RemoteKeySets({ fetch: outbound })
 */
export function createOutboundFetch(options: OutboundClientOptions): OutboundFetch {
  if (typeof options.resolve !== 'function' || typeof options.connect !== 'function') {
    throw new TypeError('createOutboundFetch: resolve and connect are required')
  }
  return build({
    policy: compilePolicy(options.policy),
    options,
    limits: checkLimits({ ...DEFAULT_OUTBOUND_LIMITS, ...options.limits }),
  })
}
