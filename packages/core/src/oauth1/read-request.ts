import { LtiError } from '../errors/lti-error.js'
import { parseAuthorizationHeader } from './authorization-header.js'
import { mediaTypeOf, readBodyLimited } from './body.js'

/** Default body limit: generous for a launch form or a Content-Item response, small for an attacker. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024

/** Default limit on the number of parameters (query, header and body together). */
export const DEFAULT_MAX_PARAMETERS = 1000

/** Limits applied while reading a request. */
export interface ReadOAuth1RequestOptions {
  readonly maxBodyBytes?: number
  readonly maxParameters?: number
}

/** The signed parts of an HTTP request, collected as RFC 5849 section 3.4.1.3.1 says. */
export interface OAuth1Request {
  readonly method: string
  /** `request.url`; pass the public URL to the verifier instead when behind a proxy. */
  readonly url: string
  /** Media type of the body, lower-case, without parameters. */
  readonly mediaType: string
  /** Authorization header parameters (without `realm`) then form body parameters. */
  readonly params: Array<[string, string]>
  /** The raw body bytes, for `oauth_body_hash` checks on non-form bodies. */
  readonly body: Uint8Array
}

const FORM = 'application/x-www-form-urlencoded'

/**
 * Reads an incoming request's OAuth parameters: the `Authorization: OAuth` header and, only when
 * the body is `application/x-www-form-urlencoded`, the body parameters. The URL query is left on
 * `url`, where the base string builder reads it. The body is read once, within `maxBodyBytes`.
 * @throws LtiError ERR_LTI_INPUT_TOO_LARGE or ERR_LTI_OAUTH_MALFORMED_HEADER.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.1
 */
export async function readOAuth1Request(
  request: Request,
  options: ReadOAuth1RequestOptions = {},
): Promise<OAuth1Request> {
  const maxBodyBytes = positiveInteger(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
  const maxParameters = positiveInteger(options.maxParameters ?? DEFAULT_MAX_PARAMETERS)
  const header = request.headers.get('authorization')
  const headerParams = header === null ? [] : (parseAuthorizationHeader(header) ?? [])
  const body = await readBodyLimited(request, maxBodyBytes)
  const mediaType = mediaTypeOf(request)
  const bodyParams =
    mediaType === FORM ? [...new URLSearchParams(new TextDecoder().decode(body))] : []
  const params = [...headerParams, ...bodyParams]
  const queryCount = [...new URL(request.url).searchParams.keys()].length
  if (params.length + queryCount > maxParameters) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      detail: `${params.length + queryCount} parameters > ${maxParameters}`,
    })
  }
  return { method: request.method, url: request.url, mediaType, params, body }
}

function positiveInteger(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError('Limits must be positive integers')
  return value
}
