import { LtiError } from '../../errors/lti-error.js'
import { headerOf, type LaunchStep } from '../context.js'

/**
 * The header `alg` must be in the registration's allow-list, which never comes from the token:
 * this refuses `none` and HMAC algorithms keyed with the public key (algorithm confusion).
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const algorithmAllowed: LaunchStep = {
  name: 'alg-allowed',
  run(context) {
    const { alg } = headerOf(context)
    const allowed: readonly string[] = context.options.algorithms
    if (typeof alg !== 'string' || alg === '') {
      throw new LtiError('ERR_LTI_JWT_MALFORMED', { detail: 'the JWS header has no alg' })
    }
    if (!allowed.includes(alg)) {
      throw new LtiError('ERR_LTI_JWT_ALG_NOT_ALLOWED', {
        detail: `alg ${JSON.stringify(alg)} not in ${allowed.join(', ')}`,
      })
    }
  },
}
