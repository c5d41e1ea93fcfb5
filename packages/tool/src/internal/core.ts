/**
 * The one place the tool layer imports the protocol core. Everything the tool uses from
 * `@ltihub/core` is re-exported here, so switching these relative paths to the package name is a
 * one-file change once the core index lists them.
 */
export { CLAIM, LTI_VERSION, MESSAGE_TYPE, SCOPE } from '../../../core/src/claims/uris.js'
export {
  type ErrorDefinition,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  SPEC,
} from '../../../core/src/errors/index.js'
export { defineErrors } from '../../../core/src/errors/define.js'
export { MemoryNonceStore, type NonceStore } from '../../../core/src/ports.js'
export { type Clock, systemClock } from '../../../core/src/internal/clock.js'
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
} from '../../../core/src/oidc-login/authentication-request.js'
export { parseAuthenticationResponse } from '../../../core/src/oidc-login/authentication-response.js'
export { parseLoginInitiation } from '../../../core/src/oidc-login/login-initiation.js'
export type { LoginInitiation } from '../../../core/src/oidc-login/types.js'
export { createLoginState } from '../../../core/src/oidc-login/state.js'
export { verifyIdToken } from '../../../core/src/launch/tool.js'
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
export { isUpstreamError, parseRetryAfter } from '../../../core/src/paging/index.js'
export { buildOutcomeRequest, processOutcomeResponse } from '../../../core/src/outcomes/index.js'
export {
  buildDeepLinkingResponse,
  type ContentItem,
  deepLinkingResponseForm,
  type LtiResourceLinkItem,
} from '../../../core/src/deep-linking/index.js'
