import { STATUS_CODES } from 'node:http'
import { isLtiError, LtiError, type LtiErrorCode } from '@ltihub/core'
import { z } from 'zod'
import { isDatabaseUnavailable } from '../db/unavailable.js'
import { ServerError, type ServerErrorCode } from './errors.js'

/**
 * RFC 9457 problem details, the body of every error response (`application/problem+json`).
 * Only public fields: an LtiError's description, a validation error's field paths. Private detail,
 * stack traces and the messages of unknown errors stay in the log.
 */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly code?: LtiErrorCode | ServerErrorCode
  readonly claim?: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/** Where a request value came from, prefixed to field paths in validation problems. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers'

/** A request value failed its zod schema; answered with 400 naming each field. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError'
  readonly part: RequestPart | undefined
  readonly zodError: z.ZodError

  constructor(zodError: z.ZodError, part?: RequestPart) {
    super('request validation failed', { cause: zodError })
    this.part = part
    this.zodError = zodError
  }
}

/**
 * An HTTP error without an LTI code (403 for a missing permission, 404 for an unknown record),
 * answered as a bare problem with the standard status title. `detail` is logged, never sent.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem'
  readonly status: number
  readonly detail: string | undefined

  constructor(status: number, detail?: string) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new TypeError('an HTTP problem needs a 4xx or 5xx status')
    }
    super(`${status} ${STATUS_CODES[status] ?? ''}`.trim())
    this.status = status
    this.detail = detail
  }
}

/** The bare problem for a status, e.g. `{ type: 'about:blank', title: 'Not Found', status: 404 }`. */
export function statusProblem(status: number): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status }
}

/** What the error handler answers and how loudly it logs. */
export interface ProblemResponse {
  readonly problem: Problem
  /** `error` for server faults (with the stack), `warn` for client errors worth a look, else `info`. */
  readonly level: 'error' | 'warn' | 'info'
  /** Seconds for `Retry-After`, when trying again later may succeed. */
  readonly retryAfter?: number
}

/** How long a client waits before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5

function validationProblem(error: z.ZodError, part: RequestPart | undefined): Problem {
  const errors = error.issues.map((issue) => ({
    path: [...(part === undefined ? [] : [part]), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }))
  const base = new LtiError('ERR_LTI_INVALID_PAYLOAD').toProblem()
  return { ...base, ...(errors[0] ? { claim: errors[0].path } : {}), errors }
}

interface FrameworkError {
  readonly statusCode: number
  readonly code?: string
}

/** Errors fastify and its plugins raise for bad requests carry a 4xx `statusCode`. */
function isFrameworkClientError(error: unknown): error is Error & FrameworkError {
  if (!(error instanceof Error) || !('statusCode' in error)) return false
  const { statusCode } = error as { statusCode: unknown }
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
}

function frameworkProblem(error: Error & FrameworkError): Problem {
  if (error.statusCode === 413) return new LtiError('ERR_LTI_INPUT_TOO_LARGE').toProblem()
  if (error.statusCode === 415) return new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE').toProblem()
  const jsonCodes = ['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']
  if (error instanceof SyntaxError || jsonCodes.includes(error.code ?? '')) {
    return new LtiError('ERR_LTI_MALFORMED_JSON').toProblem()
  }
  return statusProblem(error.statusCode)
}

/**
 * Maps anything thrown by a route to the problem the client sees. A database that cannot be
 * reached is a 503 `ERR_LTIHUB_DATABASE_UNAVAILABLE` with `Retry-After`. Unknown errors become a
 * bare 500 without their message (house style §13): it may hold SQL, paths or secrets.
 */
export function toProblemResponse(error: unknown): ProblemResponse {
  if (isLtiError(error) || error instanceof ServerError) {
    return { problem: error.toProblem(), level: error.status >= 500 ? 'error' : 'warn' }
  }
  if (error instanceof RequestValidationError) {
    return { problem: validationProblem(error.zodError, error.part), level: 'info' }
  }
  if (error instanceof z.ZodError)
    return { problem: validationProblem(error, undefined), level: 'info' }
  if (error instanceof HttpProblem) {
    return { problem: statusProblem(error.status), level: error.status >= 500 ? 'error' : 'info' }
  }
  if (isFrameworkClientError(error)) return { problem: frameworkProblem(error), level: 'info' }
  if (isDatabaseUnavailable(error)) {
    return {
      problem: new ServerError('ERR_LTIHUB_DATABASE_UNAVAILABLE').toProblem(),
      level: 'error',
      retryAfter: DATABASE_RETRY_AFTER_SECONDS,
    }
  }
  return { problem: statusProblem(500), level: 'error' }
}
