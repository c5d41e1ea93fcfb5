/**
 * `@ltihub/core`: LTI 1.1 and LTI 1.3 / Advantage on web-standard `Request`/`Response` and WebCrypto.
 *
 * The root entry holds the names most integrators need: errors, claims and the launch view, keys,
 * the OIDC login and id_token launch, Deep Linking, the service clients and handlers (OAuth 2,
 * AGS, NRPS, Basic Outcomes), LTI 1.1 launches, roles and the ports. Every feature's full surface
 * (options and result types, schemas, limits, Dynamic Registration, Content-Item, cartridges, the
 * outbound policy, …) is on its own subpath (`@ltihub/core/launch`, `@ltihub/core/ags`, …) under
 * the same names. Every export is named here (no `export *`); `surface.test.ts` checks the list.
 *
 * The integrator guide, with the feature map and examples, is docs/integrators/core.md.
 */
export { MemoryNonceStore, type NonceStore } from './ports.js'
export { type Clock, systemClock } from './internal/clock.js'
// Untrusted bodies read without holding more than a limit (what every reader in ltihub uses).
export { readBoundedBytes, readBoundedText } from './internal/bounded-body.js'

// Errors: one class, stable codes, one catalogue (docs/errors.md).
export {
  CatalogueError,
  type CatalogueErrorOptions,
  type CodedProblem,
  coreErrorSection,
  defineErrors,
  errorCatalogue,
  type ErrorDefinition,
  type ErrorDocSection,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  type LtiErrorOptions,
  type LtiProblem,
  renderErrorDocs,
  renderErrorSection,
  SPEC,
} from './errors/index.js'

// LTI 1.3 claims: URIs, one schema per claim, launch message schemas, the camelCase view.
export {
  ALL_SCOPES,
  CLAIM,
  isMessageOfType,
  type LaunchMessageOf,
  type LaunchMessageType,
  type LaunchUser,
  type LaunchView,
  launchView,
  LTI_VERSION,
  type LtiDeepLinkingRequest,
  type LtiLaunchMessage,
  ltiLaunchMessageSchema,
  type LtiResourceLinkRequest,
  type LtiSubmissionReviewRequest,
  MESSAGE_TYPE,
  type MessageType,
  SCOPE,
  type Scope,
} from './claims/index.js'

// Keys: signing keys, key rings with rotation, JWKS publishing, key resolvers.
export {
  createKeyRing,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type JsonWebKeySet,
  type KeyResolver,
  type KeyRing,
  localKeyResolver,
  publicJwks,
  RemoteKeySets,
  rotateKeyRing,
  type SigningAlgorithm,
  type SigningKey,
  signingKeyOf,
  staticKeyResolver,
} from './keys/index.js'

// OIDC third-party-initiated login (LTI 1.3 launch steps 1 to 3).
export {
  assertStateMatches,
  buildAuthenticationRequest,
  buildAuthenticationResponse,
  buildLoginInitiation,
  createLoginState,
  type LoginState,
  parseAuthenticationRequest,
  parseAuthenticationResponse,
  parseLoginInitiation,
} from './oidc-login/index.js'

// The LTI 1.3 launch message: buildIdToken (platform), verifyIdToken (tool).
export {
  buildIdToken,
  MESSAGE_STEPS,
  TOKEN_STEPS,
  type VerifiedLaunch,
  verifyIdToken,
  type VerifyIdTokenOptions,
} from './launch/index.js'

// Deep Linking 2.0.
export {
  buildDeepLinkingResponse,
  buildDeepLinkingSettings,
  type ContentItem,
  deepLinkingResponseForm,
  verifyDeepLinkingResponse,
  type VerifyDeepLinkingResponseOptions,
} from './deep-linking/index.js'

// OAuth 2 client credentials for LTI Advantage services, both sides.
export {
  AccessTokenCache,
  AccessTokenIssuer,
  authorizeServiceRequest,
  bearerErrorResponse,
  buildClientAssertion,
  buildTokenRequest,
  handleTokenRequest,
  processTokenResponse,
  requestAccessToken,
} from './oauth2/index.js'

// Assignment and Grade Services 2.0.
export {
  type ActivityProgress,
  applyScore,
  buildLineItemsRequest,
  buildResultsRequest,
  buildScoreRequest,
  fetchAllLineItems,
  type GradingProgress,
  type LineItem,
  lineItemResponse,
  parseLineItemRequest,
  parseScoreRequest,
  processScoreResponse,
  type Score,
  scoreToFraction,
} from './ags/index.js'

// Names and Role Provisioning Services 2.0.
export {
  buildMembershipPage,
  buildMembershipRequest,
  fetchAllMembers,
  type Member,
  membershipPageResponse,
  parseMembershipQuery,
  processMembershipResponse,
} from './nrps/index.js'

// Service-client plumbing shared by AGS and NRPS: Link headers, paging, upstream errors.
export {
  followPages,
  pageLinkHeader,
  parseLinkHeader,
  parseRetryAfter,
  UpstreamError,
} from './paging/index.js'

// Dynamic Registration 1.0.
export {
  buildOpenIdConfiguration,
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
} from './registration/index.js'

// Role vocabularies and LTI 1.1 <-> 1.3 role mapping.
export { hasRole, isInstructor, isLearner, normalizeRoles } from './roles/index.js'

// Custom parameters and substitution variables.
export {
  formatCustomParameterLines,
  parseCustomParameterLines,
  substituteCustomParameters,
} from './custom/index.js'

// LTI 1.1 -> 1.3 migration (the lti1p1 claim).

// OAuth 1.0a and LTI 1.1 launches.
export {
  buildLti11Launch,
  parseAuthorizationHeader,
  renderAutoSubmitForm,
  verifyLti11Launch,
} from './oauth1/index.js'

// LTI 1.1 Basic Outcomes.
export {
  buildOutcomeRequest,
  buildOutcomeResponse,
  handleOutcomeRequest,
  parseOutcomeRequest,
  processOutcomeResponse,
  verifyOutcomeRequest,
} from './outcomes/index.js'

// Content-Item Message 1.0 (LTI 1.1 deep linking).
export {
  buildContentItemSelection,
  buildContentItemSelectionRequest,
  toDeepLinkingItem,
  verifyContentItemRequest,
  verifyContentItemSelection,
} from './content-item/index.js'

// Common Cartridge basic LTI links.
export { buildBasicLtiLink, parseBasicLtiLink } from './cartridge/index.js'

// The outbound client: every request to another party, with its address policy and limits.
export {
  classifyAddress,
  createOutboundFetch,
  isLoopbackName,
  type OutboundConnection,
  type OutboundConnector,
  type OutboundFetch,
  type OutboundResolver,
  parseAllowList,
  type ResolvedAddress,
  unguardedFetch,
} from './outbound/index.js'
