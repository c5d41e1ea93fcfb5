import { isLtiError, LtiError } from '../errors/lti-error.js'
import { mediaTypeOf } from '../oauth1/body.js'
import { valuesOf } from '../oauth1/params.js'
import { readOAuth1Request } from '../oauth1/read-request.js'
import {
  digestFor,
  isSignatureMethod,
  type SignatureMethod,
  timingSafeEqual,
} from '../oauth1/signature.js'
import { type OAuth1VerifierDeps, verifyOAuth1 } from '../oauth1/verify.js'
import { computeBodyHash } from './body-hash.js'
import { DEFAULT_MAX_POX_BYTES, parseOperation, readPoxEnvelope } from './pox-request.js'
import { buildOutcomeResponse } from './pox-response.js'
import type { OutcomeRequest } from './schema.js'

/** What a platform needs to verify Basic Outcomes requests. */
export interface OutcomeVerifierDeps extends OAuth1VerifierDeps {
  /** The public service URL, when `request.url` differs (TLS-terminating proxy). */
  readonly url?: string | URL
  /** Defaults to 64 KiB. */
  readonly maxBodyBytes?: number
}

/** An authenticated Basic Outcomes request, body not yet interpreted. */
export interface VerifiedOutcomeRequest {
  readonly consumerKey: string
  readonly signatureMethod: SignatureMethod
  /** The body, decoded as UTF-8; pass it to `parseOutcomeRequest`. */
  readonly xml: string
}

// "Content-Type for POX: application/xml (basiclti-util-java rejects anything else; Moodle
// rejects form-encoded)". text/xml is the same media type under its older name.
const XML_MEDIA_TYPES = new Set(['application/xml', 'text/xml'])

/**
 * Authenticates a Basic Outcomes request (platform side): POST, XML content type, body within the
 * limit, `oauth_body_hash` equal to the hash of the exact body bytes, then the OAuth signature,
 * timestamp and nonce (the body hash is signed, so the body is covered too).
 * @throws LtiError ERR_LTI_LTI11_METHOD_NOT_ALLOWED, ERR_LTI_UNSUPPORTED_MEDIA_TYPE,
 * ERR_LTI_INPUT_TOO_LARGE, ERR_LTI_OUTCOME_BODY_HASH_MISMATCH, ERR_LTI_OAUTH_*.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide#toc-18
 */
export async function verifyOutcomeRequest(
  request: Request,
  deps: OutcomeVerifierDeps,
): Promise<VerifiedOutcomeRequest> {
  if (request.method !== 'POST') {
    throw new LtiError('ERR_LTI_LTI11_METHOD_NOT_ALLOWED', { detail: request.method })
  }
  const mediaType = mediaTypeOf(request)
  if (!XML_MEDIA_TYPES.has(mediaType)) {
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', { detail: mediaType.slice(0, 64) })
  }
  const incoming = await readOAuth1Request(request, {
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_POX_BYTES,
  })
  await checkBodyHash(incoming.params, incoming.body)
  const verified = await verifyOAuth1({
    ...deps,
    method: 'POST',
    url: deps.url ?? incoming.url,
    params: incoming.params,
  })
  let xml: string
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(incoming.body)
  } catch (cause) {
    throw new LtiError('ERR_LTI_MALFORMED_XML', { detail: 'body is not UTF-8', cause })
  }
  return { consumerKey: verified.consumerKey, signatureMethod: verified.signatureMethod, xml }
}

async function checkBodyHash(params: ReadonlyArray<readonly [string, string]>, body: Uint8Array) {
  const hashes = valuesOf(params, 'oauth_body_hash')
  if (hashes.length > 1) {
    throw new LtiError('ERR_LTI_OAUTH_DUPLICATE_PARAMETER', { claim: 'oauth_body_hash' })
  }
  const [declared] = hashes
  if (declared === undefined || declared === '') {
    throw new LtiError('ERR_LTI_OAUTH_MISSING_PARAMETER', { claim: 'oauth_body_hash' })
  }
  const [method] = valuesOf(params, 'oauth_signature_method')
  // An unknown method is reported by the signature check that follows.
  if (method === undefined || !isSignatureMethod(method)) return
  const actual = await computeBodyHash(body, digestFor(method))
  if (!timingSafeEqual(actual, declared)) {
    throw new LtiError('ERR_LTI_OUTCOME_BODY_HASH_MISMATCH', { claim: 'oauth_body_hash' })
  }
}

/** Who sent an operation, for the handlers. */
export interface OutcomeContext {
  readonly consumerKey: string
}

/**
 * The platform's gradebook. Throw `LtiError('ERR_LTI_OUTCOME_UNKNOWN_SOURCEDID')` (or another
 * LtiError) to answer `failure`; any other error propagates to the host application.
 */
export interface OutcomeHandlers {
  replaceResult(
    operation: Extract<OutcomeRequest, { operation: 'replaceResult' }>,
    context: OutcomeContext,
  ): Promise<void>
  /** Resolves the stored score, or `null` when there is none. */
  readResult(
    operation: Extract<OutcomeRequest, { operation: 'readResult' }>,
    context: OutcomeContext,
  ): Promise<number | null>
  deleteResult(
    operation: Extract<OutcomeRequest, { operation: 'deleteResult' }>,
    context: OutcomeContext,
  ): Promise<void>
}

/**
 * A complete Basic Outcomes endpoint: `Request` in, POX `Response` out. Authentication failures
 * answer with the error's HTTP status; once authenticated, every outcome is HTTP 200 with
 * `success`, `failure` (bad score, unknown sourcedId, malformed body) or `unsupported`.
 * @example
 * app.post('/lti11/outcomes', (c) => handleOutcomeRequest(c.req.raw, { ...deps, handlers }))
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function handleOutcomeRequest(
  request: Request,
  deps: OutcomeVerifierDeps & {
    readonly handlers: OutcomeHandlers
    /** Told of each refused authentication (e.g. to count wrong signatures); must not throw. */
    readonly onRejected?: (error: LtiError) => void
  },
): Promise<Response> {
  let verified: VerifiedOutcomeRequest
  try {
    verified = await verifyOutcomeRequest(request, deps)
  } catch (error) {
    if (!isLtiError(error)) throw error
    deps.onRejected?.(error)
    return poxResponse(error.status, failure(error, '', 'unknown'))
  }
  let envelope: ReturnType<typeof readPoxEnvelope> | undefined
  try {
    envelope = readPoxEnvelope(verified.xml, deps.maxBodyBytes)
    const operation = parseOperation(envelope)
    const context = { consumerKey: verified.consumerKey }
    const base = {
      messageRefIdentifier: operation.messageIdentifier,
      operation: operation.operation,
    }
    switch (operation.operation) {
      case 'replaceResult':
        await deps.handlers.replaceResult(operation, context)
        return poxResponse(200, { ...base, codeMajor: 'success', description: 'Score saved.' })
      case 'readResult': {
        const score = await deps.handlers.readResult(operation, context)
        return poxResponse(200, {
          ...base,
          codeMajor: 'success',
          description: 'Result read.',
          score,
        })
      }
      case 'deleteResult':
        await deps.handlers.deleteResult(operation, context)
        return poxResponse(200, { ...base, codeMajor: 'success', description: 'Result deleted.' })
    }
  } catch (error) {
    if (!isLtiError(error)) throw error
    const ref = envelope?.messageIdentifier ?? ''
    return poxResponse(200, failure(error, ref, envelope?.operationName ?? 'unknown'))
  }
}

function failure(error: LtiError, messageRefIdentifier: string, operation: string) {
  const unsupported = error.code === 'ERR_LTI_OUTCOME_UNSUPPORTED_OPERATION'
  return {
    codeMajor: unsupported ? ('unsupported' as const) : ('failure' as const),
    severity: unsupported ? ('status' as const) : ('error' as const),
    description: error.description,
    messageRefIdentifier,
    operation,
  }
}

function poxResponse(status: number, input: Parameters<typeof buildOutcomeResponse>[0]): Response {
  return new Response(buildOutcomeResponse(input), {
    status,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  })
}
