/**
 * OAuth 1.0a (RFC 5849) as LTI 1.1 uses it, and LTI 1.1 launches on both sides.
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export { formatAuthorizationHeader, parseAuthorizationHeader } from './authorization-header.js'
export {
  type BaseStringInput,
  normalizeParameters,
  normalizeUrl,
  type NormalizedUrl,
  signatureBaseString,
} from './base-string.js'
export { percentDecode, percentEncode } from './encoding.js'
export { oauth1Errors } from './errors.js'
export {
  buildLti11Launch,
  type BuildLti11LaunchOptions,
  type Lti11FormPost,
  signLti11Form,
  type SignLti11FormOptions,
} from './lti11-platform.js'
export {
  type Lti11Context,
  type Lti11LaunchPresentation,
  type Lti11MessageType,
  type Lti11MessageView,
  type Lti11OutcomeService,
  type Lti11ToolConsumer,
  type Lti11User,
  type Lti11Version,
  LTI11_MESSAGE_TYPE,
  LTI11_VERSIONS,
} from './lti11-schema.js'
export {
  type Lti11Launch,
  type Lti11VerifierDeps,
  verifyLti11Launch,
  verifyLti11Message,
  type VerifiedLti11Message,
} from './lti11-tool.js'
export { type OAuthParam, type OAuthParamsInput } from './params.js'
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PARAMETERS,
  type OAuth1Request,
  readOAuth1Request,
  type ReadOAuth1RequestOptions,
} from './read-request.js'
export { signOAuth1, type SignOAuth1Options } from './sign.js'
export { SIGNATURE_METHODS, type SignatureMethod } from './signature.js'
export {
  type ConsumerSecretLookup,
  DEFAULT_TIMESTAMP_WINDOW_SECONDS,
  type OAuth1VerifierDeps,
  type VerifiedOAuth1,
  verifyOAuth1,
  type VerifyOAuth1Options,
} from './verify.js'
export {
  AUTO_SUBMIT_SCRIPT,
  type AutoSubmitFormOptions,
  escapeHtml,
  renderAutoSubmitForm,
} from '../internal/auto-submit-form.js'
