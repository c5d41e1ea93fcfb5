/**
 * Basic Outcomes (LTI 1.1 POX) messages as typed values.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */

/** The POX namespace of the request and response envelopes. */
export const POX_NAMESPACE = 'http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0'

/** Operation names, as `imsx_operationRefIdentifier` carries them (without `Request`). */
export const OUTCOME_OPERATIONS = ['replaceResult', 'readResult', 'deleteResult'] as const

export type OutcomeOperationName = (typeof OUTCOME_OPERATIONS)[number]

/** Optional `resultData` extension, sent only when `ext_outcome_data_values_accepted` lists it. */
export type ResultData = { readonly text: string } | { readonly url: string }

/** One Basic Outcomes operation on the result `sourcedId` (the launch's `lis_result_sourcedid`). */
export type OutcomeOperation =
  | {
      readonly operation: 'replaceResult'
      readonly sourcedId: string
      /** A decimal in [0.0, 1.0]. */
      readonly score: number
      readonly resultData?: ResultData
    }
  | { readonly operation: 'readResult'; readonly sourcedId: string }
  | { readonly operation: 'deleteResult'; readonly sourcedId: string }

/** A parsed request: the operation plus the `imsx_messageIdentifier` to echo in the response. */
export type OutcomeRequest = OutcomeOperation & { readonly messageIdentifier: string }

export type CodeMajor = 'success' | 'failure' | 'unsupported' | 'processing'

export type Severity = 'status' | 'warning' | 'error'

/** What a platform answers (and what a tool reads back). */
export interface OutcomeResponse {
  readonly codeMajor: CodeMajor
  readonly severity: Severity
  readonly description: string
  /** The response's own `imsx_messageIdentifier`. */
  readonly messageIdentifier: string
  /** The request's `imsx_messageIdentifier`, echoed. */
  readonly messageRefIdentifier: string
  /** `replaceResult`, `readResult`, `deleteResult`, or the unsupported operation's name. */
  readonly operation: string
  /** `readResult` only: the stored score, `null` when there is none. */
  readonly score?: number | null
}
