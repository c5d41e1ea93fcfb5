/*
 * Telling "the database is not there" from "this query is wrong": the first is the operator's
 * outage, answered 503 with Retry-After; the second stays a 500 (a bug to fix).
 */

/** PostgreSQL SQLSTATEs of a server that is going away, full, or refusing us. */
const POSTGRES_UNAVAILABLE = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '28000', // invalid_authorization_specification (access revoked)
  '28P01', // invalid_password
  '3D000', // invalid_catalog_name (the database is gone or renamed)
  '53300', // too_many_connections
  '57P01', // admin_shutdown (connections terminated)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or not accepting connections)
])

/** Socket errors of a connection that cannot be made or was cut. */
const NETWORK_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
])

/** SQLite result codes of a file that is locked, missing or failing underneath us. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR)/

/** Messages of node-postgres and Kysely that carry no code. */
const MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not currently accepting connections/,
  /not queryable/,
  /driver has already been destroyed/,
]

function unavailableHere(error: object, network: boolean): boolean {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : ''
  if (POSTGRES_UNAVAILABLE.has(code) || (network && NETWORK_UNAVAILABLE.has(code))) return true
  if (SQLITE_UNAVAILABLE.test(code)) return true
  const message = 'message' in error && typeof error.message === 'string' ? error.message : ''
  return MESSAGES.some((pattern) => pattern.test(message))
}

/**
 * Whether an error (or one of its causes, or the errors of an AggregateError) says the database
 * cannot be reached or used right now, as opposed to a query that failed on its own. A bare
 * socket error counts only as thrown (the driver's): wrapped in another error's `cause` it may
 * be any outbound call's, such as a `fetch failed`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0, true)
}

function unavailable(error: unknown, depth: number, network: boolean): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false
  if (unavailableHere(error, network)) return true
  if (error instanceof AggregateError) {
    return error.errors.some((inner) => unavailable(inner, depth + 1, network))
  }
  return 'cause' in error && unavailable(error.cause, depth + 1, false)
}
