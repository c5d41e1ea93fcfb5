import { type Clock, epochSeconds, systemClock } from '../internal/clock.js'
import { randomId } from '../internal/random.js'
import { signatureBaseString } from './base-string.js'
import { type OAuthParamsInput, toParamList } from './params.js'
import { hmacSignature, isSignatureMethod, type SignatureMethod } from './signature.js'

/** What {@link signOAuth1} needs. */
export interface SignOAuth1Options {
  /** HTTP method of the request (`POST` for every LTI 1.1 message). */
  readonly method: string
  /** The exact URL the request goes to; its query parameters are signed too. */
  readonly url: string | URL
  /** Body (form) parameters and extra protocol parameters such as `oauth_callback` or `oauth_body_hash`. */
  readonly params?: OAuthParamsInput
  readonly consumerKey: string
  readonly consumerSecret: string
  /** OAuth token and its secret; LTI never uses them (present for RFC 5849 completeness). */
  readonly token?: string
  readonly tokenSecret?: string
  /** Defaults to `HMAC-SHA1`, the method every LTI 1.1 system supports. */
  readonly signatureMethod?: SignatureMethod
  /** Source of `oauth_timestamp`; tests freeze it. */
  readonly clock?: Clock
  /** A fixed `oauth_nonce` (tests and vectors); by default a fresh CSPRNG value. */
  readonly nonce?: string
}

/** Protocol parameters the signer sets itself; a caller passing them is a programming error. */
const SET_BY_SIGNER = new Set([
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_token',
  'oauth_version',
])

/**
 * Signs a request with OAuth 1.0a HMAC (RFC 5849 as LTI 1.1 uses it) and returns the parameters
 * with every `oauth_*` field and `oauth_signature` added. The URL's query parameters are signed
 * but not copied into the result: they stay on the URL.
 * @throws TypeError on a bad URL, method, signature method or a reserved parameter in `params`.
 * @example
 * const fields = await signOAuth1({ method: 'POST', url, params: { resource_link_id: 'r1' },
 *   consumerKey: 'key', consumerSecret: 'secret' })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.1
 */
export async function signOAuth1(options: SignOAuth1Options): Promise<Array<[string, string]>> {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA1'
  if (!isSignatureMethod(signatureMethod)) {
    throw new TypeError(`Unsupported OAuth signature method: ${String(signatureMethod)}`)
  }
  if (typeof options.consumerKey !== 'string' || options.consumerKey === '') {
    throw new TypeError('signOAuth1 needs a consumerKey')
  }
  if (typeof options.consumerSecret !== 'string') {
    throw new TypeError('signOAuth1 needs a consumerSecret')
  }
  const params = toParamList(options.params ?? [])
  const reserved = params.find(([name]) => SET_BY_SIGNER.has(name))
  if (reserved !== undefined) {
    throw new TypeError(`${reserved[0]} is set by signOAuth1 and must not be passed in params`)
  }
  const nonce = options.nonce ?? randomId(16)
  if (nonce === '') throw new TypeError('The OAuth nonce must not be empty')
  const protocol: Array<[string, string]> = [
    ['oauth_consumer_key', options.consumerKey],
    ['oauth_nonce', nonce],
    ['oauth_signature_method', signatureMethod],
    ['oauth_timestamp', String(epochSeconds(options.clock ?? systemClock))],
    ['oauth_version', '1.0'],
  ]
  if (options.token !== undefined) protocol.push(['oauth_token', options.token])
  const all = [...params, ...protocol]
  const baseString = signatureBaseString({ method: options.method, url: options.url, params: all })
  const signature = await hmacSignature(
    signatureMethod,
    baseString,
    options.consumerSecret,
    options.tokenSecret,
  )
  return [...all, ['oauth_signature', signature]]
}
