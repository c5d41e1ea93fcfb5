/** Assignment and Grade Services 2.0: line items, scores and results, platform and tool side. */
export {
  AGS_ACCEPTED_MEDIA_TYPES,
  AGS_MEDIA_TYPE,
  type AgsMediaTypeKind,
  isAgsMediaType,
} from './media-types.js'
export {
  ACTIVITY_PROGRESS,
  type ActivityProgress,
  AGS_LIMITS,
  GRADING_PROGRESS,
  type GradingProgress,
  type LineItem,
  lineItemContainerSchema,
  lineItemSchema,
  type Result,
  resultContainerSchema,
  resultSchema,
  type Score,
  scoreSchema,
} from './schema.js'
export {
  compareIsoDateTimes,
  isIsoDateTime,
  isoDateTimeSchema,
  parseIsoInstant,
} from './timestamp.js'
export { type LineItemService, lineItemServiceUrl, lineItemUrlOf } from './url.js'
export {
  AGS_MAX_BODY_BYTES,
  type AgsRequestOptions,
  checkLineItemUpdate,
  type LineItemMode,
  parseLineItemBody,
  parseLineItemRequest,
  parseScoreBody,
  parseScoreRequest,
} from './platform.js'
export {
  type LineItemsQuery,
  parseLineItemsQuery,
  parseResultsQuery,
  type ResultsQuery,
} from './query.js'
export {
  lineItemContainerResponse,
  lineItemResponse,
  resultContainerResponse,
} from './platform-responses.js'
export {
  applyScore,
  assertScoreNewer,
  isScoreNewer,
  type RescaledScore,
  rescaleScore,
  scoreToFraction,
  type StoredResult,
  storedResultToResult,
} from './scoring.js'
export {
  buildCreateLineItemRequest,
  buildDeleteLineItemRequest,
  buildGetLineItemRequest,
  buildLineItemsRequest,
  buildUpdateLineItemRequest,
  type FetchLineItemsOptions,
  fetchAllLineItems,
  type LineItemsFilter,
  type LineItemsPage,
  processDeleteLineItemResponse,
  processLineItemResponse,
  processLineItemsResponse,
} from './tool.js'
export {
  buildResultsRequest,
  buildScoreRequest,
  type FetchResultsOptions,
  fetchAllResults,
  processResultsResponse,
  processScoreResponse,
  type ResultsFilter,
  type ResultsPage,
  type ScoreOutcome,
} from './tool-scores.js'
