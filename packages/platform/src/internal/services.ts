/**
 * What every LTI Advantage service call goes through: the bearer token, the connection it was
 * issued to, and the course section the URL names. A tool reaches only sections of schools it is
 * deployed in, and only its own resources.
 */
import type { PlatformDeps } from '../config.js'
import { isCodedError, PlatformError } from '../errors.js'
import { grantableScopes } from '../token/endpoint.js'
import { toolReachesContext } from './access.js'
import {
  authorizeServiceRequest,
  bearerErrorResponse,
  type LtiErrorCode,
  LtiError,
  type Scope,
} from './core.js'
import { problemResponse } from './http.js'
import type { LmsContext, ToolConnection } from '../ports.js'

/** The caller of a service: its connection and the context it addresses. */
export interface ServiceCaller {
  readonly connection: ToolConnection
  readonly context: LmsContext
  /** Scopes of the token that the connection still grants. */
  readonly scopes: readonly Scope[]
}

/**
 * Authorizes a service call for `contextId` with a token holding one of `anyOf`. The token's
 * connection must still be active and still grant the scope (an administrator may have turned
 * score passback off since the token was issued), and must reach the context; a context it does
 * not reach answers 404, as if it did not exist.
 * @throws LtiError ACCESS_TOKEN_MISSING / INVALID / IN_QUERY, INSUFFICIENT_SCOPE;
 *   PlatformError NOT_FOUND
 */
export async function authorizeContextCall(
  request: Request,
  deps: PlatformDeps,
  contextId: string,
  anyOf: readonly Scope[],
): Promise<ServiceCaller> {
  const grant = await authorizeServiceRequest(request, deps.accessTokens, anyOf)
  const connection =
    grant.registrationId === undefined
      ? undefined
      : await deps.connections.get(grant.registrationId)
  if (connection?.status !== 'active' || connection.lti13?.clientId !== grant.clientId) {
    throw new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: 'the connection is gone' })
  }
  const granted = grantableScopes(connection)
  const scopes = granted.filter((scope) => grant.scopes.includes(scope))
  if (!anyOf.some((scope) => scopes.includes(scope))) {
    throw new LtiError('ERR_LTI_INSUFFICIENT_SCOPE', { detail: 'no longer granted' })
  }
  const context = await deps.directory.getContext(contextId)
  if (context === undefined || !toolReachesContext(connection, context)) {
    throw new PlatformError('ERR_LTI_PLATFORM_NOT_FOUND', {
      detail: `context ${contextId} is unknown or not reached by connection ${connection.id}`,
    })
  }
  return { connection, context, scopes }
}

const BEARER_CODES: readonly LtiErrorCode[] = [
  'ERR_LTI_ACCESS_TOKEN_MISSING',
  'ERR_LTI_ACCESS_TOKEN_INVALID',
  'ERR_LTI_ACCESS_TOKEN_IN_QUERY',
  'ERR_LTI_INSUFFICIENT_SCOPE',
]

/** Problem details for a failed service call, with the RFC 6750 challenge for token errors. */
export function serviceErrorResponse(error: LtiError | PlatformError): Response {
  if (error instanceof LtiError && BEARER_CODES.includes(error.code)) {
    return bearerErrorResponse(error)
  }
  return problemResponse(error)
}

/** Runs a service handler body, answering coded errors with problem details. */
export async function answerService(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run()
  } catch (error) {
    if (isCodedError(error)) return serviceErrorResponse(error)
    throw error
  }
}

/** Default and largest page sizes of the service containers. */
export const PAGE_SIZE = { default: 100, max: 1000 } as const

/**
 * The platform's paging cursor: `offset`, a non-negative integer, carried in the `next` URL.
 * @throws LtiError `code` for a repeated or malformed offset
 */
export function offsetOf(url: URL, code: LtiErrorCode): number {
  const values = url.searchParams.getAll('offset')
  if (values.length === 0) return 0
  const [raw] = values
  if (values.length > 1 || raw === undefined || !/^\d{1,9}$/.test(raw)) {
    throw new LtiError(code, { claim: 'offset', detail: 'offset must be a non-negative integer' })
  }
  return Number(raw)
}

/**
 * The `next` URL of a page: the public container URL (never `request.url`, which a proxy may
 * have rewritten) with the request's filters, `offset` advanced and `limit` made explicit.
 */
export function nextPageUrl(
  publicUrl: string,
  request: URL,
  offset: number,
  limit: number,
): string {
  const next = new URL(publicUrl)
  for (const [name, value] of request.searchParams) {
    if (name !== 'limit' && name !== 'offset') next.searchParams.append(name, value)
  }
  next.searchParams.set('limit', String(limit))
  next.searchParams.set('offset', String(offset + limit))
  return next.href
}
