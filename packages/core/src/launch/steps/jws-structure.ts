import { decodeProtectedHeader } from 'jose'
import { LtiError } from '../../errors/lti-error.js'
import type { LaunchStep } from '../context.js'

const SEGMENT = /^[A-Za-z0-9_-]*$/

/**
 * The id_token must be a compact JWS: three base64url segments whose header is a JSON object.
 * Five segments would be an encrypted JWT, which LTI never uses.
 * @see https://www.imsglobal.org/spec/security/v1p0/#id-token
 */
export const jwsStructure: LaunchStep = {
  name: 'jws-structure',
  run(context) {
    const segments = context.token.split('.')
    if (segments.length !== 3 || segments.some((segment) => !SEGMENT.test(segment))) {
      throw new LtiError('ERR_LTI_JWT_MALFORMED', {
        detail: `expected 3 base64url segments, got ${segments.length}`,
      })
    }
    if (segments[0] === '' || segments[1] === '') {
      throw new LtiError('ERR_LTI_JWT_MALFORMED', { detail: 'empty header or payload segment' })
    }
    try {
      context.header = decodeProtectedHeader(context.token)
    } catch (error) {
      throw new LtiError('ERR_LTI_JWT_MALFORMED', {
        detail: 'header is not a JSON object',
        cause: error,
      })
    }
  },
}
