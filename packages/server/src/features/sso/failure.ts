/** Why a single sign-on did not complete: a reason for the page, detail for the log only. */
export type SsoFailureReason =
  | 'provider-unknown'
  | 'provider-disabled'
  | 'flow-missing'
  | 'state-mismatch'
  | 'provider-error'
  | 'provider-unreachable'
  | 'token-invalid'
  | 'email-missing'
  | 'email-unverified'
  | 'unknown-person'

export class SsoFailure extends Error {
  override readonly name = 'SsoFailure'
  readonly reason: SsoFailureReason
  /** Public words to add to the page (the provider's error code, the email address). */
  readonly shown: string | undefined

  constructor(
    reason: SsoFailureReason,
    options: { detail?: string; shown?: string; cause?: unknown } = {},
  ) {
    super(options.detail ?? reason, { cause: options.cause })
    this.reason = reason
    this.shown = options.shown
  }
}

/** The HTTP status each failure is answered with. */
export const FAILURE_STATUS: Record<SsoFailureReason, number> = {
  'provider-unknown': 404,
  'provider-disabled': 403,
  'flow-missing': 400,
  'state-mismatch': 400,
  'provider-error': 400,
  'provider-unreachable': 502,
  'token-invalid': 400,
  'email-missing': 403,
  'email-unverified': 403,
  'unknown-person': 403,
}
