export { type ToolErrorCode, toolErrorCatalogue, toolErrorSection } from './catalogue.js'
export { type CodedError, isCodedError, ToolError, type ToolErrorOptions } from './tool-error.js'
