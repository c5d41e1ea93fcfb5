import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'
import { requiredString } from './claim-values.js'

/**
 * "The Issuer Identifier for the Platform MUST exactly match the value of the iss (Issuer) Claim":
 * case-sensitive, no trailing-slash or other normalisation.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const issuer: LaunchStep = {
  name: 'iss',
  run(context) {
    const iss = requiredString(payloadOf(context), 'iss')
    if (iss !== context.options.issuer) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
        claim: 'iss',
        detail: `iss ${JSON.stringify(iss)} is not the registered issuer`,
      })
    }
  },
}
