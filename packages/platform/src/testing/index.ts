/**
 * Memory implementations of every port, a seeded world and a test tool: for tests and examples
 * of hosts built on `@ltihub/platform` (never for production storage).
 */
export {
  MemoryConnectionStore,
  MemoryDeepLinkingSessionStore,
  MemoryKeyProvider,
  MemoryLaunchIntentStore,
  MemoryRegistrationTokenStore,
  MemorySourcedIdStore,
} from './memory-config.js'
export { MemoryGradeBook, MemoryLineItemStore, MemoryResultStore } from './memory-grades.js'
export {
  type LmsSeed,
  MemoryEmbeddedContentStore,
  MemoryLmsDirectory,
  MemoryResourceLinkStore,
} from './memory-lms.js'
export {
  connectionStoreContract,
  type ContractCheck,
  gradeBookContract,
  lineItemStoreContract,
  oneTimeStoreContract,
  type OneTimeStore,
  resultStoreContract,
  sourcedIdStoreContract,
} from './contracts.js'
export {
  createMemoryPlatformStorage,
  type MemoryPlatformStorage,
  memoryLms,
} from './memory-storage.js'
export { createTestTool, formPost, readAutoPost, type TestTool } from './test-tool.js'
export {
  createWorld,
  FOREIGN_CONTEXT,
  otherConnection,
  PLATFORM_BASE,
  TOOL_ORIGIN,
  type World,
  WORLD_CONTEXT,
  WORLD_EPOCH,
  WORLD_LINK,
  WORLD_USERS,
  worldConnection,
} from './world.js'
