import { defineErrors, SPEC } from '../errors/define.js'

const CLIENT_CREDENTIALS = `${SPEC.security}#using-json-web-tokens-with-oauth-2-0-client-credentials-grant`
const RFC6749_ERRORS = 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2'
const RFC7523_RULES = 'https://www.rfc-editor.org/rfc/rfc7523#section-3'
const RFC6750_ERRORS = 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1'

/**
 * Catalogue entries of this feature (see `errors/catalogue.ts`): the OAuth 2.0 client credentials
 * grant with a JWT client assertion, and bearer tokens on service calls.
 */
export const oauth2Errors = defineErrors({
  ERR_LTI_OAUTH_INVALID_REQUEST: {
    status: 400,
    spec: RFC6749_ERRORS,
    description: 'The token request is missing a parameter, repeats one, or is not a form POST.',
    cause:
      'The client sent a GET, a JSON body, or omitted grant_type, client_assertion_type or client_assertion.',
    fix: 'POST application/x-www-form-urlencoded with each required parameter exactly once.',
  },
  ERR_LTI_OAUTH_UNSUPPORTED_GRANT_TYPE: {
    status: 400,
    spec: CLIENT_CREDENTIALS,
    description: 'Only the client_credentials grant is supported at this token endpoint.',
    cause: 'The client asked for another grant type.',
    fix: 'Send grant_type=client_credentials.',
  },
  ERR_LTI_OAUTH_CLIENT_ASSERTION_TYPE_INVALID: {
    status: 401,
    spec: CLIENT_CREDENTIALS,
    description: 'The client must authenticate with a JWT bearer client assertion.',
    cause: 'client_assertion_type is not urn:ietf:params:oauth:client-assertion-type:jwt-bearer.',
    fix: 'Send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer.',
  },
  ERR_LTI_OAUTH_CLIENT_UNKNOWN: {
    status: 401,
    spec: CLIENT_CREDENTIALS,
    description: 'The client assertion names a client this platform does not know.',
    cause:
      'The iss/sub of the assertion is not the client_id of any registration, or it was disabled.',
    fix: 'Use the client_id the platform issued at registration as iss and sub.',
  },
  ERR_LTI_CLIENT_ASSERTION_SUBJECT_MISMATCH: {
    status: 401,
    spec: RFC7523_RULES,
    description: 'The client assertion must have iss and sub both equal to the client_id.',
    cause: 'iss and sub differ, or the client_id parameter names another client.',
    fix: 'Set iss and sub of the assertion to the tool’s client_id.',
  },
  ERR_LTI_CLIENT_ASSERTION_LIFETIME_TOO_LONG: {
    status: 401,
    spec: RFC7523_RULES,
    description: 'The client assertion is valid for longer than this token endpoint allows.',
    cause: 'exp lies too far after iat; a long-lived assertion could be replayed for long.',
    fix: 'Issue assertions valid for a few minutes (exp = iat + 300 is typical).',
  },
  ERR_LTI_CLIENT_ASSERTION_REPLAYED: {
    status: 401,
    spec: RFC7523_RULES,
    description: 'This client assertion (jti) has been used before.',
    cause: 'The client reused an assertion, or an attacker replayed an intercepted one.',
    fix: 'Sign a new assertion with a fresh random jti for every token request.',
  },
  ERR_LTI_OAUTH_INVALID_SCOPE: {
    status: 400,
    spec: RFC6749_ERRORS,
    description:
      'None of the requested scopes may be granted to this client, or the scope is malformed.',
    cause:
      'The scope parameter is missing, malformed, or only names scopes the registration lacks.',
    fix: 'Request scopes the registration was granted, separated by single spaces.',
  },
  ERR_LTI_OAUTH_TOKEN_ENDPOINT_INVALID: {
    status: 400,
    spec: CLIENT_CREDENTIALS,
    description: 'The token endpoint must be an absolute https URL.',
    cause: 'The registration names an http, relative or otherwise unusable token endpoint.',
    fix: 'Register the platform’s https token endpoint (http is accepted only for localhost).',
  },
  ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED: {
    status: 502,
    spec: RFC6749_ERRORS,
    description: 'The platform refused to issue an access token.',
    cause:
      'The platform answered with an OAuth error (see the detail for error and error_description).',
    fix: 'Check the client_id, the published key set, the token endpoint URL and the scopes granted.',
  },
  ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID: {
    status: 502,
    spec: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.1',
    description: 'The platform’s token response is not a valid bearer token response.',
    cause: 'The body is not JSON, lacks access_token, or has a token_type other than Bearer.',
    fix: 'Have the platform answer {"access_token","token_type":"Bearer","expires_in","scope"}.',
  },
  ERR_LTI_ACCESS_TOKEN_MISSING: {
    status: 401,
    spec: RFC6750_ERRORS,
    description: 'The service request carries no bearer access token.',
    cause: 'The Authorization: Bearer header is missing or uses another scheme.',
    fix: 'Obtain a token at the token endpoint and send Authorization: Bearer <token>.',
  },
  ERR_LTI_ACCESS_TOKEN_INVALID: {
    status: 401,
    spec: RFC6750_ERRORS,
    description: 'The bearer access token is invalid or has expired.',
    cause: 'The token was altered, expired, or was issued by another server.',
    fix: 'Request a new access token and retry.',
  },
  ERR_LTI_ACCESS_TOKEN_IN_QUERY: {
    status: 400,
    spec: RFC6750_ERRORS,
    description: 'Access tokens are not accepted in the URL query.',
    cause: 'The client put access_token in the query string, where logs and referrers leak it.',
    fix: 'Send the token in the Authorization: Bearer header only.',
  },
  ERR_LTI_INSUFFICIENT_SCOPE: {
    status: 403,
    spec: RFC6750_ERRORS,
    description: 'The access token does not carry a scope this service requires.',
    cause:
      'The token was requested without the scope for this service, or the scope was not granted.',
    fix: 'Request a token with the scope the service names and check the registration grants it.',
  },
})
