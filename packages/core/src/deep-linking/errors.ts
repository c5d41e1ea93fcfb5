import { defineErrors, SPEC } from '../errors/define.js'

const RESPONSE = `${SPEC.deepLinking}#deep-linking-response-message`
const SETTINGS = `${SPEC.deepLinking}#deep-linking-settings`
const ITEMS = `${SPEC.deepLinking}#content-item-types`

/**
 * Catalogue entries of this feature (see `errors/catalogue.ts`). Signature, key, expiry, issuer
 * and audience failures of a Deep Linking response use the generic JWT codes of `keys/`.
 */
export const deepLinkingErrors = defineErrors({
  ERR_LTI_DL_MESSAGE_TYPE_INVALID: {
    status: 400,
    spec: RESPONSE,
    description: 'The message_type of a Deep Linking response must be "LtiDeepLinkingResponse".',
    cause: 'The tool sent another message type, or an old casing such as "LTIDeepLinkingResponse".',
    fix: 'Set the message_type claim to exactly "LtiDeepLinkingResponse".',
  },
  ERR_LTI_DL_VERSION_INVALID: {
    status: 400,
    spec: RESPONSE,
    description: 'The version of a Deep Linking response must be "1.3.0".',
    cause: 'The tool sent another LTI version in the version claim.',
    fix: 'Set the version claim to "1.3.0".',
  },
  ERR_LTI_DL_DEPLOYMENT_MISMATCH: {
    status: 403,
    spec: RESPONSE,
    description: 'The deployment_id of the Deep Linking response is not that of the request.',
    cause: 'The tool answered for another deployment, or mixed up two deep-linking sessions.',
    fix: 'Echo the deployment_id of the LtiDeepLinkingRequest in the response.',
  },
  ERR_LTI_DL_DATA_MISMATCH: {
    status: 403,
    spec: `${SPEC.deepLinking}#data`,
    description: 'The data claim of the Deep Linking response does not echo the request.',
    cause:
      'The tool dropped or changed deep_linking_settings.data, or the response belongs to another session.',
    fix: 'Copy deep_linking_settings.data unchanged into the response data claim.',
  },
  ERR_LTI_DL_NONCE_REPLAYED: {
    status: 401,
    spec: SPEC.idTokenValidation,
    description: 'This Deep Linking response was already received (its nonce was used before).',
    cause: 'The response was submitted twice or replayed, or the tool reuses nonces.',
    fix: 'Sign every response with a fresh random nonce and submit it once.',
  },
  ERR_LTI_DL_CONTENT_ITEM_INVALID: {
    status: 400,
    spec: ITEMS,
    description: 'A content item of the Deep Linking response is malformed.',
    cause:
      'An item is not an object, has no type, or a field has the wrong type or value (the error names it).',
    fix: 'Follow the content item shape of Deep Linking 2.0 for the named field.',
  },
  ERR_LTI_DL_ITEM_TYPE_NOT_ACCEPTED: {
    status: 400,
    spec: SETTINGS,
    description: 'A content item has a type the platform did not list in accept_types.',
    cause: 'The tool returned a kind of item this placement cannot create.',
    fix: 'Return only item types listed in deep_linking_settings.accept_types.',
  },
  ERR_LTI_DL_TOO_MANY_ITEMS: {
    status: 400,
    spec: SETTINGS,
    description:
      'The Deep Linking response holds more than one item but accept_multiple is not true.',
    cause: 'The tool let the user select several items for a placement that takes one.',
    fix: 'Return at most one item unless deep_linking_settings.accept_multiple is true.',
  },
  ERR_LTI_DL_LINE_ITEM_INVALID: {
    status: 400,
    spec: `${SPEC.deepLinking}#line-item`,
    description: 'The lineItem of an ltiResourceLink needs a scoreMaximum greater than 0.',
    cause: 'scoreMaximum is missing, not a number, zero or negative.',
    fix: 'Send lineItem.scoreMaximum as a positive number.',
  },
  ERR_LTI_DL_PRESENTATION_NOT_ACCEPTED: {
    status: 400,
    spec: SETTINGS,
    description: 'A content item asks only for presentation targets the platform does not accept.',
    cause:
      'The item has window, iframe or embed hints, none of them in accept_presentation_document_targets.',
    fix: 'Give at least one presentation hint listed in accept_presentation_document_targets, or none.',
  },
  ERR_LTI_DL_MEDIA_TYPE_NOT_ACCEPTED: {
    status: 400,
    spec: SETTINGS,
    description: 'A file item has a media type outside accept_media_types.',
    cause: 'The tool returned a file of a kind this placement does not take.',
    fix: 'Return files whose mediaType matches deep_linking_settings.accept_media_types.',
  },
})
