import { defineErrors, SPEC } from '../errors/define.js'

const LOGIN = `${SPEC.security}#step-1-third-party-initiated-login`
const AUTH_REQUEST = `${SPEC.security}#step-2-authentication-request`
const AUTH_RESPONSE = `${SPEC.security}#step-3-authentication-response`

/** Catalogue entries of this feature (see `errors/catalogue.ts`). */
export const oidcLoginErrors = defineErrors({
  ERR_LTI_OIDC_METHOD_NOT_ALLOWED: {
    status: 405,
    spec: `${SPEC.security}#openid_connect_launch_flow`,
    description: 'This OIDC endpoint does not accept the request method used.',
    cause: 'The client used a method other than GET or POST (form post only for the launch).',
    fix: 'Send login initiations and authentication requests by GET or form POST, and launches by form POST.',
  },
  ERR_LTI_OIDC_DUPLICATE_PARAMETER: {
    status: 400,
    spec: `${SPEC.security}#openid_connect_launch_flow`,
    description: 'An OIDC parameter appears more than once.',
    cause:
      'The sender repeated a parameter, which makes the request ambiguous (possibly an attack).',
    fix: 'Send each parameter once.',
  },
  ERR_LTI_LOGIN_PARAMETER_MISSING: {
    status: 400,
    spec: LOGIN,
    description:
      'The login initiation lacks a required parameter (iss, login_hint or target_link_uri).',
    cause: 'The platform sent an incomplete third-party login initiation.',
    fix: 'Send iss, login_hint and target_link_uri in every login initiation.',
  },
  ERR_LTI_LOGIN_PARAMETER_INVALID: {
    status: 400,
    spec: LOGIN,
    description: 'A login initiation parameter is not a valid value.',
    cause:
      'The issuer or target_link_uri is not an absolute URL, or the issuer has a query or fragment.',
    fix: 'Send the issuer and target_link_uri as absolute URLs (the issuer without query or fragment).',
  },
  ERR_LTI_LOGIN_ISSUER_NOT_HTTPS: {
    status: 400,
    spec: `${SPEC.core}#platform-originating-messages`,
    description: 'The platform issuer must be an https URL.',
    cause: 'The platform identifies itself with an http (or other non-https) issuer.',
    fix: 'Configure the platform issuer as an https URL.',
  },
  ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN: {
    status: 400,
    spec: LOGIN,
    description: 'The target_link_uri does not point to this tool.',
    cause:
      'The login initiation names a target on another origin (an open-redirect attempt, or a proxy that hides the public origin).',
    fix: 'Launch with a target_link_uri of the tool; behind a proxy configure the tool’s public origins.',
  },
  ERR_LTI_AUTH_REQUEST_PARAMETER_MISSING: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The authentication request lacks a required parameter.',
    cause: 'The tool omitted client_id, redirect_uri or login_hint.',
    fix: 'Send every parameter of the OIDC authentication request (the error names the missing one).',
  },
  ERR_LTI_AUTH_REQUEST_UNKNOWN_CLIENT: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The client_id is not a tool registered on this platform.',
    cause: 'The tool uses a wrong or deleted client_id.',
    fix: 'Use the client_id the platform issued at registration.',
  },
  ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The redirect_uri is not one of the redirect URIs registered for this tool.',
    cause: 'The tool sent a redirect URI that differs from its registration (even slightly).',
    fix: 'Register the exact redirect URI on the platform, or send one that is registered.',
  },
  ERR_LTI_AUTH_REQUEST_RESPONSE_TYPE_UNSUPPORTED: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The response_type must be id_token.',
    cause: 'The tool sent another response_type (for example code).',
    fix: 'Send response_type=id_token.',
  },
  ERR_LTI_AUTH_REQUEST_SCOPE_INVALID: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The scope must contain openid.',
    cause: 'The tool omitted the openid scope.',
    fix: 'Send scope=openid.',
  },
  ERR_LTI_AUTH_REQUEST_RESPONSE_MODE_UNSUPPORTED: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The response_mode must be form_post.',
    cause: 'The tool asked for the id_token in a query or fragment, which LTI forbids.',
    fix: 'Send response_mode=form_post.',
  },
  ERR_LTI_AUTH_REQUEST_PROMPT_UNSUPPORTED: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The prompt must be none.',
    cause: 'The tool asked the platform to prompt the user, which LTI launches never do.',
    fix: 'Send prompt=none.',
  },
  ERR_LTI_AUTH_REQUEST_NONCE_MISSING: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The authentication request has no nonce.',
    cause: 'The tool did not generate a nonce for this login.',
    fix: 'Send a fresh random nonce with every authentication request.',
  },
  ERR_LTI_AUTH_REQUEST_STATE_MISSING: {
    status: 400,
    spec: AUTH_REQUEST,
    description: 'The authentication request has no state.',
    cause: 'The tool did not generate a state (its CSRF protection) for this login.',
    fix: 'Send a fresh random state bound to the browser with every authentication request.',
  },
  ERR_LTI_AUTH_RESPONSE_PARAMETER_MISSING: {
    status: 400,
    spec: AUTH_RESPONSE,
    description: 'The launch form post lacks id_token or state.',
    cause:
      'The platform posted an incomplete authentication response, or the request is not a launch.',
    fix: 'Post id_token and state to the redirect URI.',
  },
  ERR_LTI_PLATFORM_ERROR: {
    status: 401,
    spec: AUTH_RESPONSE,
    description: 'The platform refused the launch and returned an OIDC error.',
    cause:
      'The platform answered the authentication request with an error (for example login_required).',
    fix: 'Check that the user is logged in to the platform and the tool registration is correct; the log holds the platform’s error.',
  },
  ERR_LTI_STATE_MISMATCH: {
    status: 401,
    spec: AUTH_RESPONSE,
    description: 'The launch state does not match the state this browser started the login with.',
    cause:
      'The state cookie was blocked or lost (third-party cookies), expired, or the post was forged.',
    fix: 'Open the tool in a new window or use platform storage; start the launch again from the platform.',
  },
})
