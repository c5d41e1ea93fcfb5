import { LtiError } from '../../errors/lti-error.js'
import { nowSeconds, payloadOf, type LaunchStep } from '../context.js'
import { requiredNumber } from './claim-values.js'

/**
 * `exp` must be in the future and `iat` neither in the future nor older than `maxAgeSeconds`, each
 * with `clockToleranceSeconds` of skew; `nbf`, when sent, must have passed. "The current time MUST
 * be before the time represented by the exp Claim"; the tool "MAY reject tokens issued too far
 * away from the current time".
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const timestamps: LaunchStep = {
  name: 'exp-iat',
  run(context) {
    const payload = payloadOf(context)
    const { clockToleranceSeconds: skew, maxAgeSeconds } = context.options
    const now = nowSeconds(context)
    const exp = requiredNumber(payload, 'exp')
    const iat = requiredNumber(payload, 'iat')
    if (exp <= now - skew) {
      throw new LtiError('ERR_LTI_JWT_EXPIRED', { claim: 'exp', detail: `exp ${exp}, now ${now}` })
    }
    if (iat > now + skew) {
      throw new LtiError('ERR_LTI_JWT_NOT_YET_VALID', {
        claim: 'iat',
        detail: `iat ${iat}, now ${now}`,
      })
    }
    if (now - iat > maxAgeSeconds + skew) {
      throw new LtiError('ERR_LTI_JWT_EXPIRED', {
        claim: 'iat',
        detail: `issued ${now - iat} s ago, limit ${maxAgeSeconds} s`,
      })
    }
    const nbf = payload.nbf === undefined ? undefined : requiredNumber(payload, 'nbf')
    if (nbf !== undefined && nbf > now + skew) {
      throw new LtiError('ERR_LTI_JWT_NOT_YET_VALID', {
        claim: 'nbf',
        detail: `nbf ${nbf}, now ${now}`,
      })
    }
  },
}
