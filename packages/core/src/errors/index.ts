export { errorCatalogue, type LtiErrorCode } from './catalogue.js'
export { type ErrorDefinition, SPEC } from './define.js'
export { isLtiError, LtiError, type LtiErrorOptions, type LtiProblem } from './lti-error.js'
