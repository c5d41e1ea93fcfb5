import { isLtiError, type LtiError } from '../internal/core.js'
import { type ToolErrorCode, toolErrorCatalogue } from './catalogue.js'

/** Options of {@link ToolError}; the same shape as core's `LtiErrorOptions`. */
export interface ToolErrorOptions {
  /** Private detail for logs; never shown to the user. */
  readonly detail?: string
  /** The claim or parameter at fault, when there is one. */
  readonly claim?: string
  readonly cause?: unknown
}

/**
 * An error of the tool layer (a refused enrolment, an unknown platform...) with a stable code.
 * It has the same public members as core's `LtiError`, so pages and logs treat both alike.
 *
 * @see docs/errors.md (section "Tool layer")
 */
export class ToolError extends Error {
  override readonly name = 'ToolError'
  readonly code: ToolErrorCode
  readonly status: number
  readonly spec: string | undefined
  readonly description: string
  readonly detail: string | undefined
  readonly claim: string | undefined
  readonly expose: boolean

  constructor(code: ToolErrorCode, options: ToolErrorOptions = {}) {
    const entry = toolErrorCatalogue[code]
    super(entry.description, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = entry.status
    this.spec = 'spec' in entry ? entry.spec : undefined
    this.description = entry.description
    this.detail = options.detail
    this.claim = options.claim
    this.expose = entry.status < 500
  }
}

/** Either kind of coded error: the protocol's or the tool layer's. */
export type CodedError = LtiError | ToolError

/** Narrows an unknown value to a coded error, optionally of one code. */
export function isCodedError(value: unknown, code?: string): value is CodedError {
  const coded = value instanceof ToolError || isLtiError(value)
  return coded && (code === undefined || value.code === code)
}
