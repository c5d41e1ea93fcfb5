import {
  CatalogueError,
  type CatalogueErrorOptions,
  isLtiError,
  type LtiError,
} from '../internal/core.js'
import { type ToolErrorCode, toolErrorCatalogue } from './catalogue.js'

/** Options of {@link ToolError}; the same shape as core's `LtiErrorOptions`. */
export type ToolErrorOptions = CatalogueErrorOptions

/**
 * An error of the tool layer (a refused enrolment, an unknown platform...) with a stable code.
 * It has the same public members as core's `LtiError`, so pages and logs treat both alike.
 *
 * @see docs/errors.md (section "Tool layer")
 */
export class ToolError extends CatalogueError<ToolErrorCode> {
  override readonly name = 'ToolError'

  constructor(code: ToolErrorCode, options: ToolErrorOptions = {}) {
    super(code, toolErrorCatalogue[code], options)
  }
}

/** Either kind of coded error: the protocol's or the tool layer's. */
export type CodedError = LtiError | ToolError

/** Narrows an unknown value to a coded error, optionally of one code. */
export function isCodedError(value: unknown, code?: string): value is CodedError {
  const coded = value instanceof ToolError || isLtiError(value)
  return coded && (code === undefined || value.code === code)
}
