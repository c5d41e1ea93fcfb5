/**
 * @ltihub/platform: the LTI platform (LMS) side as a framework-agnostic library. Every endpoint is
 * `(request, deps, params?) => Promise<Response>` or a plain function; the LMS is reached only
 * through the ports of `ports.ts`. `createLtiPlatform` mounts them all behind one handler. This
 * list is the package's public surface.
 */
export {
  createLtiPlatform,
  type Handler,
  type LtiPlatform,
  type LtiPlatformOptions,
  nodeHandler,
  type NodeHandlerOptions,
  type PlatformEvent,
  type PlatformLms,
  type PlatformStorage,
  type ResourceLinkPlacement,
  toolConnection,
  type ToolConnectionInput,
} from './router/index.js'
export {
  DEFAULT_LIFETIMES,
  type PlatformDeps,
  type PlatformEndpoints,
  type PlatformInstance,
  type PlatformSettings,
  standardEndpoints,
} from './config.js'
export {
  isCodedError,
  isPlatformError,
  PlatformError,
  type PlatformErrorCode,
  type PlatformErrorOptions,
  platformErrorSection,
  platformErrors,
  type PlatformProblem,
} from './errors.js'
export type {
  ActivityProgress,
  Assignment,
  ConnectionFeatures,
  ConnectionStore,
  CourseRole,
  DateWindow,
  DeepLinkingSession,
  DeepLinkingSessionStore,
  Deployment,
  EmbeddedContentStore,
  Enrolment,
  GradeBook,
  GradeEntry,
  GradeWrite,
  GradingProgress,
  LaunchIntent,
  LaunchIntentStore,
  LaunchTarget,
  LearningToolsList,
  LineItem,
  LineItemQuery,
  LineItemStore,
  LmsContext,
  LmsDirectory,
  LmsUser,
  Lti11Credentials,
  Lti13Registration,
  NewEmbeddedContent,
  NewLineItem,
  NewResourceLink,
  PageQuery,
  PendingRegistration,
  PlatformKeyProvider,
  PresentationTarget,
  RegistrationToken,
  RegistrationTokenStore,
  ResourceLink,
  ResourceLinkStore,
  ResultStore,
  RosterEntry,
  ScoreRecord,
  ScoringType,
  SourcedIdBinding,
  SourcedIdStore,
  ToolConnection,
  UserKind,
} from './ports.js'
export {
  type AuthenticationOptions,
  type BrowserSession,
  buildLti11LaunchForm,
  handleAuthenticationRequest,
  learningToolLinkId,
  type Lti11LaunchForm,
  lti11LaunchResponse,
  type LoginInitiationStart,
  startLaunch,
  type StartLaunchInput,
} from './launch/index.js'
export {
  type ContentItemResult,
  receiveContentItemSelection,
  startContentItemSelection,
  type StartContentItemInput,
  type DeepLinkingResult,
  type DeepLinkingReturnParams,
  type DeepLinkingTarget,
  receiveDeepLinkingResponse,
  startDeepLinking,
  type StartDeepLinkingInput,
} from './deep-linking/index.js'
export {
  handleLineItem,
  handleLineItemContainer,
  handleResults,
  handleScores,
} from './ags/index.js'
export { handleMemberships } from './nrps/index.js'
export { grantableScopes, handleJwks, handleTokenEndpoint } from './token/index.js'
export { type BasicOutcomesOptions, handleBasicOutcomes } from './outcomes/index.js'
export {
  type ConnectionCheck,
  type ConnectionTestReport,
  type ConnectionUnderTest,
  handleOpenIdConfiguration,
  handleRegistration,
  type RegistrationStart,
  startRegistration,
  testConnection,
} from './registration/index.js'
export {
  originsOf,
  platformStorageScript,
  type PlatformStorageScriptOptions,
  STORAGE_TARGET_PARENT,
} from './storage/index.js'
