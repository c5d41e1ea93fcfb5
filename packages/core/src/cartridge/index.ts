/**
 * Common Cartridge basic LTI links (`cartridge_basiclti_link`) and cartridge URLs.
 * @see https://www.imsglobal.org/specs/ltiv1p0/implementation-guide
 */
export { buildBasicLtiLink } from './build.js'
export { cartridgeErrors } from './errors.js'
export { DEFAULT_MAX_CARTRIDGE_BYTES, parseBasicLtiLink } from './parse.js'
export {
  type BasicLtiLink,
  type BasicLtiLinkExtension,
  basicLtiLinkSchema,
  type BasicLtiLinkVendor,
  CARTRIDGE_NAMESPACES,
  type LticmOptions,
} from './schema.js'
