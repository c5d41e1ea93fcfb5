/** Claim URIs, one schema per LTI 1.3 claim, the launch message schemas and the camelCase view. */
export {
  ALL_SCOPES,
  CLAIM,
  type ClaimName,
  LTI_VERSION,
  MESSAGE_TYPE,
  type MessageType,
  SCOPE,
  type Scope,
} from './uris.js'
export {
  type ContextClaim,
  contextClaimSchema,
  type CustomClaim,
  customClaimSchema,
  DOCUMENT_TARGETS,
  type DocumentTarget,
  type ForUserClaim,
  forUserClaimSchema,
  type LaunchPresentationClaim,
  launchPresentationClaimSchema,
  type LisClaim,
  lisClaimSchema,
  type Lti1p1Claim,
  lti1p1ClaimSchema,
  type ResourceLinkClaim,
  resourceLinkClaimSchema,
  type RoleScopeMentorClaim,
  roleScopeMentorClaimSchema,
  type RolesClaim,
  rolesClaimSchema,
  type ToolPlatformClaim,
  toolPlatformClaimSchema,
} from './core-claims.js'
export {
  type AgsEndpointClaim,
  agsEndpointClaimSchema,
  type BasicOutcomeClaim,
  basicOutcomeClaimSchema,
  type NrpsClaim,
  nrpsClaimSchema,
} from './service-claims.js'
export {
  type DeepLinkingSettingsClaim,
  deepLinkingSettingsClaimSchema,
} from './deep-linking-settings.js'
export { CONTEXT_TYPE, type ContextType, normalizeContextType } from './context-types.js'
export { deploymentIdSchema, ltiIdentifierSchema, webUrlSchema } from './primitives.js'
export {
  isLaunchMessageType,
  isMessageOfType,
  LAUNCH_MESSAGE_SCHEMAS,
  type LaunchMessageOf,
  type LaunchMessageType,
  type LtiDeepLinkingRequest,
  ltiDeepLinkingRequestSchema,
  type LtiLaunchMessage,
  ltiLaunchMessageSchema,
  type LtiResourceLinkRequest,
  ltiResourceLinkRequestSchema,
  type LtiSubmissionReviewRequest,
  ltiSubmissionReviewRequestSchema,
} from './messages.js'
export {
  type LaunchAgs,
  type LaunchContext,
  type LaunchDeepLinking,
  type LaunchForUser,
  type LaunchLti1p1,
  type LaunchNrps,
  type LaunchPresentation,
  type LaunchResourceLink,
  type LaunchToolPlatform,
  type LaunchUser,
  type LaunchView,
  launchView,
} from './view.js'
