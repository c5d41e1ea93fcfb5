/**
 * The one file that reaches into `@ltihub/platform` sources: the package has no root index yet,
 * so everything this feature uses from the platform layer is re-exported here. When the package
 * exports these names, only this file changes.
 */
export {
  DEFAULT_LIFETIMES,
  type PlatformDeps,
  type PlatformEndpoints,
  type PlatformSettings,
} from '../../../../platform/src/config.js'
export { isCodedError, isPlatformError, PlatformError } from '../../../../platform/src/errors.js'
export type {
  Assignment,
  ConnectionStore,
  DeepLinkingSession,
  DeepLinkingSessionStore,
  EmbeddedContentStore,
  GradeBook,
  LaunchIntent,
  LaunchIntentStore,
  LaunchTarget,
  LineItem,
  LineItemQuery,
  LineItemStore,
  LmsDirectory,
  LmsUser,
  NewEmbeddedContent,
  NewLineItem,
  NewResourceLink,
  PlatformKeyProvider,
  RegistrationToken,
  RegistrationTokenStore,
  ResourceLink,
  ResourceLinkStore,
  ResultStore,
  ScoreRecord,
  SourcedIdBinding,
  SourcedIdStore,
  ToolConnection,
} from '../../../../platform/src/ports.js'
export {
  buildLti11LaunchForm,
  handleAuthenticationRequest,
  learningToolLinkId,
  lti11LaunchResponse,
  startLaunch,
} from '../../../../platform/src/launch/index.js'
export {
  receiveDeepLinkingResponse,
  startDeepLinking,
} from '../../../../platform/src/deep-linking/index.js'
export {
  acceptTypesOf,
  resolveDeepLinkingPlan,
} from '../../../../platform/src/deep-linking/plan.js'
export { requireActive } from '../../../../platform/src/internal/access.js'
export {
  handleLineItem,
  handleLineItemContainer,
  handleResults,
  handleScores,
} from '../../../../platform/src/ags/index.js'
export { handleMemberships } from '../../../../platform/src/nrps/index.js'
export { handleTokenEndpoint } from '../../../../platform/src/token/endpoint.js'
export { handleBasicOutcomes } from '../../../../platform/src/outcomes/index.js'
export {
  handleOpenIdConfiguration,
  handleRegistration,
  startRegistration,
} from '../../../../platform/src/registration/index.js'
export {
  originsOf,
  platformStorageScript,
  STORAGE_TARGET_PARENT,
} from '../../../../platform/src/storage/index.js'
