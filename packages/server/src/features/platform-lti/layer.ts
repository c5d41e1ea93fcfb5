/**
 * Everything this feature uses from `@ltihub/platform`, re-exported through one file (the package
 * root, plus the `server-kit` subpath for the checks LTI 1.1 Content-Item reuses).
 */
export {
  DEFAULT_LIFETIMES,
  type PlatformDeps,
  type PlatformEndpoints,
  type PlatformSettings,
} from '@ltihub/platform'
export { isCodedError, isPlatformError, PlatformError } from '@ltihub/platform'
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
} from '@ltihub/platform'
export {
  buildLti11LaunchForm,
  handleAuthenticationRequest,
  learningToolLinkId,
  lti11LaunchResponse,
  startLaunch,
} from '@ltihub/platform'
export { receiveDeepLinkingResponse, startDeepLinking } from '@ltihub/platform'
export {
  receiveContentItemSelection,
  startContentItemSelection,
  type StartContentItemInput,
} from '@ltihub/platform'
export { acceptTypesOf, resolveDeepLinkingPlan } from '@ltihub/platform/server-kit'
export { requireActive } from '@ltihub/platform/server-kit'
export {
  handleLineItem,
  handleLineItemContainer,
  handleResults,
  handleScores,
} from '@ltihub/platform'
export { handleMemberships } from '@ltihub/platform'
export { handleTokenEndpoint } from '@ltihub/platform'
export { handleBasicOutcomes } from '@ltihub/platform'
export { handleOpenIdConfiguration, handleRegistration, startRegistration } from '@ltihub/platform'
export { originsOf, platformStorageScript, STORAGE_TARGET_PARENT } from '@ltihub/platform'
