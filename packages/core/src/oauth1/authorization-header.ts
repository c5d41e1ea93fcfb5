import { LtiError } from '../errors/lti-error.js'
import { percentDecode, percentEncode } from './encoding.js'
import type { OAuthParam } from './params.js'

/** Longest Authorization header accepted; a signed LTI request needs well under 1 KiB. */
export const MAX_AUTHORIZATION_HEADER_LENGTH = 8192

const SCHEME = /^OAuth(?:[ \t]+|$)/i
const PARAM = /([A-Za-z0-9%._~-]+)="([^"\\]*)"[ \t]*(?:,[ \t]*|$)/y

/**
 * Parses `Authorization: OAuth realm="...", oauth_consumer_key="...", ...` into decoded
 * parameters, leaving out `realm` ("excluding the realm parameter if present", RFC 5849 section
 * 3.4.1.3.1). Returns `undefined` when the header uses another scheme.
 * @throws LtiError ERR_LTI_OAUTH_MALFORMED_HEADER or ERR_LTI_INPUT_TOO_LARGE.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function parseAuthorizationHeader(header: string): Array<[string, string]> | undefined {
  if (header.length > MAX_AUTHORIZATION_HEADER_LENGTH) {
    throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
      claim: 'Authorization',
      detail: `Authorization header of ${header.length} characters`,
    })
  }
  const trimmed = header.trim()
  const scheme = SCHEME.exec(trimmed)
  if (scheme === null) return undefined
  const params: Array<[string, string]> = []
  let index = scheme[0].length
  while (index < trimmed.length) {
    PARAM.lastIndex = index
    const match = PARAM.exec(trimmed)
    if (match === null) throw malformed(`unexpected text at offset ${index}`)
    const name = percentDecode(match[1] ?? '')
    const value = percentDecode(match[2] ?? '')
    if (name === undefined || value === undefined) throw malformed('bad percent-encoding')
    if (name !== 'realm') params.push([name, value])
    index = PARAM.lastIndex
  }
  return params
}

function malformed(detail: string): LtiError {
  return new LtiError('ERR_LTI_OAUTH_MALFORMED_HEADER', { claim: 'Authorization', detail })
}

/**
 * Formats OAuth protocol parameters as an Authorization header value, each name and value
 * percent-encoded and quoted, with an empty `realm` first as LTI senders write it.
 * @throws TypeError when a parameter is not an `oauth_*` protocol parameter.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function formatAuthorizationHeader(params: readonly OAuthParam[], realm = ''): string {
  const fields = params.map(([name, value]) => {
    if (!name.startsWith('oauth_')) {
      throw new TypeError(`Only oauth_* parameters go in the Authorization header, not ${name}`)
    }
    return `${percentEncode(name)}="${percentEncode(value)}"`
  })
  return `OAuth ${[`realm="${percentEncode(realm)}"`, ...fields].join(',')}`
}
