/**
 * LTI 1.1 Basic Outcomes: POX over OAuth 1.0 with `oauth_body_hash`, for both sides.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export { computeBodyHash } from './body-hash.js'
export { outcomesErrors } from './errors.js'
export {
  handleOutcomeRequest,
  type OutcomeContext,
  type OutcomeHandlers,
  type OutcomeVerifierDeps,
  type VerifiedOutcomeRequest,
  verifyOutcomeRequest,
} from './platform.js'
export {
  buildOutcomeRequestXml,
  DEFAULT_MAX_POX_BYTES,
  parseOutcomeRequest,
} from './pox-request.js'
export {
  buildOutcomeResponse,
  type OutcomeResponseInput,
  parseOutcomeResponse,
} from './pox-response.js'
export {
  type CodeMajor,
  OUTCOME_OPERATIONS,
  type OutcomeOperation,
  type OutcomeOperationName,
  type OutcomeRequest,
  type OutcomeResponse,
  POX_NAMESPACE,
  type ResultData,
  type Severity,
} from './schema.js'
export { formatScore, parseScore } from './score.js'
export {
  buildOutcomeRequest,
  type BuildOutcomeRequestOptions,
  processOutcomeResponse,
  type ProcessOutcomeResponseOptions,
} from './tool.js'
