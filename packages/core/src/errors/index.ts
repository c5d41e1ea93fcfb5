export { CatalogueError, type CatalogueErrorOptions, type CodedProblem } from './catalogue-error.js'
export { errorCatalogue, type LtiErrorCode } from './catalogue.js'
export { defineErrors, type ErrorDefinition, SPEC } from './define.js'
export { isLtiError, LtiError, type LtiErrorOptions, type LtiProblem } from './lti-error.js'
export {
  coreErrorSection,
  type ErrorDocSection,
  renderErrorDocs,
  renderErrorSection,
} from './render-docs.js'
