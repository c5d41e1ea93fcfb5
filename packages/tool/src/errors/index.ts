export { type ToolErrorCode, toolErrorCatalogue } from './catalogue.js'
export { type CodedError, isCodedError, ToolError, type ToolErrorOptions } from './tool-error.js'
