import { errorCatalogue, type LtiErrorCode } from './catalogue.js'
import type { ErrorDefinition } from './define.js'

export interface LtiErrorOptions {
  /** Private detail for logs; never sent to a caller. */
  readonly detail?: string
  /** The claim, parameter or field at fault, when there is one. */
  readonly claim?: string
  /** The underlying error, kept for logs. */
  readonly cause?: unknown
}

/**
 * A protocol error with a stable code. `description` is public; `detail` stays on the server.
 * Misuse by calling code (wrong argument types, missing configuration) raises `TypeError` instead.
 */
export class LtiError extends Error {
  override readonly name = 'LtiError'
  readonly code: LtiErrorCode
  readonly status: number
  readonly spec: string | undefined
  readonly description: string
  readonly detail: string | undefined
  readonly claim: string | undefined
  /** Whether the description may be shown to the caller (every client error may). */
  readonly expose: boolean

  constructor(code: LtiErrorCode, options: LtiErrorOptions = {}) {
    const entry: ErrorDefinition = errorCatalogue[code]
    super(entry.description, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = entry.status
    this.spec = entry.spec
    this.description = entry.description
    this.detail = options.detail
    this.claim = options.claim
    this.expose = entry.status < 500
  }

  /** RFC 9457 problem details: public fields only. */
  toProblem(): LtiProblem {
    return {
      type: this.spec ?? 'about:blank',
      title: this.expose ? this.description : 'Internal error',
      status: this.status,
      code: this.code,
      ...(this.claim !== undefined && this.expose ? { claim: this.claim } : {}),
    }
  }
}

/** The public JSON body of an error response (`application/problem+json`). */
export interface LtiProblem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly code: LtiErrorCode
  readonly claim?: string
}

/** Narrows an unknown value to an `LtiError`, optionally of one code. */
export function isLtiError(value: unknown, code?: LtiErrorCode): value is LtiError {
  return value instanceof LtiError && (code === undefined || value.code === code)
}
