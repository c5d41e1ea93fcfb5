export {
  CONTENT_ITEM_SCHEMAS,
  CONTENT_ITEM_TYPES,
  type ContentItem,
  contentItemImageSchema,
  contentItemSchema,
  type ContentItemType,
  type CustomTypeItem,
  customTypeItemSchema,
  type DeepLinkingResponse,
  type FileItem,
  fileItemSchema,
  type HtmlItem,
  htmlItemSchema,
  type ImageItem,
  imageItemSchema,
  type LineItemDefinition,
  lineItemSchema,
  type LinkItem,
  linkItemSchema,
  type LtiResourceLinkItem,
  ltiResourceLinkItemSchema,
  PRESENTATION_TARGETS,
  type PresentationTarget,
  timeWindowSchema,
  windowSchema,
} from './schema.js'
export {
  buildDeepLinkingResponse,
  type BuildDeepLinkingResponseOptions,
  DEFAULT_RESPONSE_LIFETIME_SECONDS,
  deepLinkingResponseForm,
} from './tool.js'
export {
  MAX_RESPONSE_JWT_LENGTH,
  verifyDeepLinkingResponse,
  type VerifyDeepLinkingResponseOptions,
} from './platform.js'
export { MAX_CONTENT_ITEMS, mediaTypeMatches } from './items.js'
export { buildDeepLinkingSettings, type DeepLinkingSettingsOptions } from './settings.js'
