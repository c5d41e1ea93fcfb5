import { defineErrors, SPEC } from '../errors/define.js'

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const outcomesErrors = defineErrors({
  ERR_LTI_OUTCOME_BODY_HASH_MISMATCH: {
    status: 401,
    spec: SPEC.bodyHash,
    description: 'The oauth_body_hash does not match the request body.',
    cause:
      'The body was changed after signing, re-encoded by a proxy, or hashed with another algorithm than the signature method implies.',
    fix: 'Hash the exact bytes sent (SHA-1 for HMAC-SHA1, SHA-256 for HMAC-SHA256) and do not alter the body afterwards.',
  },
  ERR_LTI_OUTCOME_INVALID_SCORE: {
    status: 400,
    spec: SPEC.lti11,
    description: 'The score is not a decimal number between 0.0 and 1.0.',
    cause:
      'The tool sent a score outside [0, 1], a percentage, an exponent, a sign or a comma decimal separator.',
    fix: 'Send the score as a plain decimal such as 0.92, using "." as the separator.',
  },
  ERR_LTI_OUTCOME_UNSUPPORTED_OPERATION: {
    status: 400,
    spec: SPEC.lti11,
    description: 'The Basic Outcomes operation is not supported.',
    cause:
      'The request body holds an operation other than replaceResult, readResult or deleteResult.',
    fix: 'Use one of the three Basic Outcomes operations, or the LTI Advantage services.',
  },
  ERR_LTI_OUTCOME_UNKNOWN_SOURCEDID: {
    status: 404,
    spec: SPEC.lti11,
    description: 'The lis_result_sourcedid does not identify a gradable result.',
    cause: 'The sourcedId was not issued by this platform, the link was deleted, or the user left.',
    fix: 'Use the lis_result_sourcedid of a recent launch of the graded link.',
  },
  ERR_LTI_OUTCOME_SERVICE_ERROR: {
    status: 502,
    spec: SPEC.lti11,
    description: 'The outcome service answered with an HTTP error and no POX response.',
    cause: 'The platform rejected the request before reading it, or the service URL is wrong.',
    fix: 'Check lis_outcome_service_url, the consumer key and secret, and the platform logs.',
  },
})
