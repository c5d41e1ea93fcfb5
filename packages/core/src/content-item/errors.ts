import { defineErrors } from '../errors/define.js'

const CONTENT_ITEM_SPEC = 'https://www.imsglobal.org/specs/lticiv1p0/specification'

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const contentItemErrors = defineErrors({
  ERR_LTI_CONTENT_ITEM_DATA_MISMATCH: {
    status: 400,
    spec: CONTENT_ITEM_SPEC,
    description: 'The data parameter of the Content-Item response does not match the request.',
    cause:
      'The tool did not echo the opaque data value unchanged, or the response belongs to another selection.',
    fix: 'Return the data parameter exactly as it arrived in the ContentItemSelectionRequest.',
  },
  ERR_LTI_CONTENT_ITEM_NOT_ACCEPTED: {
    status: 400,
    spec: CONTENT_ITEM_SPEC,
    description: 'The returned content items are not what the request accepted.',
    cause:
      'An item has a media type outside accept_media_types, or several items came back when accept_multiple was false.',
    fix: 'Return only items of the accepted media types, and one item unless accept_multiple is true.',
  },
})
