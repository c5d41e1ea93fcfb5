import { isLaunchMessageType } from '../../claims/messages.js'
import { CLAIM } from '../../claims/uris.js'
import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'
import { requiredString } from './claim-values.js'

/**
 * The message type must be a launch type ltihub validates and, when the endpoint names the types
 * it handles, one of those (a resource link launch sent to a deep-linking-only endpoint fails).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#message-type-claim
 */
export const messageType: LaunchStep = {
  name: 'message-type',
  run(context) {
    const value = requiredString(payloadOf(context), CLAIM.messageType)
    const expected: readonly string[] | undefined = context.options.expectedMessageTypes
    if (!isLaunchMessageType(value) || (expected !== undefined && !expected.includes(value))) {
      throw new LtiError('ERR_LTI_MESSAGE_TYPE_UNSUPPORTED', {
        claim: CLAIM.messageType,
        detail: `message_type ${value}`,
      })
    }
    context.messageType = value
  },
}
