import { deploymentIdSchema } from '../../claims/primitives.js'
import { CLAIM } from '../../claims/uris.js'
import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'
import { requiredString } from './claim-values.js'

/**
 * `deployment_id` is REQUIRED in every message, at most 255 ASCII characters, and must be one the
 * tool accepts for this registration ("a tool MUST accept multiple deployments under one client_id",
 * so the decision belongs to the caller's `isDeploymentAccepted`).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lti-deployment-id-claim
 */
export const deploymentId: LaunchStep = {
  name: 'deployment-id',
  async run(context) {
    const claim = CLAIM.deploymentId
    const value = requiredString(payloadOf(context), claim)
    if (!deploymentIdSchema.safeParse(value).success) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
        claim,
        detail: 'over 255 chars or not ASCII',
      })
    }
    if (!(await context.options.isDeploymentAccepted(value))) {
      throw new LtiError('ERR_LTI_DEPLOYMENT_NOT_ACCEPTED', {
        claim,
        detail: `deployment ${value}`,
      })
    }
  },
}
