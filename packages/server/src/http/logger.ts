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
    timestamp: pino.stdTimeFunctions.isoTime,
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
