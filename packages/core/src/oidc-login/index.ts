/** OIDC third-party-initiated login: the three steps of an LTI 1.3 launch, for both sides. */
export {
  type BuildLoginInitiationOptions,
  buildLoginInitiation,
  type LoginInitiationRequest,
  type ParseLoginInitiationOptions,
  parseLoginInitiation,
} from './login-initiation.js'
export {
  type AuthenticationErrorRedirect,
  AuthenticationRequestError,
  type BuildAuthenticationRequestOptions,
  buildAuthenticationRequest,
  type ClientLookupResult,
  type ParseAuthenticationRequestOptions,
  parseAuthenticationRequest,
} from './authentication-request.js'
export {
  authenticationErrorResponse,
  type BuildAuthenticationResponseOptions,
  buildAuthenticationResponse,
  parseAuthenticationResponse,
} from './authentication-response.js'
export { autoPostResponse } from './auto-post.js'
export { assertStateMatches, createLoginState, type LoginState } from './state.js'
export { OIDC_LIMITS } from './form.js'
export type {
  AuthenticationRequest,
  AuthenticationResponse,
  LoginInitiation,
  OidcErrorCode,
} from './types.js'
export { oidcLoginErrors } from './errors.js'
