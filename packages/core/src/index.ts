/**
 * @ltihub/core: the LTI protocol on web-standard Request/Response and WebCrypto.
 * This list is the package's public surface; every export is named.
 */
export {
  CLAIM,
  type ClaimName,
  LTI_VERSION,
  MESSAGE_TYPE,
  type MessageType,
  SCOPE,
  type Scope,
  ALL_SCOPES,
} from './claims/uris.js'
export {
  errorCatalogue,
  type ErrorDefinition,
  isLtiError,
  LtiError,
  type LtiErrorCode,
  type LtiErrorOptions,
  type LtiProblem,
  SPEC,
} from './errors/index.js'
export { MemoryNonceStore, type NonceStore } from './ports.js'
export { type Clock, systemClock } from './internal/clock.js'
