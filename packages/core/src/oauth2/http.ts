import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'
import { readBoundedText } from '../internal/bounded-body.js'

/**
 * Reads a body up to `limit` bytes. Oversize bodies fail with `tooLarge` before they are buffered
 * whole, whatever Content-Length claims.
 */
export async function readBodyLimited(
  source: Request | Response,
  limit: number,
  tooLarge: LtiErrorCode,
): Promise<string> {
  const text = await readBoundedText(source, limit)
  if (text === undefined) throw new LtiError(tooLarge, { detail: `body over ${limit} bytes` })
  return text
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** RFC 6749 §5.1: token responses "MUST include ... Cache-Control: no-store". */
export const NO_STORE_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const

export function jsonResponse(body: unknown, status: number, headers: HeadersInit = {}): Response {
  const merged = new Headers(NO_STORE_HEADERS)
  for (const [name, value] of new Headers(headers)) merged.set(name, value)
  return new Response(JSON.stringify(body), { status, headers: merged })
}
