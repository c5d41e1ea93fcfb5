import { errorCatalogue, type LtiErrorCode } from './catalogue.js'
import { CatalogueError, type CatalogueErrorOptions, type CodedProblem } from './catalogue-error.js'

export type LtiErrorOptions = CatalogueErrorOptions

/**
 * A protocol error with a stable code. `description` is public; `detail` stays on the server.
 * Misuse by calling code (wrong argument types, missing configuration) raises `TypeError` instead.
 */
export class LtiError extends CatalogueError<LtiErrorCode> {
  override readonly name = 'LtiError'

  constructor(code: LtiErrorCode, options: LtiErrorOptions = {}) {
    super(code, errorCatalogue[code], options)
  }
}

/** The public JSON body of an error response (`application/problem+json`). */
export type LtiProblem = CodedProblem<LtiErrorCode>

/** Narrows an unknown value to an `LtiError`, optionally of one code. */
export function isLtiError(value: unknown, code?: LtiErrorCode): value is LtiError {
  return value instanceof LtiError && (code === undefined || value.code === code)
}
