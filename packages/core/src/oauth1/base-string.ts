import { percentEncode } from './encoding.js'
import type { OAuthParam } from './params.js'

/** The parts of a request URL that take part in the signature. */
export interface NormalizedUrl {
  /** Scheme and host lower-case, default port dropped, path as sent, no query, no fragment. */
  readonly baseUrl: string
  /** The query string, form-decoded into parameters (they are signed like body parameters). */
  readonly queryParams: Array<[string, string]>
}

/**
 * Splits a request URL into the base string URI and its query parameters.
 * "The scheme and host MUST be in lowercase. The port MUST be included if it is not the default
 * port for the scheme" (RFC 5849 section 3.4.1.2); the query is not part of the base URI.
 * @throws TypeError when `url` is not an absolute http(s) URL.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2
 */
export function normalizeUrl(url: string | URL): NormalizedUrl {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new TypeError('OAuth 1.0 needs an absolute URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`OAuth 1.0 signs http(s) URLs only, not ${parsed.protocol}`)
  }
  // WHATWG URL already lower-cases scheme and host and empties `port` when it is the scheme's
  // default, which is exactly the RFC 5849 rule (443 stays on http://, 80 stays on https://).
  const port = parsed.port === '' ? '' : `:${parsed.port}`
  const path = parsed.pathname === '' ? '/' : parsed.pathname
  // "The query component is parsed into a list of name/value pairs by treating it as an
  // application/x-www-form-urlencoded string" (RFC 5849 section 3.4.1.3.1).
  const queryParams = [...new URLSearchParams(parsed.search)]
  return { baseUrl: `${parsed.protocol}//${parsed.hostname}${port}${path}`, queryParams }
}

/**
 * Normalises parameters: encode each name and value, sort by encoded name then encoded value
 * (byte order), join `name=value` with `&`. Duplicates and empty values are kept.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.2
 */
export function normalizeParameters(params: readonly OAuthParam[]): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

// Encoded strings are ASCII, so UTF-16 code unit order is byte order.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** What the signature base string is built from. */
export interface BaseStringInput {
  readonly method: string
  readonly url: string | URL
  /** Body, header and extra parameters; the URL's query parameters are added here. */
  readonly params: readonly OAuthParam[]
}

/**
 * The signature base string: `METHOD&enc(base URL)&enc(normalised parameters)`, with the URL's
 * query parameters merged in and `oauth_signature` left out ("The oauth_signature parameter MUST
 * be excluded from the signature base string if present").
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 */
export function signatureBaseString({ method, url, params }: BaseStringInput): string {
  if (!/^[A-Za-z]+$/.test(method)) throw new TypeError(`Invalid HTTP method: ${method}`)
  const { baseUrl, queryParams } = normalizeUrl(url)
  const signed = [...queryParams, ...params].filter(([name]) => name !== 'oauth_signature')
  return [
    percentEncode(method.toUpperCase()),
    percentEncode(baseUrl),
    percentEncode(normalizeParameters(signed)),
  ].join('&')
}
