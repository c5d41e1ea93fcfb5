import { LtiError } from '../../errors/lti-error.js'
import type { LaunchStep } from '../context.js'

/** Refuses an oversize id_token before any decoding work is spent on it. */
export const tokenSize: LaunchStep = {
  name: 'token-size',
  run({ token, options }) {
    if (token.length > options.maxTokenLength) {
      throw new LtiError('ERR_LTI_INPUT_TOO_LARGE', {
        claim: 'id_token',
        detail: `id_token of ${token.length} chars, limit ${options.maxTokenLength}`,
      })
    }
  },
}
