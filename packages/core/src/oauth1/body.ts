import { LtiError } from '../errors/lti-error.js'

/**
 * Reads a request body into memory, refusing more than `maxBytes` whatever Content-Length says
 * (it may be absent or lie), so a hostile client cannot exhaust memory.
 * @throws LtiError ERR_LTI_INPUT_TOO_LARGE.
 */
export async function readBodyLimited(
  request: Request | Response,
  maxBytes: number,
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && /^[0-9]+$/.test(declared) && Number(declared) > maxBytes) {
    throw tooLarge(`Content-Length ${declared} > ${maxBytes}`)
  }
  if (request.body === null) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw tooLarge(`body exceeds ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
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
