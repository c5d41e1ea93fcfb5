export { MemoryContentCatalog, MemoryPublicationStore } from './memory-content.js'
export { MemoryEnrolmentStore } from './memory-enrolments.js'
export { MemoryGradeOutbox, MemoryRosterSourceStore } from './memory-outbox.js'
export {
  createMemoryPorts,
  type MemoryPorts,
  type MemoryPortsInput,
  staticKeyProvider,
} from './memory-ports.js'
export { MemoryConsumerKeyStore, MemoryRegistrationStore } from './memory-registrations.js'
export { MemoryLaunchStateStore, MemorySessionStore } from './memory-sessions.js'
export { TestPlatform, type ReceivedScore, type TestPlatformOptions } from './test-platform.js'
export { type LoopbackServer, startLoopback } from './loopback.js'
export {
  type HttpLaunch11Options,
  type HttpLaunch13Options,
  launch11OverHttp,
  launch13OverHttp,
  sendVia,
} from './http-launch.js'
export {
  attributeById,
  type AuthenticationStep,
  authenticationStep,
  cookiesOf,
  deepLinkingMessage,
  type DeepLinkingMessageOptions,
  errorCodeOf,
  hiddenFields,
  idToken,
  launchPost,
  type LoginRequestOptions,
  loginRequest,
  resourceLinkMessage,
  type ResourceLinkOptions,
  ROLE,
} from './flows.js'
export {
  createFixture,
  type Fixture,
  type FixtureOptions,
  type Launch13Options,
} from './fixture.js'
export {
  type BoundCheck,
  type ToolContractCheck,
  toolPortContract,
  toolPortContracts,
  type ToolPortsUnderTest,
} from './contracts.js'
