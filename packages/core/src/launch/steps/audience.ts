import type { JWTPayload } from 'jose'
import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep } from '../context.js'
import { optionalString } from './claim-values.js'

function audiences(payload: JWTPayload): readonly string[] {
  const { aud } = payload
  if (aud === undefined) throw new LtiError('ERR_LTI_JWT_CLAIM_MISSING', { claim: 'aud' })
  const list = typeof aud === 'string' ? [aud] : aud
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((value) => typeof value !== 'string')
  ) {
    throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
      claim: 'aud',
      detail: 'aud is not a string or string array',
    })
  }
  return list
}

/**
 * SEC §5.1.3: "The Tool MUST validate that the aud (audience) Claim contains its client_id value
 * [...] The ID Token MUST be rejected if [it] does not list the Tool as a valid audience, or if it
 * contains additional audiences not trusted by the Tool." With several audiences `azp` SHOULD be
 * present, and when present it MUST be the tool's client_id.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const audience: LaunchStep = {
  name: 'aud-azp',
  run(context) {
    const payload = payloadOf(context)
    const { clientId, trustedAudiences } = context.options
    const list = audiences(payload)
    if (!list.includes(clientId)) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
        claim: 'aud',
        detail: 'aud lacks client_id',
      })
    }
    const untrusted = list.filter(
      (value) => value !== clientId && !trustedAudiences.includes(value),
    )
    if (untrusted.length > 0) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
        claim: 'aud',
        detail: `untrusted audiences: ${untrusted.join(', ')}`,
      })
    }
    const azp = optionalString(payload, 'azp')
    if (azp === undefined && list.length > 1) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_MISSING', {
        claim: 'azp',
        detail: 'several audiences and no azp',
      })
    }
    if (azp !== undefined && azp !== clientId) {
      throw new LtiError('ERR_LTI_JWT_CLAIM_INVALID', {
        claim: 'azp',
        detail: 'azp is not client_id',
      })
    }
  },
}
