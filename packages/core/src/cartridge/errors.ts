import { defineErrors } from '../errors/define.js'

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const cartridgeErrors = defineErrors({
  ERR_LTI_CARTRIDGE_INVALID_LINK: {
    status: 400,
    spec: 'https://www.imsglobal.org/specs/ltiv1p0/implementation-guide',
    description: 'The basic LTI link (cartridge XML) is incomplete or has invalid values.',
    cause:
      'blti:title or blti:launch_url is missing, a URL is not http(s) (secure URLs must be https), a property name repeats, or blti:vendor lacks its code or name.',
    fix: 'Fix the cartridge_basiclti_link document; the error names the element at fault.',
  },
})
