import type { ToolPorts } from '../ports.js'
import type { Enrolment, GradeTarget } from '../records.js'

type Ports = Pick<ToolPorts, 'rosterSources' | 'registrations' | 'learners'>

const LTI13 = 'lti13:'

/**
 * The grade target of an LTI 1.3 enrolment that has none of its own: a member sync enrolled the
 * learner, who never launched, so no launch named their line item. Their platform context's line
 * item (from any launch in the context, or the one the tool created there via AGS) receives an
 * AGS score for their platform user id, the NRPS `user_id` (= `sub`), which is the learner's
 * external ID without the registration's LMS ID prefix. Undefined when the context has no known
 * line item (or for LTI 1.1, whose outcome service needs a per-user `lis_result_sourcedid`).
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function contextGradeTarget(
  ports: Ports,
  enrolment: Enrolment,
): Promise<GradeTarget | undefined> {
  if (!enrolment.consumer.startsWith(LTI13) || enrolment.contextId === undefined) return undefined
  const registrationId = enrolment.consumer.slice(LTI13.length)
  const source = (await ports.rosterSources.list(enrolment.publicationId)).find(
    (s) =>
      s.kind === 'lti13' &&
      s.registrationId === registrationId &&
      s.contextId === enrolment.contextId &&
      s.lineItemUrl !== undefined,
  )
  if (source?.kind !== 'lti13' || source.lineItemUrl === undefined) return undefined
  const registration = await ports.registrations.get(registrationId)
  const learner = await ports.learners.get(enrolment.learnerId)
  if (registration === undefined || learner === undefined) return undefined
  // External IDs are `<prefix>:<user id>` and prefixes hold no ':' (see externalIdOf).
  const prefix = `${registration.lmsIdPrefix}:`
  if (!learner.externalId.startsWith(prefix)) return undefined
  return {
    kind: 'ags',
    registrationId,
    deploymentId: source.deploymentId,
    lineItemUrl: source.lineItemUrl,
    userId: learner.externalId.slice(prefix.length),
  }
}
