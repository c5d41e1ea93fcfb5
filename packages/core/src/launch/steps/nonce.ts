import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'
import { requiredNumber, requiredString } from './claim-values.js'

/** Longest accepted nonce; the store should not be asked to keep arbitrary amounts of data. */
const MAX_NONCE_LENGTH = 1024

/** The store scope: nonces are unique per platform and client, not across the whole world. */
export function nonceScope(issuer: string, clientId: string): string {
  return `lti-id-token ${issuer} ${clientId}`
}

/**
 * The nonce is single use: it is recorded with an atomic `consume` (insert-if-absent), and only
 * after the signature, issuer, audience and time checks passed, so forged tokens cannot fill the
 * store or burn a real nonce. It is kept until the token could no longer pass the time checks.
 * When the tool bound a nonce to the browser, the token's nonce must be that one.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const nonce: LaunchStep = {
  name: 'nonce',
  async run(context) {
    const payload = payloadOf(context)
    const { options } = context
    const value = requiredString(payload, 'nonce')
    if (value.length > MAX_NONCE_LENGTH) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', { claim: 'nonce', detail: 'nonce too long' })
    }
    if (options.expectedNonce !== undefined && value !== options.expectedNonce) {
      throw new LtiError('ERR_LTI_NONCE_MISMATCH', { claim: 'nonce' })
    }
    const usableUntil = Math.max(
      requiredNumber(payload, 'exp'),
      requiredNumber(payload, 'iat') + options.maxAgeSeconds,
    )
    const expiresAt = (usableUntil + options.clockToleranceSeconds) * 1000
    const fresh = await options.nonceStore.consume(
      nonceScope(options.issuer, options.clientId),
      value,
      expiresAt,
    )
    if (!fresh) throw new LtiError('ERR_LTI_NONCE_REPLAYED', { claim: 'nonce' })
  },
}
