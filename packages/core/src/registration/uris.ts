/**
 * Keys and values Dynamic Registration defines. Code refers to them only through these constants.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export const DR_KEY = {
  /** The LTI object inside the platform's OpenID configuration. */
  platformConfiguration: 'https://purl.imsglobal.org/spec/lti-platform-configuration',
  /** The LTI object inside the tool's registration request and the platform's response. */
  toolConfiguration: 'https://purl.imsglobal.org/spec/lti-tool-configuration',
} as const

/**
 * The `subject` of the message the tool posts to the platform window when registration ends.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-4-registration-completed-and-activation
 */
export const REGISTRATION_CLOSE_SUBJECT = 'org.imsglobal.lti.close'

/** The only token endpoint authentication LTI uses. */
export const PRIVATE_KEY_JWT = 'private_key_jwt'
