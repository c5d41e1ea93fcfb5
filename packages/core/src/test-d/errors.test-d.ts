/** Type-level tests: error codes are a closed union of literals, and guards narrow. */
import {
  errorCatalogue,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  type LtiProblem,
} from '../index.js'
import { assertType, type Equals } from './equals.js'

assertType<Equals<LtiErrorCode, keyof typeof errorCatalogue>>()
// A union of literal codes, not `string`.
assertType<Equals<string extends LtiErrorCode ? true : false, false>>()
assertType<Equals<'ERR_LTI_NONCE_REPLAYED' extends LtiErrorCode ? true : false, true>>()
assertType<Equals<LtiError['code'], LtiErrorCode>>()
assertType<Equals<LtiProblem['code'], LtiErrorCode>>()

export const known = new LtiError('ERR_LTI_JWT_EXPIRED', { claim: 'exp', detail: 'private' })
// @ts-expect-error an unknown code is a compile error, not a runtime surprise
export const unknown = new LtiError('ERR_LTI_NO_SUCH_CODE')
// @ts-expect-error codes are exact (case-sensitive) literals
export const lowerCase = new LtiError('err_lti_jwt_expired')

export function handle(error: unknown): number {
  if (isLtiError(error, 'ERR_LTI_NONCE_REPLAYED')) {
    assertType<Equals<typeof error, LtiError>>()
    return error.status
  }
  // @ts-expect-error the code argument of the guard is checked too
  isLtiError(error, 'ERR_LTI_NOPE')
  return 500
}

// The catalogue entries carry status and description for every code.
export const status: number = errorCatalogue.ERR_LTI_STATE_MISMATCH.status
export const description: string = errorCatalogue.ERR_LTI_STATE_MISMATCH.description
