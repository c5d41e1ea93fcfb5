/**
 * Content-Item Message 1.0 (Deep Linking 1.0 over LTI 1.1 signed forms), both sides.
 * @see https://www.imsglobal.org/specs/lticiv1p0/specification
 */
export { contentItemErrors } from './errors.js'
export {
  DEFAULT_SCORE_MAXIMUM,
  type DeepLinkingImage,
  type DeepLinkingWindow,
  type MappedContentItem,
  toDeepLinkingItem,
} from './mapping.js'
export {
  buildContentItemSelectionRequest,
  type BuildContentItemSelectionRequestOptions,
  type ContentItemExpectations,
  type ContentItemSelection,
  parseContentItems,
  verifyContentItemSelection,
} from './platform.js'
export {
  CONTENT_ITEM_CONTEXT,
  type ContentItem,
  contentItemGraphSchema,
  contentItemSchema,
  type ContentItemSettings,
  DOCUMENT_TARGETS,
  type DocumentTarget,
  type FileItem,
  fileItemSchema,
  type GenericContentItem,
  genericContentItemSchema,
  LTI_LINK_MEDIA_TYPE,
  type LtiLinkItem,
  ltiLinkItemSchema,
  MAX_CONTENT_ITEMS,
  mediaTypeAccepted,
} from './schema.js'
export {
  buildContentItemSelection,
  type BuildContentItemSelectionOptions,
  type ContentItemSelectionRequest,
  verifyContentItemRequest,
} from './tool.js'
