import type { ErrorDefinition } from './define.js'

export interface CatalogueErrorOptions {
  /** Private detail for logs; never sent to a caller. */
  readonly detail?: string
  /** The claim, parameter or field at fault, when there is one. */
  readonly claim?: string
  /** The underlying error, kept for logs. */
  readonly cause?: unknown
}

/** The public JSON body of an error response (`application/problem+json`). */
export interface CodedProblem<Code extends string> {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly code: Code
  readonly claim?: string
}

/**
 * An error with a stable code from a catalogue (core's, or a layer's of the same shape):
 * `description` is public, `detail` stays on the server. Core's `LtiError` and the platform and
 * tool layers' errors all extend it, so they carry and render the same fields.
 */
export abstract class CatalogueError<Code extends string> extends Error {
  readonly code: Code
  readonly status: number
  readonly spec: string | undefined
  readonly description: string
  readonly detail: string | undefined
  readonly claim: string | undefined
  /** Whether the description may be shown to the caller (every client error may). */
  readonly expose: boolean

  protected constructor(code: Code, entry: ErrorDefinition, options: CatalogueErrorOptions) {
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
  toProblem(): CodedProblem<Code> {
    return {
      type: this.spec ?? 'about:blank',
      title: this.expose ? this.description : 'Internal error',
      status: this.status,
      code: this.code,
      ...(this.claim !== undefined && this.expose ? { claim: this.claim } : {}),
    }
  }
}
