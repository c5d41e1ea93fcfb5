import { LtiError } from '../errors/lti-error.js'
import { type Clock, epochSeconds, systemClock } from '../internal/clock.js'
import type { NonceStore } from '../ports.js'
import { normalizeUrl, signatureBaseString } from './base-string.js'
import { type OAuthParam, valuesOf } from './params.js'
import {
  hmacSignature,
  isSignatureMethod,
  SIGNATURE_METHODS,
  type SignatureMethod,
  timingSafeEqual,
} from './signature.js'

/** The ±window, in seconds, most LTI 1.1 implementations use (celtic, 1EdTech PHP). */
export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 300

/** Looks up the shared secret of a consumer key; `undefined` when the key is unknown. */
export type ConsumerSecretLookup = (consumerKey: string) => Promise<string | undefined>

/** What verifying an OAuth 1.0 signature needs besides the request itself. */
export interface OAuth1VerifierDeps {
  readonly lookupConsumerSecret: ConsumerSecretLookup
  /** Remembers `(consumer key, nonce)` pairs atomically for the whole window. */
  readonly nonceStore: NonceStore
  readonly clock?: Clock
  /** Accept `|now - oauth_timestamp| <= window`. Defaults to 300 seconds. */
  readonly timestampWindowSeconds?: number
  /** Methods accepted; defaults to HMAC-SHA1 and HMAC-SHA256. PLAINTEXT is never accepted. */
  readonly signatureMethods?: readonly SignatureMethod[]
}

/** A request to verify: the public URL it was sent to and its body/header parameters. */
export interface VerifyOAuth1Options extends OAuth1VerifierDeps {
  readonly method: string
  /** The URL the sender signed: the public scheme, host and port, with its query string. */
  readonly url: string | URL
  /** Header and body parameters (not the URL query: that is read from `url`). */
  readonly params: readonly OAuthParam[]
}

/** A request whose signature, timestamp and nonce have been checked. */
export interface VerifiedOAuth1 {
  readonly consumerKey: string
  readonly signatureMethod: SignatureMethod
  readonly timestamp: number
  readonly nonce: string
  /** Query, header and body parameters in order, without `oauth_signature`. */
  readonly params: ReadonlyArray<readonly [string, string]>
}

const MAX_NONCE_LENGTH = 256

/**
 * Verifies an OAuth 1.0a HMAC signed request (RFC 5849 section 3.2) the way LTI 1.1 needs it:
 * protocol parameters present and single, version 1.0, an allowed HMAC method, timestamp inside
 * the window in both directions, known consumer, signature compared in constant time, and only
 * then the nonce consumed atomically in the scope of the consumer key.
 * @throws LtiError ERR_LTI_OAUTH_* on every failure.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
export async function verifyOAuth1(options: VerifyOAuth1Options): Promise<VerifiedOAuth1> {
  const window = checkWindow(options.timestampWindowSeconds)
  const all: OAuthParam[] = [...normalizeUrl(options.url).queryParams, ...options.params]
  const protocol = readProtocolParams(all)
  const signatureMethod = checkMethodAndVersion(
    protocol,
    options.signatureMethods ?? SIGNATURE_METHODS,
  )
  const timestamp = checkTimestamp(protocol.oauth_timestamp, options.clock ?? systemClock, window)
  const nonce = protocol.oauth_nonce
  if (nonce.length > MAX_NONCE_LENGTH) {
    throw new LtiError('ERR_LTI_OAUTH_MALFORMED_PARAMETER', {
      claim: 'oauth_nonce',
      detail: `nonce of ${nonce.length} characters`,
    })
  }
  const consumerKey = protocol.oauth_consumer_key
  const secret = await options.lookupConsumerSecret(consumerKey)
  if (secret === undefined) {
    throw new LtiError('ERR_LTI_OAUTH_UNKNOWN_CONSUMER', { claim: 'oauth_consumer_key' })
  }
  const baseString = signatureBaseString({
    method: options.method,
    url: options.url,
    params: options.params,
  })
  const expected = await hmacSignature(signatureMethod, baseString, secret)
  if (!timingSafeEqual(expected, protocol.oauth_signature)) {
    throw new LtiError('ERR_LTI_OAUTH_SIGNATURE_INVALID', {
      claim: 'oauth_signature',
      detail: `base string: ${baseString.slice(0, 4096)}`,
    })
  }
  // The nonce is consumed only once the signature is known good, so a forger cannot burn nonces;
  // it is kept until the timestamp leaves the window, after which the timestamp check rejects it.
  const fresh = await options.nonceStore.consume(
    `oauth1:${consumerKey}`,
    nonce,
    (timestamp + window) * 1000,
  )
  if (!fresh) throw new LtiError('ERR_LTI_OAUTH_NONCE_REPLAYED', { claim: 'oauth_nonce' })
  const params = all.filter(([name]) => name !== 'oauth_signature')
  return { consumerKey, signatureMethod, timestamp, nonce, params }
}

/** The protocol parameters; all but `oauth_version` ("OPTIONAL") are required. */
interface ProtocolParams {
  readonly oauth_consumer_key: string
  readonly oauth_signature_method: string
  readonly oauth_signature: string
  readonly oauth_timestamp: string
  readonly oauth_nonce: string
  readonly oauth_version: string | undefined
}

function readProtocolParams(all: readonly OAuthParam[]): ProtocolParams {
  const seen = new Set<string>()
  for (const [name] of all) {
    if (!name.startsWith('oauth_')) continue
    // RFC 5849 section 3.2: a request with "duplicated protocol parameters" is a bad request.
    if (seen.has(name)) throw new LtiError('ERR_LTI_OAUTH_DUPLICATE_PARAMETER', { claim: name })
    seen.add(name)
  }
  const required = (name: string): string => {
    const value = valuesOf(all, name)[0]
    if (value === undefined || value === '') {
      throw new LtiError('ERR_LTI_OAUTH_MISSING_PARAMETER', { claim: name })
    }
    return value
  }
  return {
    oauth_consumer_key: required('oauth_consumer_key'),
    oauth_signature_method: required('oauth_signature_method'),
    oauth_signature: required('oauth_signature'),
    oauth_timestamp: required('oauth_timestamp'),
    oauth_nonce: required('oauth_nonce'),
    oauth_version: valuesOf(all, 'oauth_version')[0],
  }
}

function checkMethodAndVersion(
  protocol: ProtocolParams,
  allowed: readonly SignatureMethod[],
): SignatureMethod {
  // RFC 5849 section 3.1: oauth_version is OPTIONAL; "If present, the value MUST be 1.0".
  if (protocol.oauth_version !== undefined && protocol.oauth_version !== '1.0') {
    throw new LtiError('ERR_LTI_OAUTH_UNSUPPORTED_VERSION', {
      claim: 'oauth_version',
      detail: `oauth_version=${protocol.oauth_version}`,
    })
  }
  const method = protocol.oauth_signature_method
  if (!isSignatureMethod(method) || !allowed.includes(method)) {
    throw new LtiError('ERR_LTI_OAUTH_UNSUPPORTED_SIGNATURE_METHOD', {
      claim: 'oauth_signature_method',
      detail: `oauth_signature_method=${method.slice(0, 32)}`,
    })
  }
  return method
}

function checkTimestamp(value: string, clock: Clock, window: number): number {
  if (!/^[0-9]{1,12}$/.test(value)) {
    throw new LtiError('ERR_LTI_OAUTH_MALFORMED_PARAMETER', {
      claim: 'oauth_timestamp',
      detail: `oauth_timestamp=${value.slice(0, 32)}`,
    })
  }
  const timestamp = Number(value)
  const now = epochSeconds(clock)
  if (Math.abs(now - timestamp) > window) {
    throw new LtiError('ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW', {
      claim: 'oauth_timestamp',
      detail: `now=${now} oauth_timestamp=${timestamp} window=${window}`,
    })
  }
  return timestamp
}

function checkWindow(window = DEFAULT_TIMESTAMP_WINDOW_SECONDS): number {
  if (!Number.isInteger(window) || window < 1 || window > 86_400) {
    throw new TypeError('timestampWindowSeconds must be an integer between 1 and 86400')
  }
  return window
}
