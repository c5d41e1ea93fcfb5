/**
 * The one place the tool layer imports the protocol core. Everything the tool uses from
 * `@ltihub/core` is re-exported here, so switching these relative paths to the package name is a
 * one-file change once the core index lists them.
 */
export {
  CLAIM,
  type Clock,
  type ErrorDefinition,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  LTI_VERSION,
  MemoryNonceStore,
  MESSAGE_TYPE,
  type NonceStore,
  SCOPE,
  SPEC,
  systemClock,
} from '../../../core/src/index.js'
// Not on any index yet: the tool's own catalogue is declared with core's helper.
export { defineErrors } from '../../../core/src/errors/define.js'
export {
  createKeyRing,
  generateSigningKey,
  type JsonWebKeySet,
  type KeyRing,
  publicJwks,
  RemoteKeySets,
  type SigningKey,
  signingKeyOf,
} from '../../../core/src/keys/index.js'
export {
  isAdministrator,
  isContentDeveloper,
  isInstructor,
  type RoleInput,
} from '../../../core/src/roles/index.js'
export {
  buildAuthenticationRequest,
  createLoginState,
  type LoginInitiation,
  parseAuthenticationResponse,
  parseLoginInitiation,
} from '../../../core/src/oidc-login/index.js'
export { verifyIdToken } from '../../../core/src/launch/index.js'
export { launchView, type LaunchView } from '../../../core/src/claims/index.js'
export { verifyLti11Launch, type Lti11Launch } from '../../../core/src/oauth1/index.js'
export {
  AccessTokenCache,
  buildClientAssertion,
  buildTokenRequest,
  processTokenResponse,
  type TokenSet,
} from '../../../core/src/oauth2/index.js'
export { buildScoreRequest, processScoreResponse } from '../../../core/src/ags/index.js'
export { isUpstreamError, parseRetryAfter, UpstreamError } from '../../../core/src/paging/index.js'
export { buildOutcomeRequest, processOutcomeResponse } from '../../../core/src/outcomes/index.js'
export {
  buildDeepLinkingResponse,
  type ContentItem,
  deepLinkingResponseForm,
  type LtiResourceLinkItem,
} from '../../../core/src/deep-linking/index.js'
export { fetchAllMembers, type Member, memberStatus } from '../../../core/src/nrps/index.js'
export { buildBasicLtiLink, parseBasicLtiLink } from '../../../core/src/cartridge/index.js'

// Platform-side functions, used only by the test platform of `src/testing/` (round trips made of
// core functions alone).
export {
  buildLoginInitiation,
  parseAuthenticationRequest,
} from '../../../core/src/oidc-login/index.js'
export { buildIdToken, type LaunchMessageClaims } from '../../../core/src/launch/index.js'
export { localKeyResolver } from '../../../core/src/keys/index.js'
export {
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  handleTokenRequest,
} from '../../../core/src/oauth2/index.js'
export { parseScoreRequest, type Score } from '../../../core/src/ags/index.js'
export { verifyDeepLinkingResponse } from '../../../core/src/deep-linking/index.js'
export { buildMembershipPage, membershipPageResponse } from '../../../core/src/nrps/index.js'
export { buildLti11Launch, signLti11Form } from '../../../core/src/oauth1/index.js'
export { handleOutcomeRequest } from '../../../core/src/outcomes/index.js'
export { ALL_SCOPES } from '../../../core/src/index.js'
export {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  DR_KEY,
  type PlatformConfiguration,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
  registrationCloseScript,
  type ToolRegistration,
} from '../../../core/src/registration/index.js'
export {
  buildOpenIdConfiguration,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
} from '../../../core/src/registration/index.js'
