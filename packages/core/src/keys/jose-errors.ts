import { errors } from 'jose'
import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'

/** jose error codes, mapped to the stable code ltihub reports for them. */
const JOSE_CODE_MAP: Readonly<Record<string, LtiErrorCode>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'ERR_LTI_JWT_SIGNATURE_INVALID',
  ERR_JOSE_ALG_NOT_ALLOWED: 'ERR_LTI_JWT_ALG_NOT_ALLOWED',
  ERR_JWT_EXPIRED: 'ERR_LTI_JWT_EXPIRED',
  ERR_JWS_INVALID: 'ERR_LTI_JWT_MALFORMED',
  ERR_JWT_INVALID: 'ERR_LTI_JWT_MALFORMED',
  ERR_JWE_INVALID: 'ERR_LTI_JWT_MALFORMED',
  ERR_JWE_DECRYPTION_FAILED: 'ERR_LTI_JWT_MALFORMED',
  // Unsupported `crit` members or an algorithm no key type supports: the token is not one we read.
  ERR_JOSE_NOT_SUPPORTED: 'ERR_LTI_JWT_MALFORMED',
  ERR_JWKS_NO_MATCHING_KEY: 'ERR_LTI_KID_UNKNOWN',
  // A kid that matches two keys means the key set is broken; never guess which one is meant.
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'ERR_LTI_JWKS_INVALID',
  ERR_JWKS_INVALID: 'ERR_LTI_JWKS_INVALID',
  ERR_JWKS_TIMEOUT: 'ERR_LTI_JWKS_UNREACHABLE',
  // jose raises its generic error only for a remote key set answering other than 200 + JSON.
  ERR_JOSE_GENERIC: 'ERR_LTI_JWKS_UNREACHABLE',
  ERR_JWK_INVALID: 'ERR_LTI_KEY_INVALID',
}

function claimFailureCode(error: errors.JWTClaimValidationFailed): LtiErrorCode {
  if (error.reason === 'missing') return 'ERR_LTI_JWT_CLAIM_MISSING'
  const isTime = error.claim === 'nbf' || error.claim === 'iat'
  if (isTime && error.reason === 'check_failed') return 'ERR_LTI_JWT_NOT_YET_VALID'
  return 'ERR_LTI_JWT_CLAIM_INVALID'
}

/**
 * Converts an error raised while verifying a JWT into a coded `LtiError`, so every feature that
 * verifies signed messages (launch, deep linking, client assertions) reports the same codes.
 *
 * An `LtiError` (for example from a key resolver) is returned unchanged. jose's `JOSEError`
 * subclasses are mapped by their stable `code`; claim failures keep the claim name. Any other error
 * is a programming error, not a protocol one, and is rethrown as it is.
 *
 * @example
 * try {
 *   await jwtVerify(token, resolver, { algorithms: ['RS256'] })
 * } catch (error) {
 *   throw toLtiError(error)
 * }
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export function toLtiError(error: unknown): LtiError {
  if (error instanceof LtiError) return error
  if (!(error instanceof errors.JOSEError)) throw error
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new LtiError(claimFailureCode(error), {
      claim: error.claim,
      detail: `${error.code}: ${error.message}`,
      cause: error,
    })
  }
  const code = JOSE_CODE_MAP[error.code] ?? 'ERR_LTI_JWT_MALFORMED'
  const claim = error instanceof errors.JWTExpired ? { claim: error.claim } : {}
  return new LtiError(code, { ...claim, detail: `${error.code}: ${error.message}`, cause: error })
}

/** Alias of {@link toLtiError}. */
export const mapJoseError = toLtiError
