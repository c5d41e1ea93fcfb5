/**
 * The one place the tool layer imports the protocol core: everything the tool uses from
 * `@ltihub/core` is re-exported here, so the layer's dependency on core is visible in one file.
 */
export {
  CatalogueError,
  type CatalogueErrorOptions,
  CLAIM,
  type Clock,
  defineErrors,
  type ErrorDefinition,
  type ErrorDocSection,
  errorCatalogue,
  isLtiError,
  LtiError,
  unguardedFetch,
  type LtiErrorCode,
  LTI_VERSION,
  MemoryNonceStore,
  MESSAGE_TYPE,
  readBoundedText,
  type NonceStore,
  SCOPE,
  renderErrorSection,
  SPEC,
  systemClock,
} from '@ltihub/core'
export {
  createKeyRing,
  generateSigningKey,
  type JsonWebKeySet,
  type KeyRing,
  publicJwks,
  RemoteKeySets,
  type SigningKey,
  signingKeyOf,
} from '@ltihub/core/keys'
export {
  isAdministrator,
  isContentDeveloper,
  isInstructor,
  type RoleInput,
} from '@ltihub/core/roles'
export {
  buildAuthenticationRequest,
  createLoginState,
  type LoginInitiation,
  parseAuthenticationResponse,
  parseLoginInitiation,
} from '@ltihub/core/oidc-login'
export { verifyIdToken } from '@ltihub/core/launch'
export { launchView, type LaunchView } from '@ltihub/core/claims'
export { verifyLti11Launch, type Lti11Launch } from '@ltihub/core/oauth1'
export {
  AccessTokenCache,
  buildClientAssertion,
  buildTokenRequest,
  processTokenResponse,
  type TokenSet,
} from '@ltihub/core/oauth2'
export {
  buildResultsRequest,
  buildScoreRequest,
  processResultsResponse,
  processScoreResponse,
} from '@ltihub/core/ags'
export {
  buildCreateLineItemRequest,
  fetchAllLineItems,
  type LineItem,
  processLineItemResponse,
} from '@ltihub/core/ags'
export { isUpstreamError, parseRetryAfter, UpstreamError } from '@ltihub/core/paging'
export { buildOutcomeRequest, processOutcomeResponse } from '@ltihub/core/outcomes'
export {
  buildDeepLinkingResponse,
  type ContentItem,
  deepLinkingResponseForm,
  type LtiResourceLinkItem,
} from '@ltihub/core/deep-linking'
export { fetchAllMembers, type Member, memberStatus } from '@ltihub/core/nrps'
export { NRPS_MEDIA_TYPE, processMembershipResponse } from '@ltihub/core/nrps'
export { formatAuthorizationHeader, signOAuth1 } from '@ltihub/core/oauth1'
export { buildBasicLtiLink, parseBasicLtiLink } from '@ltihub/core/cartridge'

// Platform-side functions, used only by the test platform of `src/testing/` (round trips made of
// core functions alone).
export { buildLoginInitiation, parseAuthenticationRequest } from '@ltihub/core/oidc-login'
export { buildIdToken, type LaunchMessageClaims } from '@ltihub/core/launch'
export { localKeyResolver } from '@ltihub/core/keys'
export {
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  handleTokenRequest,
} from '@ltihub/core/oauth2'
export {
  isScoreNewer,
  parseScoreRequest,
  resultContainerResponse,
  type Score,
} from '@ltihub/core/ags'
export { lineItemContainerResponse, lineItemResponse, parseLineItemRequest } from '@ltihub/core/ags'
export { parseAuthorizationHeader, verifyOAuth1 } from '@ltihub/core/oauth1'
export { verifyDeepLinkingResponse } from '@ltihub/core/deep-linking'
export { buildMembershipPage, membershipPageResponse } from '@ltihub/core/nrps'
export { buildLti11Launch, signLti11Form } from '@ltihub/core/oauth1'
export { handleOutcomeRequest } from '@ltihub/core/outcomes'
export { ALL_SCOPES } from '@ltihub/core'
export {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  DR_KEY,
  type PlatformConfiguration,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  type RegistrationInitiation,
  processRegistrationResponse,
  registrationCloseScript,
  type ToolRegistration,
} from '@ltihub/core/registration'
export {
  buildOpenIdConfiguration,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
} from '@ltihub/core/registration'
