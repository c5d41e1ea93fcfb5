import { payloadOf, type LaunchStep } from '../context.js'
import { optionalString, requiredString } from './claim-values.js'

/**
 * `sub` is REQUIRED "except in anonymous launches" (CORE §5.3.6), which the tool accepts only when
 * it opts in with `allowAnonymousLaunches` (the certification "user Claim Missing" case must fail).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#user-identity-claims
 */
export const subjectUnlessAnonymous: LaunchStep = {
  name: 'sub',
  run(context) {
    const payload = payloadOf(context)
    if (context.options.allowAnonymousLaunches) optionalString(payload, 'sub')
    else requiredString(payload, 'sub')
  },
}

/**
 * A submission review names its viewer in `sub`: always REQUIRED.
 * @see https://www.imsglobal.org/spec/lti-sr/v1p0/#lti-submission-review-request-message
 */
export const subjectRequired: LaunchStep = {
  name: 'sub',
  run(context) {
    requiredString(payloadOf(context), 'sub')
  },
}
