/**
 * @ltihub/tool: the LTI tool side as a library. Build one with `createLtiTool`, mount its
 * web-standard handlers in any HTTP framework, and connect the learning application through the
 * ports of `ports.ts`. This list is the package's public surface; every export is named.
 */
export { createLtiTool, type Handler, type LtiTool } from './tool.js'
export {
  type LtiSession,
  redirectWithSession,
  type ScoreOptions,
  type SessionGrades,
} from './app-session/session.js'
export type { DynamicRegistrationOptions, LtiToolOptions, RegistrationAdmission } from './config.js'
export type { DeepLinkingHandler, LaunchHandler } from './internal/runtime.js'
export type { ToolEvent, ToolEventListener } from './events.js'
export {
  type CodedError,
  isCodedError,
  ToolError,
  type ToolErrorCode,
  toolErrorCatalogue,
  toolErrorSection,
} from './errors/index.js'
export type {
  AdmitRequest,
  AdmitResult,
  ClaimOptions,
  ConsumerKeyStore,
  ContentCatalog,
  EnrolmentStore,
  GradeOutbox,
  LaunchStateStore,
  LearnerStore,
  PlatformRegistrationStore,
  PublicationStore,
  RosterSourceStore,
  SessionStore,
  ToolKeyProvider,
  ToolPorts,
} from './ports.js'
export type {
  Activity,
  ConsumerKey,
  Course,
  Deployment,
  DeploymentPolicy,
  DeploymentStatus,
  Enrolment,
  GradeOutboxItem,
  GradeTarget,
  LaunchStateRecord,
  Learner,
  LearnerProfile,
  LicenceCount,
  MemberSyncMode,
  MemberSyncTrigger,
  OutboxScore,
  OutboxSettlement,
  OutboxState,
  PlatformRegistration,
  Publication,
  PublicationConsumer,
  RosterSource,
  UserDefaults,
} from './records.js'
export type { DeepLinkingSession, LaunchContext, LaunchPlatform, ToolSession } from './sessions.js'
export { toolUrls, type ToolUrls } from './urls.js'
export { externalIdOf } from './launch/provision.js'
export { type AddressClass, classifyAddress, classifyHostName } from './internal/address.js'
export type { DeepLinkingAnswer } from './deep-linking/respond.js'
export type { ProgressReport, ReportOutcome, ResultReport, SkipReason } from './grades/report.js'
export type { DeliverOptions, DeliveryReport } from './grades/deliver.js'
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './grades/policy.js'
export type { RosterSyncResult } from './roster/sync.js'
export type { LaunchInformation } from './publishing/launch-info.js'
export type { LicenceReportRow } from './publishing/licences.js'
export {
  nodeHandler,
  type NodeHandlerOptions,
  type NodeRequest,
  sendWebResponse,
  toWebRequest,
} from './adapters/node-http.js'
// Key helpers of @ltihub/core, so a tool can be set up with this package alone.
export {
  createKeyRing,
  generateSigningKey,
  type KeyRing,
  type SigningKey,
} from './internal/core.js'
