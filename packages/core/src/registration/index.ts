/** LTI Dynamic Registration 1.0: platform configuration, tool registration, both sides. */
export { DR_KEY, PRIVATE_KEY_JWT, REGISTRATION_CLOSE_SUBJECT } from './uris.js'
export {
  type LtiPlatformConfiguration,
  ltiPlatformConfigurationSchema,
  type LtiToolConfiguration,
  ltiToolConfigurationSchema,
  type PlatformConfiguration,
  platformConfigurationSchema,
  type RegistrationResponse,
  registrationResponseSchema,
  supportedMessageSchema,
  type ToolMessage,
  toolMessageSchema,
  type ToolRegistration,
  toolRegistrationSchema,
} from './schema.js'
export {
  buildOpenIdConfiguration,
  DEFAULT_CLAIMS_SUPPORTED,
  type OpenIdConfigurationInput,
  openIdConfigurationResponse,
} from './openid-configuration.js'
export { hostWithinDomains, type RegistrationPolicy } from './platform-checks.js'
export {
  parseRegistrationRequest,
  type ReadRegistrationOptions,
  readRegistrationRequest,
  REGISTRATION_MAX_BODY_BYTES,
  registrationCreatedResponse,
  type RegistrationErrorBody,
  registrationErrorBody,
  registrationErrorResponse,
  registrationResponseBody,
  type RegistrationResult,
} from './platform.js'
export {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  type OpenIdConfigurationOptions,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
  type RegistrationInitiation,
  type RegistrationOutcome,
  type RegistrationRequestInput,
} from './tool.js'
export {
  type RegistrationCloseHtmlOptions,
  registrationCloseHtml,
  type RegistrationCloseOptions,
  registrationCloseScript,
} from './close.js'
