import type { JWTPayload, ProtectedHeaderParameters } from 'jose'
import type { LaunchMessageType, LtiLaunchMessage } from '../claims/messages.js'
import type { ResolvedVerifyOptions } from './options.js'

/**
 * What the validation steps share. Each step reads what earlier steps established and may record
 * one new fact; the order is fixed by `pipeline.ts`.
 */
export interface LaunchCheckContext {
  readonly token: string
  readonly options: ResolvedVerifyOptions
  /** The verification time in ms since the epoch, read once from the clock. */
  readonly nowMs: number
  /** Set by `jws-structure`: the decoded, not yet verified, protected header. */
  header?: ProtectedHeaderParameters
  /** Set by `signature`: the payload, verified. */
  payload?: JWTPayload
  /** Set by `message-type`. */
  messageType?: LaunchMessageType
  /** Set by `message-claims`: the payload validated against its message schema. */
  message?: LtiLaunchMessage
}

/** One named validation step. */
export interface LaunchStep {
  /** Stable name, reported in `checks` (for the launch debugger). */
  readonly name: string
  readonly run: (context: LaunchCheckContext) => void | Promise<void>
}

/** The header, for steps that run after `jws-structure`. */
export function headerOf(context: LaunchCheckContext): ProtectedHeaderParameters {
  if (context.header === undefined)
    throw new TypeError('launch pipeline: jws-structure must run first')
  return context.header
}

/** The verified payload, for steps that run after `signature`. */
export function payloadOf(context: LaunchCheckContext): JWTPayload {
  if (context.payload === undefined)
    throw new TypeError('launch pipeline: signature must run first')
  return context.payload
}

/** Seconds since the epoch, as JWT NumericDates use. */
export function nowSeconds(context: LaunchCheckContext): number {
  return Math.floor(context.nowMs / 1000)
}
