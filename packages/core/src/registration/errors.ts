import { defineErrors, SPEC } from '../errors/define.js'

const DR = SPEC.dynamicRegistration

/**
 * Catalogue entries of this feature (see `errors/catalogue.ts`). Platform-side entries map to the
 * RFC 7591 error body `{error, error_description}` through `registrationErrorBody`.
 */
export const registrationErrors = defineErrors({
  ERR_LTI_DR_TOKEN_REQUIRED: {
    status: 401,
    spec: `${DR}#step-3-client-registration`,
    description: 'The registration request carries no registration access token.',
    cause: 'The tool did not send the registration_token it received as a bearer token.',
    fix: 'Send Authorization: Bearer <registration_token> with the registration POST.',
  },
  ERR_LTI_DR_TOKEN_INVALID: {
    status: 401,
    spec: `${DR}#step-3-client-registration`,
    description: 'The registration access token is unknown, expired or already used.',
    cause: 'A stale or forged token, or a second registration with a single-use token.',
    fix: 'Start the registration again from the platform to get a fresh token.',
  },
  ERR_LTI_DR_INVALID_METADATA: {
    status: 400,
    spec: `${DR}#tool-configuration`,
    description: 'The tool registration does not match the Dynamic Registration schema.',
    cause: 'A field has the wrong type, a URL is malformed, or application_type is not "web".',
    fix: 'Compare the registration with the spec; the error names the field at fault.',
  },
  ERR_LTI_DR_MISSING_FIELD: {
    status: 400,
    spec: `${DR}#tool-configuration`,
    description: 'The tool registration lacks a required field.',
    cause:
      'No initiate_login_uri, jwks_uri, redirect_uris, client_name or LTI tool configuration (domain, target_link_uri).',
    fix: 'Send every required field; the error names the one missing.',
  },
  ERR_LTI_DR_UNSUPPORTED_AUTH_METHOD: {
    status: 400,
    spec: `${DR}#tool-configuration`,
    description: 'token_endpoint_auth_method must be "private_key_jwt".',
    cause: 'The tool asked for a client secret or another method LTI does not use.',
    fix: 'Register with token_endpoint_auth_method "private_key_jwt" and a jwks_uri.',
  },
  ERR_LTI_DR_ID_TOKEN_RESPONSE_TYPE_REQUIRED: {
    status: 400,
    spec: `${DR}#tool-configuration`,
    description: 'response_types must contain "id_token".',
    cause: 'The tool registered without the id_token response type LTI launches use.',
    fix: 'Send response_types ["id_token"].',
  },
  ERR_LTI_DR_INSECURE_URL: {
    status: 400,
    spec: 'https://www.imsglobal.org/spec/security/v1p0/#securing_web_services',
    description: 'A URL in the tool registration is not https.',
    cause: 'The tool registered http:// endpoints (loopback is only allowed in local development).',
    fix: 'Serve the tool over https and register https URLs.',
  },
  ERR_LTI_DR_URL_OUTSIDE_DOMAIN: {
    status: 400,
    spec: `${DR}#tool-configuration`,
    description: 'A redirect or launch URL is not on the tool domain or its secondary domains.',
    cause: 'redirect_uris or target_link_uri point to a host the registration does not declare.',
    fix: 'Declare the host in domain or secondary_domains, or register URLs on those hosts.',
  },
  ERR_LTI_DR_INVALID_INITIATION: {
    status: 400,
    spec: `${DR}#step-1-registration-initiation-request`,
    description: 'The registration initiation request is invalid.',
    cause:
      'openid_configuration is missing, repeated or not an https URL, or registration_token is repeated or malformed.',
    fix: 'Open the tool registration URL from the platform, which adds the parameters.',
  },
  ERR_LTI_DR_INVALID_PLATFORM_CONFIGURATION: {
    status: 502,
    spec: `${DR}#platform-configuration`,
    description: 'The platform OpenID configuration is unusable.',
    cause:
      'A required endpoint is missing or not https, or the LTI platform configuration is absent or malformed.',
    fix: 'Fix the platform openid-configuration document; the error names the field at fault.',
  },
  ERR_LTI_DR_ISSUER_MISMATCH: {
    status: 502,
    spec: `${DR}#issuer-and-openid-configuration-url-match`,
    description: 'The platform issuer does not match the host of its OpenID configuration URL.',
    cause:
      'The configuration is served from another host than the issuer, or it was tampered with.',
    fix: 'Serve the configuration from the issuer host, or have an administrator confirm the expected issuer.',
  },
})
