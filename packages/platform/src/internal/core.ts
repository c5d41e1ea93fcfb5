/**
 * The one file that reaches into `@ltihub/core`. Every other file of the platform layer imports
 * core through here, so moving from these source paths to the package's public exports is a
 * change of this file only.
 */
export {
  ALL_SCOPES,
  CLAIM,
  errorCatalogue,
  type Clock,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  MemoryNonceStore,
  type LtiProblem,
  MESSAGE_TYPE,
  type MessageType,
  type NonceStore,
  SCOPE,
  type Scope,
  SPEC,
} from '../../../core/src/index.js'
export { defineErrors, type ErrorDefinition } from '../../../core/src/errors/define.js'
export {
  createKeyRing,
  generateSigningKey,
  type KeyRing,
  type KeyResolver,
  localKeyResolver,
  publicJwks,
  RemoteKeySets,
  type SigningKey,
  signingKeyOf,
  staticKeyResolver,
} from '../../../core/src/keys/index.js'
export {
  CONTEXT_ROLE,
  CONTEXT_SUB_ROLE,
  INSTITUTION_ROLE,
  SYSTEM_ROLE,
  toLti11Roles,
} from '../../../core/src/roles/index.js'
export {
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  buildClientAssertion,
  handleTokenRequest,
  type TokenEndpointClient,
} from '../../../core/src/oauth2/index.js'
export {
  applyScore as applyScoreToResult,
  checkLineItemUpdate,
  type LineItem as AgsLineItem,
  lineItemContainerResponse,
  lineItemResponse,
  lineItemServiceUrl,
  parseIsoInstant,
  parseLineItemRequest,
  parseLineItemsQuery,
  parseResultsQuery,
  parseScoreRequest,
  rescaleScore,
  resultContainerResponse,
  type Score as AgsScore,
  type StoredResult,
  storedResultToResult,
} from '../../../core/src/ags/index.js'
export {
  buildMembershipPage,
  type Member,
  membershipPageResponse,
  parseMembershipQuery,
} from '../../../core/src/nrps/index.js'
export { type PageLinkUrls } from '../../../core/src/paging/index.js'
export {
  formatIdHistory,
  substituteCustomParameters,
  type SubstitutionValues,
  type VariableName,
} from '../../../core/src/custom/index.js'
export {
  buildDeepLinkingResponse,
  buildDeepLinkingSettings,
  type ContentItem,
  type HtmlItem,
  htmlItemSchema,
  type ImageItem,
  imageItemSchema,
  type LtiResourceLinkItem,
  ltiResourceLinkItemSchema,
  verifyDeepLinkingResponse,
} from '../../../core/src/deep-linking/index.js'
export { buildIdToken, verifyIdToken } from '../../../core/src/launch/index.js'
export { buildLti1p1Claim, verifyLti1p1Claim } from '../../../core/src/migration/index.js'
export {
  AuthenticationRequestError,
  authenticationErrorResponse,
  buildAuthenticationRequest,
  buildAuthenticationResponse,
  buildLoginInitiation,
  type OidcErrorCode,
  parseAuthenticationRequest,
} from '../../../core/src/oidc-login/index.js'
export {
  buildLti11Launch,
  escapeHtml,
  formatAuthorizationHeader,
  type Lti11FormPost,
  renderAutoSubmitForm,
  signOAuth1,
  verifyLti11Launch,
} from '../../../core/src/oauth1/index.js'
export {
  type AgsEndpointClaim,
  CONTEXT_TYPE,
  type DeepLinkingSettingsClaim,
  type LtiLaunchMessage,
  type NrpsClaim,
} from '../../../core/src/claims/index.js'
export {
  buildOutcomeRequest,
  computeBodyHash,
  handleOutcomeRequest,
  type OutcomeHandlers,
  processOutcomeResponse,
} from '../../../core/src/outcomes/index.js'
export {
  buildOpenIdConfiguration,
  DR_KEY,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
  type ToolRegistration,
} from '../../../core/src/registration/index.js'
