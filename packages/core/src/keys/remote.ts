import { createRemoteJWKSet, customFetch, type FetchImplementation } from 'jose'
import { LtiError } from '../errors/lti-error.js'
import { readBoundedBytes } from '../internal/bounded-body.js'
import { unguardedFetch } from '../outbound/unguarded.js'
import { guardedResolver } from './resolvers.js'
import type { KeyResolver } from './types.js'

/** Options of {@link RemoteKeySets}. */
export interface RemoteKeySetsOptions {
  /** The fetch to use; tests inject one. Defaults to the global `fetch`. */
  readonly fetch?: typeof fetch
  /** Minimum time between two fetches caused by an unknown `kid`. Default 30 s. */
  readonly cooldownMs?: number
  /** How long a fetched key set is used before it is fetched again. Default 10 min. */
  readonly maxAgeMs?: number
  /** Timeout of one fetch. Default 5 s. */
  readonly timeoutMs?: number
  /** After a failed fetch, launches fail fast for this long instead of fetching again. Default 5 s. */
  readonly failureBackoffMs?: number
  /** `User-Agent` sent with each fetch. */
  readonly userAgent?: string
  /** Largest key set document accepted. Default 256 KiB. */
  readonly maxResponseBytes?: number
  /** How many key set URLs are remembered; the oldest is forgotten beyond. Default 1000. */
  readonly maxKeySets?: number
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Parses a key set URL: https only, except loopback hosts for development and tests. */
function parseKeySetUrl(jwksUrl: string): URL {
  let url: URL
  try {
    url = new URL(jwksUrl)
  } catch (error) {
    throw new LtiError('ERR_LTI_JWKS_URL_INVALID', { detail: 'not an absolute URL', cause: error })
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new LtiError('ERR_LTI_JWKS_URL_INVALID', { detail: `scheme ${url.protocol} refused` })
  }
  if (url.username !== '' || url.password !== '') {
    throw new LtiError('ERR_LTI_JWKS_URL_INVALID', { detail: 'credentials in the URL refused' })
  }
  url.hash = ''
  return url
}

function assertDuration(name: string, value: number, integer = false): number {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}`)
  }
  return value
}

/** Reads at most `limit` bytes of a body, so a hostile key set URL cannot exhaust memory. */
async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const body = await readBoundedBytes(response, limit)
  if (body === undefined)
    throw new LtiError('ERR_LTI_JWKS_INVALID', { detail: 'key set too large' })
  return body
}

interface FetchPolicy {
  readonly fetch: typeof fetch
  readonly maxResponseBytes: number
  readonly failureBackoffMs: number
}

/**
 * The fetch handed to jose: checks the status itself (jose's generic error would lose it), caps the
 * body, parses JSON into a coded error, and remembers a failure so a dead key set URL is not
 * fetched once per launch.
 */
function keySetFetch(policy: FetchPolicy): FetchImplementation {
  let failure: { readonly at: number; readonly error: LtiError } | undefined
  return async (url, init) => {
    if (failure !== undefined && Date.now() < failure.at + policy.failureBackoffMs) {
      throw failure.error
    }
    try {
      const response = await policy.fetch(url, init).catch((cause: unknown) => {
        throw new LtiError('ERR_LTI_JWKS_UNREACHABLE', { detail: String(cause), cause })
      })
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new LtiError('ERR_LTI_JWKS_UNREACHABLE', { detail: `HTTP ${response.status}` })
      }
      const bytes = await readLimited(response, policy.maxResponseBytes).catch((cause: unknown) => {
        if (cause instanceof LtiError) throw cause
        throw new LtiError('ERR_LTI_JWKS_UNREACHABLE', { detail: String(cause), cause })
      })
      let text: string
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
        JSON.parse(text)
      } catch (cause) {
        throw new LtiError('ERR_LTI_JWKS_INVALID', { detail: 'not JSON', cause })
      }
      failure = undefined
      return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } })
    } catch (error) {
      const coded = error instanceof LtiError ? error : new LtiError('ERR_LTI_JWKS_UNREACHABLE')
      failure = { at: Date.now(), error: coded }
      throw coded
    }
  }
}

/**
 * Remote JSON Web Key Sets of the parties we trust, cached per URL. Built on jose's
 * `createRemoteJWKSet`: a key set is fetched once, reused for `maxAgeMs`, and fetched again early only
 * when a token names an unknown `kid`, at most once per `cooldownMs`. A launch therefore never costs
 * a fetch of its own, and a burst of forged `kid`s cannot make us hammer the other party.
 *
 * Hold one instance per process and ask it for resolvers.
 *
 * @example
 * const keySets = new RemoteKeySets({ userAgent: 'ltihub/1.0' })
 * await jwtVerify(idToken, keySets.resolver(platform.jwksUrl), { algorithms: ['RS256'] })
 * @see https://www.imsglobal.org/spec/security/v1p0/#key-set-url
 */
export class RemoteKeySets {
  readonly #resolvers = new Map<string, KeyResolver>()
  readonly #options: Required<Omit<RemoteKeySetsOptions, 'userAgent'>> & { userAgent?: string }

  constructor(options: RemoteKeySetsOptions = {}) {
    this.#options = {
      fetch: options.fetch ?? unguardedFetch,
      cooldownMs: assertDuration('cooldownMs', options.cooldownMs ?? 30_000),
      maxAgeMs: assertDuration('maxAgeMs', options.maxAgeMs ?? 10 * 60_000),
      timeoutMs: assertDuration('timeoutMs', options.timeoutMs ?? 5_000, true),
      failureBackoffMs: assertDuration('failureBackoffMs', options.failureBackoffMs ?? 5_000),
      maxResponseBytes: assertDuration('maxResponseBytes', options.maxResponseBytes ?? 262_144),
      maxKeySets: assertDuration('maxKeySets', options.maxKeySets ?? 1000, true),
      ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    }
  }

  /**
   * The resolver for one key set URL; the same object for the same URL, so its cache is shared.
   * Throws `ERR_LTI_JWKS_URL_INVALID` for a URL other than https (http only on loopback hosts).
   */
  resolver(jwksUrl: string): KeyResolver {
    const url = parseKeySetUrl(jwksUrl)
    const existing = this.#resolvers.get(url.href)
    if (existing !== undefined) return existing
    const options = this.#options
    const remote = createRemoteJWKSet(url, {
      cooldownDuration: options.cooldownMs,
      cacheMaxAge: options.maxAgeMs,
      timeoutDuration: options.timeoutMs,
      ...(options.userAgent === undefined ? {} : { headers: { 'user-agent': options.userAgent } }),
      [customFetch]: keySetFetch(options),
    })
    const resolver = guardedResolver(remote, true)
    if (this.#resolvers.size >= options.maxKeySets) {
      const oldest = this.#resolvers.keys().next()
      if (oldest.done !== true) this.#resolvers.delete(oldest.value)
    }
    this.#resolvers.set(url.href, resolver)
    return resolver
  }
}
