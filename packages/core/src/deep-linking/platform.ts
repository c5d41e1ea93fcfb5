import { type JWTPayload, jwtVerify } from 'jose'
import type { DeepLinkingSettingsClaim } from '../claims/deep-linking-settings.js'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../claims/uris.js'
import { LtiError } from '../errors/lti-error.js'
import { type Clock, systemClock } from '../internal/clock.js'
import { toLtiError } from '../keys/jose-errors.js'
import { DEFAULT_ALGORITHMS, type KeyResolver, type SigningAlgorithm } from '../keys/types.js'
import type { NonceStore } from '../ports.js'
import { checkContentItems } from './items.js'
import { type DeepLinkingResponse, deepLinkingResponseClaimsSchema } from './schema.js'

/** Longest Deep Linking response JWT accepted (256 KiB of compact JWS). */
export const MAX_RESPONSE_JWT_LENGTH = 256 * 1024

/** Options of {@link verifyDeepLinkingResponse}. */
export interface VerifyDeepLinkingResponseOptions {
  /** Resolves the tool's public key by `kid` (its JWKS URL or a registered key); see `keys/`. */
  readonly keys: KeyResolver
  /** The tool's `client_id`: the response `iss` MUST equal it. */
  readonly clientId: string
  /** This platform's issuer: the response `aud` MUST contain it. */
  readonly platformIssuer: string
  /** The `deployment_id` of the deep-linking request this response answers. */
  readonly deploymentId: string
  /** The settings sent in the request (accept_types, accept_multiple, …). */
  readonly settings: DeepLinkingSettingsClaim
  /** The `data` sent in the request, when it is kept apart from `settings`; else `settings.data`. */
  readonly expectedData?: string | undefined
  /** Records response nonces; a second use of one is a replay. */
  readonly nonceStore: NonceStore
  /** Accepted algorithms; never taken from the token. Defaults to RS256. */
  readonly algorithms?: readonly SigningAlgorithm[]
  /** Allowed clock skew for `exp` and `iat`; defaults to 60 s. */
  readonly clockToleranceSeconds?: number
  /** Oldest `iat` accepted; defaults to 300 s (Canvas's window). */
  readonly maxTokenAgeSeconds?: number
  readonly clock?: Clock
}

const REQUIRED_CLAIMS = [
  'iss',
  'aud',
  'exp',
  'iat',
  'nonce',
  CLAIM.deploymentId,
  CLAIM.messageType,
  CLAIM.version,
]

/**
 * Verifies a tool's `LtiDeepLinkingResponse` (the `JWT` form field posted to the platform's
 * `deep_link_return_url`) and returns its items and messages. Checks, in order: size; signature
 * with a key chosen by `kid` and an algorithm from `algorithms` only; `iss` = client_id; `aud`
 * contains the platform issuer; `exp`/`iat` within the tolerance and age; `message_type`,
 * `version`, `deployment_id`; `data` echoed; every item against the settings; and finally the
 * nonce, consumed once (so only a response that passed every check uses it up).
 * @throws LtiError with a stable code for each failure (see docs/errors.md).
 * @example
 * const response = await verifyDeepLinkingResponse(form.get('JWT'), { keys, clientId,
 *   platformIssuer, deploymentId, settings, nonceStore })
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function verifyDeepLinkingResponse(
  jwt: string,
  options: VerifyDeepLinkingResponseOptions,
): Promise<DeepLinkingResponse> {
  if (typeof jwt !== 'string') throw new TypeError('the JWT must be a string')
  if (jwt.length > MAX_RESPONSE_JWT_LENGTH) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { claim: 'JWT', detail: `${jwt.length} chars` })
  }
  const payload = await verifyJwt(jwt, options)
  checkMessage(payload, options)
  const claims = parseClaims(payload)
  checkData(claims[CLAIM.deepLinkingData], options)
  const items = checkContentItems(claims[CLAIM.contentItems] ?? [], options.settings)
  await consumeNonce(claims.nonce, payload, options)
  return {
    items,
    msg: claims[CLAIM.deepLinkingMsg],
    log: claims[CLAIM.deepLinkingLog],
    errormsg: claims[CLAIM.deepLinkingErrorMsg],
    errorlog: claims[CLAIM.deepLinkingErrorLog],
    data: claims[CLAIM.deepLinkingData],
  }
}

function toleranceOf(options: VerifyDeepLinkingResponseOptions): number {
  return options.clockToleranceSeconds ?? 60
}

function maxAgeOf(options: VerifyDeepLinkingResponseOptions): number {
  return options.maxTokenAgeSeconds ?? 300
}

/** SEC §5.2: signature, `iss` = client_id, `aud` ∋ platform issuer, `exp`, `iat`. */
async function verifyJwt(
  jwt: string,
  options: VerifyDeepLinkingResponseOptions,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(jwt, options.keys, {
      algorithms: [...(options.algorithms ?? DEFAULT_ALGORITHMS)],
      issuer: options.clientId,
      audience: options.platformIssuer,
      clockTolerance: toleranceOf(options),
      maxTokenAge: maxAgeOf(options),
      currentDate: new Date((options.clock ?? systemClock)()),
      requiredClaims: REQUIRED_CLAIMS,
    })
    // SEC §5.1.3 step 3 mirrored: an `aud` array with other, untrusted audiences is refused too.
    if (Array.isArray(payload.aud) && payload.aud.some((aud) => aud !== options.platformIssuer)) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
        claim: 'aud',
        detail: 'aud lists audiences besides this platform',
      })
    }
    return payload
  } catch (error) {
    throw toLtiError(error)
  }
}

function checkMessage(payload: JWTPayload, options: VerifyDeepLinkingResponseOptions): void {
  // DL §4.2: "message_type ... MUST be LtiDeepLinkingResponse" (exact case; the 2019 errata).
  if (payload[CLAIM.messageType] !== MESSAGE_TYPE.deepLinkingResponse) {
    throw new LtiError('ERR_LTI_DL_MESSAGE_TYPE_INVALID', { claim: CLAIM.messageType })
  }
  if (payload[CLAIM.version] !== LTI_VERSION) {
    throw new LtiError('ERR_LTI_DL_VERSION_INVALID', { claim: CLAIM.version })
  }
  // The response MUST carry the deployment_id of the request it answers.
  if (payload[CLAIM.deploymentId] !== options.deploymentId) {
    throw new LtiError('ERR_LTI_DL_DEPLOYMENT_MISMATCH', { claim: CLAIM.deploymentId })
  }
}

function parseClaims(payload: JWTPayload) {
  const parsed = deepLinkingResponseClaimsSchema.safeParse(payload)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new LtiError('ERR_LTI_INVALID_PAYLOAD', {
    claim: String(issue?.path[0] ?? ''),
    detail: issue?.message ?? 'invalid claim',
  })
}

/** DL §4.4.2: `data` "MUST be returned ... if it was present in the request", unchanged. */
function checkData(data: string | undefined, options: VerifyDeepLinkingResponseOptions): void {
  const { expectedData, settings } = options
  if (expectedData !== undefined && settings.data !== undefined && expectedData !== settings.data) {
    throw new TypeError('expectedData and settings.data differ')
  }
  const expected = expectedData ?? settings.data
  if (expected !== undefined && data !== expected) {
    throw new LtiError('ERR_LTI_DL_DATA_MISMATCH', {
      claim: CLAIM.deepLinkingData,
      detail: data === undefined ? 'absent' : 'differs',
    })
  }
}

/**
 * SEC §5.1.3 step 9 mirrored: the nonce is single use. It is kept until the token can no longer
 * pass the `exp` and age checks, whichever ends first.
 */
async function consumeNonce(
  nonce: string,
  payload: JWTPayload,
  options: VerifyDeepLinkingResponseOptions,
): Promise<void> {
  const iat = payload.iat ?? 0
  const exp = payload.exp ?? 0
  const until = Math.min(exp, iat + maxAgeOf(options)) + toleranceOf(options)
  const fresh = await options.nonceStore.consume(
    `lti-dl-response:${options.clientId}`,
    nonce,
    until * 1000,
  )
  if (!fresh) throw new LtiError('ERR_LTI_DL_NONCE_REPLAYED', { claim: 'nonce' })
}
