import { ToolError } from '../errors/tool-error.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { PlatformRegistration } from '../records.js'

/**
 * The registration's deployment policy, as core's `isDeploymentAccepted`: a known active
 * deployment passes; an unknown one is recorded as active (policy `accept`) or pending (policy
 * `pending`, for an administrator to approve); pending and disabled ones are refused with their own
 * codes. Runs only after the id_token's signature verified, so forged tokens record nothing.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lti-deployment-id-claim
 */
export async function acceptDeployment(
  runtime: ToolRuntime,
  registration: PlatformRegistration,
  deploymentId: string,
): Promise<boolean> {
  const store = runtime.ports.registrations
  let deployment = await store.findDeployment(registration.id, deploymentId)
  if (deployment === undefined) {
    deployment = await store.recordDeployment({
      registrationId: registration.id,
      deploymentId,
      status: registration.deploymentPolicy === 'accept' ? 'active' : 'pending',
      firstSeenAt: runtime.clock(),
    })
    runtime.emit({
      type: 'deployment.recorded',
      registrationId: registration.id,
      deploymentId,
      status: deployment.status,
    })
  }
  if (deployment.status === 'active') return true
  throw new ToolError(
    deployment.status === 'pending' ? 'ERR_LTI_DEPLOYMENT_PENDING' : 'ERR_LTI_DEPLOYMENT_DISABLED',
    { detail: `${registration.id} / ${deploymentId}` },
  )
}
