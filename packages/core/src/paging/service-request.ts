import { LtiError } from '../errors/lti-error.js'
import { bearerHeader, isSecureUrl, parseAbsoluteUrl } from '../internal/services-http.js'

/** Options every tool-side service request builder takes. */
export interface ServiceRequestOptions {
  /** A `User-Agent` naming the tool, sent with the request. */
  readonly userAgent?: string | undefined
  /**
   * @deprecated Local testing only: lets service URLs use `http://` on loopback hosts
   * (`localhost`, `127.0.0.1`, `[::1]`). Never set this in production; it exists so that the
   * opt-out is loud and greppable.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean | undefined
}

/** What a builder puts into a service request. */
export interface ServiceRequestInit {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly accept?: string | undefined
  readonly contentType?: string | undefined
  readonly body?: string | undefined
  /** Sent as `Authorization: Bearer …`; never in the query string. */
  readonly accessToken?: string | undefined
}

/**
 * Parses a service URL a platform advertised and refuses anything but https: an access token
 * must never travel in clear text.
 * @throws LtiError `ERR_LTI_INSECURE_SERVICE_URL`
 * @see https://www.imsglobal.org/spec/security/v1p0/#securing_web_services
 */
export function secureServiceUrl(value: string | URL, options: ServiceRequestOptions = {}): URL {
  const url = parseAbsoluteUrl(String(value))
  if (url === undefined || !isSecureUrl(url, options.dangerouslyAllowInsecureLoopback === true)) {
    throw new LtiError('ERR_LTI_INSECURE_SERVICE_URL', {
      detail: url === undefined ? 'not an absolute URL' : `scheme ${url.protocol}`,
    })
  }
  return url
}

function checkedUserAgent(value: string): string {
  if (!/^[\x20-\x7E]{1,256}$/.test(value)) {
    throw new TypeError('userAgent must be 1-256 printable ASCII characters')
  }
  return value
}

/**
 * Builds a service request: https only, bearer token in the header, exact media types, and
 * `redirect: 'manual'` so a redirect never carries the token elsewhere (a 3xx becomes an
 * `ERR_LTI_UPSTREAM_INVALID_RESPONSE`).
 */
export function buildServiceRequest(
  url: string | URL,
  init: ServiceRequestInit,
  options: ServiceRequestOptions = {},
): Request {
  const target = secureServiceUrl(url, options)
  const headers = new Headers()
  if (init.accept !== undefined) headers.set('accept', init.accept)
  if (init.contentType !== undefined) headers.set('content-type', init.contentType)
  if (init.accessToken !== undefined) headers.set('authorization', bearerHeader(init.accessToken))
  if (options.userAgent !== undefined)
    headers.set('user-agent', checkedUserAgent(options.userAgent))
  return new Request(target, {
    method: init.method,
    headers,
    redirect: 'manual',
    ...(init.body === undefined ? {} : { body: init.body }),
  })
}
