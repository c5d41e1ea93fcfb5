export {
  type AccessTokenGrant,
  AccessTokenIssuer,
  type AccessTokenIssuerOptions,
  type AccessTokenRequest,
  type IssuedAccessToken,
} from './access-token.js'
export {
  authorizeServiceRequest,
  bearerChallenge,
  type BearerChallengeOptions,
  bearerErrorResponse,
} from './bearer.js'
export {
  formatScope,
  intersectScopes,
  isKnownScope,
  isScopeToken,
  knownScopes,
  parseScope,
} from './scope.js'
export {
  AccessTokenCache,
  type AccessTokenCacheKey,
  type AccessTokenCacheOptions,
} from './token-cache.js'
export {
  buildClientAssertion,
  buildTokenRequest,
  type ClientAssertionOptions,
  processTokenResponse,
  type ProcessTokenResponseOptions,
  requestAccessToken,
  type RequestAccessTokenOptions,
  type TokenRequestOptions,
  type TokenSet,
} from './token-client.js'
export {
  handleTokenRequest,
  tokenErrorResponse,
  type TokenEndpointClient,
  type TokenEndpointDeps,
} from './token-endpoint.js'
export { CLIENT_ASSERTION_TYPE, type OAuthErrorCode } from './types.js'
