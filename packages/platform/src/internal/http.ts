/** Small Response builders and request readers shared by the handlers. Never exported. */
import { PlatformError } from '../errors.js'
import { LtiError, readBoundedText } from './core.js'

/** A JSON response with a media type (AGS and NRPS have their own). */
export function jsonResponse(
  body: unknown,
  init: { status?: number; contentType?: string; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      'content-type': init.contentType ?? 'application/json',
      'cache-control': 'no-store',
      ...init.headers,
    },
  })
}

/** RFC 9457 problem details of a coded error; only public fields leave the server. */
export function problemResponse(
  error: PlatformError | LtiError,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(error.toProblem(), {
    status: error.status,
    contentType: 'application/problem+json',
    headers,
  })
}

/** Answers 405 with `Allow` when `request.method` is not one of `allowed`. */
export function allowOnly(request: Request, allowed: readonly string[]): Response | undefined {
  if (allowed.includes(request.method)) return undefined
  const error = new PlatformError('ERR_LTI_PLATFORM_METHOD_NOT_ALLOWED', {
    detail: `${request.method}; allowed: ${allowed.join(', ')}`,
  })
  return problemResponse(error, { allow: allowed.join(', ') })
}

/**
 * Largest form body the platform reads: a deep linking return is one JWT of up to 256 KiB
 * (core's `MAX_RESPONSE_JWT_LENGTH`), form-encoded.
 */
const MAX_FORM_BYTES = 320 * 1024

/** Reads a body as text, refusing more than `maxBytes` without buffering it. */
async function readBoundedBody(request: Request, maxBytes: number): Promise<string> {
  const text = await readBoundedText(request, maxBytes)
  if (text === undefined) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', { detail: `body over ${maxBytes} bytes` })
  }
  return text
}

/** The essence of a Content-Type header (`type/subtype`, lower case). */
function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? ''
}

/** Reads an `application/x-www-form-urlencoded` POST body. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    await request.body?.cancel()
    throw new LtiError('ERR_LTI_UNSUPPORTED_MEDIA_TYPE', { claim: 'Content-Type' })
  }
  return new URLSearchParams(await readBoundedBody(request, MAX_FORM_BYTES))
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`, as core defines a loopback host. */
function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  )
}

/**
 * Whether the platform may call or send a user to `url`: https, or http on a loopback host when
 * the host opted in (`settings.dangerouslyAllowInsecureLoopback`, development only).
 */
export function isSecureUrl(url: URL, allowInsecureLoopback: boolean): boolean {
  if (url.protocol === 'https:') return true
  return allowInsecureLoopback && url.protocol === 'http:' && isLoopbackHost(url.hostname)
}
