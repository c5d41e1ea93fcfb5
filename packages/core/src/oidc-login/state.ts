import { LtiError } from '../errors/lti-error.js'
import { randomId } from '../internal/random.js'

/** The per-login secrets the tool binds to the browser. */
export interface LoginState {
  /** CSRF token: bound to the browser (cookie or platform storage), compared on the launch. */
  readonly state: string
  /** Put in the authentication request; the platform copies it into the id_token. */
  readonly nonce: string
}

/**
 * Tool side: a fresh `state` and `nonce`, 256 bits each from the platform CSPRNG.
 * @example
 * const { state, nonce } = createLoginState()
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export function createLoginState(): LoginState {
  return { state: randomId(32), nonce: randomId(32) }
}

/** Compares two strings in time independent of where they differ. */
function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a)
  const right = new TextEncoder().encode(b)
  let difference = left.length ^ right.length
  for (let index = 0; index < left.length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index % Math.max(right.length, 1)] ?? 0)
  }
  return difference === 0
}

/**
 * Tool side: the launch's `state` MUST equal the one bound to this browser in step 1. A missing
 * bound state (cookie blocked or expired) fails too: there is no mode that skips this check.
 * @throws LtiError ERR_LTI_STATE_MISMATCH
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-3-authentication-response
 */
export function assertStateMatches(received: string, expected: string | undefined): void {
  if (expected === undefined || expected === '') {
    throw new LtiError('ERR_LTI_STATE_MISMATCH', {
      claim: 'state',
      detail: 'no state is bound to this browser',
    })
  }
  if (!timingSafeEqual(received, expected)) {
    throw new LtiError('ERR_LTI_STATE_MISMATCH', { claim: 'state', detail: 'state differs' })
  }
}
