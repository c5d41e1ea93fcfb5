import { LtiError, readBoundedText } from './core.js'

/** Largest form body the tool reads (an id_token with many claims fits several times). */
export const MAX_FORM_BYTES = 64 * 1024

/**
 * Reads an `application/x-www-form-urlencoded` body, bounded in size. Throws
 * `ERR_LTI_UNSUPPORTED_MEDIA_TYPE` for another content type and `ERR_LTI_INPUT_TOO_LARGE` for an
 * oversize body (the stream is cancelled as soon as the limit is passed).
 */
export async function readForm(
  request: Request,
  maxBytes = MAX_FORM_BYTES,
): Promise<URLSearchParams> {
  const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    await request.body?.cancel()
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', {
      detail: `content-type ${type ?? 'none'}`,
    })
  }
  const text = await readBoundedText(request, maxBytes)
  if (text === undefined) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail: `more than ${maxBytes} bytes` })
  }
  return new URLSearchParams(text)
}

/** The parameters of a GET query or a POST form, as the login initiation accepts either. */
export async function readParameters(request: Request): Promise<URLSearchParams> {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const query = new URL(request.url).search
    if (query.length > MAX_FORM_BYTES) throw new LtiError('ERR_LTI_INPUT_TOO_LARGE')
    return new URL(request.url).searchParams
  }
  return readForm(request)
}

/** One parameter that must appear at most once; a repeated one is refused (parameter pollution). */
export function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name)
  if (values.length > 1) {
    throw new LtiError('ERR_LTI_INVALID_PAYLOAD', { claim: name, detail: 'repeated parameter' })
  }
  return values[0]
}
