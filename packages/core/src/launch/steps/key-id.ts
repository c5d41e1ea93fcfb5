import { LtiError } from '../../errors/lti-error.js'
import { headerOf, type LaunchStep } from '../context.js'

/**
 * The header must name its key (`kid`): the platform key set may hold several keys during
 * rotation, and the certification suite's "Correct KID Required in Header" case must fail.
 * @see https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 */
export const keyIdPresent: LaunchStep = {
  name: 'kid-present',
  run(context) {
    const { kid } = headerOf(context)
    if (typeof kid !== 'string' || kid === '') throw new LtiError('ERR_LTI_KID_MISSING')
  },
}
