import { LtiError } from '../errors/lti-error.js'
import type { Clock } from '../internal/clock.js'
import { randomId } from '../internal/random.js'
import { formatAuthorizationHeader } from '../oauth1/authorization-header.js'
import { readBodyLimited } from '../oauth1/body.js'
import { signOAuth1 } from '../oauth1/sign.js'
import { digestFor, type SignatureMethod } from '../oauth1/signature.js'
import { computeBodyHash } from './body-hash.js'
import { buildOutcomeRequestXml, DEFAULT_MAX_POX_BYTES } from './pox-request.js'
import { parseOutcomeResponse } from './pox-response.js'
import type { OutcomeOperation, OutcomeResponse } from './schema.js'

/** What {@link buildOutcomeRequest} needs. */
export interface BuildOutcomeRequestOptions {
  /** The launch's `lis_outcome_service_url`. */
  readonly serviceUrl: string
  readonly consumerKey: string
  readonly secret: string
  readonly operation: OutcomeOperation
  /** `imsx_messageIdentifier`; a random one by default. */
  readonly messageIdentifier?: string
  /** Defaults to HMAC-SHA1; HMAC-SHA256 hashes the body with SHA-256. */
  readonly signatureMethod?: SignatureMethod
  readonly clock?: Clock
  readonly nonce?: string
  /**
   * @deprecated Sends grades and the signed header over plain HTTP. Only for a local platform
   * in development; greppable on purpose.
   */
  readonly dangerouslyAllowHttp?: boolean
}

/**
 * Builds a signed Basic Outcomes request (tool side): the POX body, `oauth_body_hash` over its
 * exact bytes, and an `Authorization: OAuth` header signed with the launch's key and secret.
 * Send it with any `fetch`, then read the answer with {@link processOutcomeResponse}.
 * @throws TypeError on a non-https service URL (unless allowed), a bad score or operation.
 * @example
 * const request = await buildOutcomeRequest({ serviceUrl: launch.outcomeService.url,
 *   consumerKey, secret, operation: { operation: 'replaceResult', sourcedId, score: 0.92 } })
 * const result = await processOutcomeResponse(await fetch(request))
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-18
 */
export async function buildOutcomeRequest(options: BuildOutcomeRequestOptions): Promise<Request> {
  const url = new URL(options.serviceUrl)
  if (url.protocol !== 'https:' && !(options.dangerouslyAllowHttp && url.protocol === 'http:')) {
    throw new TypeError(`Outcome service URLs must be https, not ${url.protocol}`)
  }
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA1'
  const xml = buildOutcomeRequestXml(options.operation, options.messageIdentifier ?? randomId(12))
  const body = new TextEncoder().encode(xml)
  const bodyHash = await computeBodyHash(body, digestFor(signatureMethod))
  const params = await signOAuth1({
    method: 'POST',
    url,
    params: [['oauth_body_hash', bodyHash]],
    consumerKey: options.consumerKey,
    consumerSecret: options.secret,
    signatureMethod,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  })
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml; charset=utf-8',
      accept: 'application/xml',
      authorization: formatAuthorizationHeader(params),
    },
    body,
  })
}

/** Checks applied by {@link processOutcomeResponse}. */
export interface ProcessOutcomeResponseOptions {
  readonly maxBytes?: number
  /** The request's `imsx_messageIdentifier`; when given, the response must echo it. */
  readonly messageIdentifier?: string
}

/**
 * Reads the platform's answer to a Basic Outcomes request (tool side). Platforms answer 200 even
 * for a failure, so the result is in `codeMajor`; an HTTP error without a POX body throws.
 * @throws LtiError ERR_LTI_OUTCOME_SERVICE_ERROR, ERR_LTI_MALFORMED_XML, ERR_LTI_INVALID_PAYLOAD.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function processOutcomeResponse(
  response: Response,
  options: ProcessOutcomeResponseOptions = {},
): Promise<OutcomeResponse> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_POX_BYTES
  let parsed: OutcomeResponse
  try {
    parsed = parseOutcomeResponse(await readBodyLimited(response, maxBytes), { maxBytes })
  } catch (cause) {
    if (response.ok) throw cause
    throw new LtiError('ERR_LTI_OUTCOME_SERVICE_ERROR', {
      detail: `HTTP ${response.status} without a POX body`,
      cause,
    })
  }
  const expected = options.messageIdentifier
  if (expected !== undefined && parsed.messageRefIdentifier !== expected) {
    throw new LtiError('ERR_LTI_INVALID_PAYLOAD', {
      claim: 'imsx_messageRefIdentifier',
      detail: `expected ${expected}, got ${parsed.messageRefIdentifier.slice(0, 64)}`,
    })
  }
  return parsed
}
