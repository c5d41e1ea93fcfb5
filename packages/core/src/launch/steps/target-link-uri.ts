import { CLAIM } from '../../claims/uris.js'
import { LtiError } from '../../errors/lti-error.js'
import { payloadOf, type LaunchStep, type LaunchCheckContext } from '../context.js'
import { optionalString, requiredString } from './claim-values.js'

/** URLs compare after WHATWG parsing, so `https://t.example` equals `https://t.example/`. */
function normalise(value: string): string {
  return URL.canParse(value) ? new URL(value).href : value
}

function compare(context: LaunchCheckContext, value: string): void {
  const expected = context.options.expectedTargetLinkUri
  if (expected !== undefined && normalise(value) !== normalise(expected)) {
    throw new LtiError('ERR_LTI_TARGET_LINK_URI_MISMATCH', {
      claim: CLAIM.targetLinkUri,
      detail: `claim ${value}, login ${expected}`,
    })
  }
}

/**
 * `target_link_uri` is REQUIRED in resource link and submission review launches, and CORE says it
 * must match the `target_link_uri` of the login initiation.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#target-link-uri
 */
export const targetLinkUriRequired: LaunchStep = {
  name: 'target-link-uri',
  run(context) {
    compare(context, requiredString(payloadOf(context), CLAIM.targetLinkUri))
  },
}

/**
 * Deep linking requests may omit `target_link_uri` (the certification payload does); when one is
 * sent it must still match the login initiation.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export const targetLinkUriIfPresent: LaunchStep = {
  name: 'target-link-uri',
  run(context) {
    const value = optionalString(payloadOf(context), CLAIM.targetLinkUri)
    if (value !== undefined) compare(context, value)
  },
}
