import pino, { type DestinationStream, type Logger } from 'pino'
import type { LogLevel } from '../config/index.js'

/** Paths pino replaces with `[redacted]` in every log line, whatever code logged them. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  ...[
    'password',
    'currentPassword',
    'newPassword',
    'password_hash',
    'passwordHash',
    'secret',
    'client_secret',
    'clientSecret',
    'privateJwk',
    'private_jwk_sealed',
    'id_token',
    'access_token',
    'refresh_token',
    'oauth_signature',
    'lti_message_hint',
    'JWT',
  ].flatMap((key) => [key, `*.${key}`]),
]

/** The parts of an incoming request a log line shows. */
interface LoggedRequest {
  readonly method?: string
  readonly url?: string
  readonly host?: string
  readonly ip?: string
  readonly headers?: { readonly host?: string }
}

/**
 * Logs a request without its query string: OIDC and LTI put state, nonces, login and message hints
 * in the query, and none of them belongs in a log.
 */
export function serializeRequest(request: LoggedRequest): Record<string, string | undefined> {
  const url = request.url ?? ''
  const query = url.indexOf('?')
  return {
    method: request.method,
    url: query === -1 ? url : `${url.slice(0, query)}?[redacted]`,
    host: request.host ?? request.headers?.host,
    remoteAddress: request.ip,
  }
}

/**
 * The JSON logger of one server instance. Request logs carry the request id (`reqId`); secrets and
 * credentials are redacted at every level. Pass `destination` to capture lines in tests.
 */
export function createLogger(
  config: { readonly logLevel: LogLevel },
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'ltihub' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
