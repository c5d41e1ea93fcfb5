export { toolConnection, type ToolConnectionInput } from './connection.js'
export {
  type LtiPlatformOptions,
  type PlatformEvent,
  type PlatformLms,
  type PlatformStorage,
} from './options.js'
export { nodeHandler, type NodeHandlerOptions } from './node.js'
export type { ResourceLinkPlacement } from './place.js'
export { createLtiPlatform, type Handler, type LtiPlatform } from './platform.js'
