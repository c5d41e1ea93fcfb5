/**
 * The one file that reaches into `@ltihub/core`. Every other file of the platform layer imports
 * core through here, so moving from these source paths to the package's public exports is a
 * change of this file only.
 */
export {
  ALL_SCOPES,
  CatalogueError,
  type CatalogueErrorOptions,
  type CodedProblem,
  CLAIM,
  errorCatalogue,
  type Clock,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  MemoryNonceStore,
  type LtiProblem,
  MESSAGE_TYPE,
  readBoundedText,
  type MessageType,
  type NonceStore,
  SCOPE,
  type Scope,
  SPEC,
  unguardedFetch,
} from '@ltihub/core'
export {
  defineErrors,
  type ErrorDefinition,
  type ErrorDocSection,
  renderErrorSection,
} from '@ltihub/core/errors'
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
} from '@ltihub/core/keys'
export {
  CONTEXT_ROLE,
  CONTEXT_SUB_ROLE,
  INSTITUTION_ROLE,
  SYSTEM_ROLE,
  toLti11Roles,
} from '@ltihub/core/roles'
export {
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  buildClientAssertion,
  handleTokenRequest,
  type TokenEndpointClient,
} from '@ltihub/core/oauth2'
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
} from '@ltihub/core/ags'
export {
  buildMembershipPage,
  type Member,
  membershipPageResponse,
  parseMembershipQuery,
} from '@ltihub/core/nrps'
export { type PageLinkUrls } from '@ltihub/core/paging'
export {
  formatIdHistory,
  substituteCustomParameters,
  type SubstitutionValues,
  type VariableName,
} from '@ltihub/core/custom'
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
} from '@ltihub/core/deep-linking'
export {
  buildContentItemSelectionRequest,
  type MappedContentItem,
  verifyContentItemSelection,
} from '@ltihub/core/content-item'
export { buildIdToken, verifyIdToken } from '@ltihub/core/launch'
export { buildLti1p1Claim, verifyLti1p1Claim } from '@ltihub/core/migration'
export {
  AuthenticationRequestError,
  authenticationErrorResponse,
  buildAuthenticationRequest,
  buildAuthenticationResponse,
  buildLoginInitiation,
  type OidcErrorCode,
  parseAuthenticationRequest,
} from '@ltihub/core/oidc-login'
export {
  buildLti11Launch,
  escapeHtml,
  formatAuthorizationHeader,
  type Lti11FormPost,
  renderAutoSubmitForm,
  signOAuth1,
  verifyLti11Launch,
} from '@ltihub/core/oauth1'
export {
  type AgsEndpointClaim,
  CONTEXT_TYPE,
  type DeepLinkingSettingsClaim,
  type LtiLaunchMessage,
  type NrpsClaim,
} from '@ltihub/core/claims'
export {
  buildOutcomeRequest,
  computeBodyHash,
  handleOutcomeRequest,
  type OutcomeHandlers,
  processOutcomeResponse,
} from '@ltihub/core/outcomes'
export {
  buildOpenIdConfiguration,
  DR_KEY,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
  type ToolRegistration,
} from '@ltihub/core/registration'
