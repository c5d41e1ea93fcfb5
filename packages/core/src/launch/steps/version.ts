import { CLAIM, LTI_VERSION } from '../../claims/uris.js'
import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'
import { requiredString } from './claim-values.js'

/**
 * "The version claim MUST be 1.3.0" (the certification suite sends "11.3" and no version).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lti-version-claim
 */
export const version: LaunchStep = {
  name: 'version',
  run(context) {
    const value = requiredString(payloadOf(context), CLAIM.version)
    if (value !== LTI_VERSION) {
      throw new LtiError('ERR_LTI_VERSION_UNSUPPORTED', {
        claim: CLAIM.version,
        detail: `version ${value}`,
      })
    }
  },
}
