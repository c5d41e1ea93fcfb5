import { LtiError } from '../errors/lti-error.js'
import { readBoundedBytes } from '../internal/bounded-body.js'

/**
 * Reads a request body into memory, refusing more than `maxBytes` whatever Content-Length says
 * (it may be absent or lie), so a hostile client cannot exhaust memory.
 * @throws LtiError ERR_LTI_INPUT_TOO_LARGE.
 */
export async function readBodyLimited(
  request: Request | Response,
  maxBytes: number,
): Promise<Uint8Array> {
  const body = await readBoundedBytes(request, maxBytes)
  if (body === undefined) throw tooLarge(`body over ${maxBytes} bytes`)
  return body
}

function tooLarge(detail: string): LtiError {
  return new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail })
}

/** The media type of a Content-Type header, lower-case, without parameters (`''` when absent). */
export function mediaTypeOf(request: Request): string {
  const header = request.headers.get('content-type') ?? ''
  return (header.split(';')[0] ?? '').trim().toLowerCase()
}
