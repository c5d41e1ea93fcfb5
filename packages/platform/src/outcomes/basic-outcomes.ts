/**
 * LTI 1.1 Basic Outcomes: the POX service (`lis_outcome_service_url`) where LTI 1.1 tools replace,
 * read and delete the score of a `lis_result_sourcedid`. Requests are signed with the
 * connection's consumer key and secret (OAuth 1.0a with `oauth_body_hash`); scores land in the
 * same grade book as AGS scores, as a fraction of the assignment's points possible.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
import type { PlatformDeps } from '../config.js'
import { handleOutcomeRequest, LtiError, type OutcomeHandlers } from '../internal/core.js'
import type { Assignment, SourcedIdBinding } from '../ports.js'

/** A result a sourcedid stands for, checked to still be gradable. */
interface GradableResult {
  readonly binding: SourcedIdBinding
  readonly assignment: Assignment & { readonly pointsPossible: number }
}

function notGradable(detail: string): LtiError {
  // "The lis_result_sourcedid does not identify a gradable result": the tool gets `failure`.
  return new LtiError('ERR_LTI_OUTCOME_UNKNOWN_SOURCEDID', { claim: 'sourcedId', detail })
}

/**
 * Resolves a sourcedid for the connection that signed the request: it must have been issued to
 * that connection, score passback must still be on, the user must still be enrolled, and the
 * link's assignment must be scored by points.
 */
async function gradableResult(
  deps: PlatformDeps,
  sourcedId: string,
  consumerKey: string,
): Promise<GradableResult> {
  const connection = await deps.connections.findByConsumerKey(consumerKey)
  const binding = await deps.sourcedIds.resolve(sourcedId)
  // A sourcedid of another connection is unknown to this one: tools never grade each other's links.
  if (connection === undefined || binding?.connectionId !== connection.id) {
    throw notGradable('unknown to this consumer key')
  }
  if (!connection.features.scorePassback) throw notGradable('score passback is off')
  const link = await deps.resourceLinks.get(binding.resourceLinkId)
  if (link === undefined || link.assignmentId === undefined)
    throw notGradable('link or assignment gone')
  const enrolment = await deps.directory.getEnrolment(link.contextId, binding.userId)
  if (enrolment?.status !== 'active') throw notGradable('the user is no longer enrolled')
  const assignment = await deps.directory.getAssignment(link.assignmentId)
  const points = assignment?.pointsPossible
  if (assignment?.scoringType !== 'points' || points === undefined || !(points > 0)) {
    throw notGradable('the assignment is not scored by points')
  }
  return { binding, assignment: { ...assignment, pointsPossible: points } }
}

async function write(
  deps: PlatformDeps,
  result: GradableResult,
  fraction: number | null,
): Promise<void> {
  const now = deps.clock()
  const { pointsPossible } = result.assignment
  const outcome = await deps.gradeBook.write({
    assignmentId: result.assignment.id,
    userId: result.binding.userId,
    points: fraction === null ? null : Number((fraction * pointsPossible).toPrecision(12)),
    pointsPossible,
    source: { connectionId: result.binding.connectionId, protocol: 'basic-outcomes' },
    timestamp: new Date(now).toISOString(),
    timestampMs: now,
  })
  if (outcome === 'stale') throw notGradable('a newer grade is on record')
}

function handlers(deps: PlatformDeps): OutcomeHandlers {
  return {
    async replaceResult(operation, { consumerKey }) {
      const result = await gradableResult(deps, operation.sourcedId, consumerKey)
      await write(deps, result, operation.score)
    },
    async readResult(operation, { consumerKey }) {
      const result = await gradableResult(deps, operation.sourcedId, consumerKey)
      const entry = await deps.gradeBook.read(result.assignment.id, result.binding.userId)
      if (entry?.points === null || entry === undefined || !(entry.pointsPossible > 0)) return null
      // Basic Outcomes scores are in [0, 1]; extra credit given through AGS reads as 1.
      return Math.min(1, Math.max(0, Number((entry.points / entry.pointsPossible).toPrecision(12))))
    },
    async deleteResult(operation, { consumerKey }) {
      const result = await gradableResult(deps, operation.sourcedId, consumerKey)
      await write(deps, result, null)
    },
  }
}

/** Options of {@link handleBasicOutcomes}. */
export interface BasicOutcomesOptions {
  /** Told of each refused authentication (wrong signature, replayed nonce, …); must not throw. */
  readonly onRejected?: (error: LtiError) => void
}

/**
 * `POST {lis_outcome_service_url}`: verifies the body hash, the signature with the secret of the
 * connection whose consumer key signed it (active connections only), the timestamp and the nonce;
 * then runs replaceResult (score in [0.0, 1.0] × points possible), readResult or deleteResult.
 * Authentication failures answer with their HTTP status; every other outcome is HTTP 200 with
 * `success`, `failure` or `unsupported` in the POX envelope.
 *
 * @example
 * app.post('/lti/outcomes', (request) => handleBasicOutcomes(request, deps))
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function handleBasicOutcomes(
  request: Request,
  deps: PlatformDeps,
  options: BasicOutcomesOptions = {},
): Promise<Response> {
  return handleOutcomeRequest(request, {
    ...(options.onRejected === undefined ? {} : { onRejected: options.onRejected }),
    url: deps.settings.endpoints.outcomes,
    lookupConsumerSecret: async (consumerKey) => {
      const connection = await deps.connections.findByConsumerKey(consumerKey)
      return connection?.status === 'active' ? connection.lti11?.secret : undefined
    },
    nonceStore: deps.nonces,
    clock: deps.clock,
    handlers: handlers(deps),
  })
}
