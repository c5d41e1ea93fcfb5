export { type DeepLinkingTarget } from './plan.js'
export {
  type DeepLinkingResult,
  type DeepLinkingReturnParams,
  receiveDeepLinkingResponse,
} from './return.js'
export { startDeepLinking, type StartDeepLinkingInput } from './start.js'
export {
  type ContentItemResult,
  receiveContentItemSelection,
  startContentItemSelection,
  type StartContentItemInput,
} from './content-item.js'
