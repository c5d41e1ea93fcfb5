import type { JWTPayload } from 'jose'
import { LtiError } from '../../errors/lti-error.js'

/** A claim that must be a non-empty string. */
export function requiredString(payload: JWTPayload, claim: string): string {
  const value = payload[claim]
  if (value === undefined || value === null)
    throw new LtiError('ERR_LTI_JWT_CLAIM_MISSING', { claim })
  if (typeof value !== 'string' || value === '') {
    throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
      claim,
      detail: `${claim} is not a non-empty string`,
    })
  }
  return value
}

/** A claim that, when present, must be a non-empty string. */
export function optionalString(payload: JWTPayload, claim: string): string | undefined {
  return payload[claim] === undefined ? undefined : requiredString(payload, claim)
}

/** A claim that must be a finite number (a NumericDate). */
export function requiredNumber(payload: JWTPayload, claim: string): number {
  const value = payload[claim]
  if (value === undefined || value === null)
    throw new LtiError('ERR_LTI_JWT_CLAIM_MISSING', { claim })
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', { claim, detail: `${claim} is not a number` })
  }
  return value
}
