import { LtiError } from '../errors/lti-error.js'
import { isJsonObject, readRequestJson } from '../internal/services-http.js'
import { type RegistrationPolicy, runRegistrationChecks } from './platform-checks.js'
import type { RegistrationResponse, ToolRegistration } from './schema.js'
import { DR_KEY } from './uris.js'

/** Largest registration body a platform reads. */
export const REGISTRATION_MAX_BODY_BYTES = 65_536

/**
 * Validates a tool's registration request (the parsed JSON body) against the Dynamic Registration
 * rules and the platform's policy: required `initiate_login_uri`, `jwks_uri`, `redirect_uris`,
 * `client_name`, `domain` and `target_link_uri`; `token_endpoint_auth_method` `private_key_jwt`;
 * `response_types` with `id_token`; https URLs; redirect and launch URLs on the tool's domains.
 *
 * @throws LtiError `ERR_LTI_DR_*` naming the field; turn it into the RFC 7591 error body with
 *   {@link registrationErrorResponse}.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration
 */
export function parseRegistrationRequest(
  body: unknown,
  options: { readonly policy?: RegistrationPolicy | undefined } = {},
): ToolRegistration {
  if (!isJsonObject(body)) {
    throw new LtiError('ERR_LTI_DR_INVALID_METADATA', { detail: 'the body must be a JSON object' })
  }
  return runRegistrationChecks(body, options.policy ?? {})
}

/** How the registration endpoint authenticates and reads a request. */
export interface ReadRegistrationOptions {
  readonly policy?: RegistrationPolicy | undefined
  /**
   * Checks the registration access token and marks it used, atomically ("reused token → 401"):
   * resolves true once for a valid token, false for an unknown, expired or used one.
   */
  readonly consumeRegistrationToken?: ((token: string) => Promise<boolean>) | undefined
  /**
   * @deprecated Open registration: accept requests without a registration token. Anyone who can
   * reach the endpoint can then create clients. Loud on purpose; leave it unset.
   */
  readonly dangerouslyAllowAnonymousRegistration?: boolean | undefined
  readonly maxBytes?: number | undefined
}

/** The bearer token of a request, or undefined. */
function bearerToken(request: Request): string | undefined {
  const match = /^Bearer[ \t]+([\x21-\x7E]+)[ \t]*$/i.exec(
    request.headers.get('authorization') ?? '',
  )
  return match?.[1]
}

async function checkRegistrationToken(
  request: Request,
  options: ReadRegistrationOptions,
): Promise<string | undefined> {
  const anonymous = options.dangerouslyAllowAnonymousRegistration === true
  const consume = options.consumeRegistrationToken
  if (consume === undefined && !anonymous) {
    throw new TypeError('consumeRegistrationToken is required (or opt into anonymous registration)')
  }
  const token = bearerToken(request)
  if (token === undefined) {
    if (anonymous) return undefined
    throw new LtiError('ERR_LTI_DR_TOKEN_REQUIRED', { claim: 'Authorization' })
  }
  if (consume !== undefined && !(await consume(token))) {
    throw new LtiError('ERR_LTI_DR_TOKEN_INVALID', { claim: 'Authorization' })
  }
  return token
}

/**
 * Reads a registration POST: the registration token first (401 before the body is read), then
 * `Content-Type: application/json`, the size, the JSON and {@link parseRegistrationRequest}.
 *
 * @throws LtiError `ERR_LTI_DR_TOKEN_REQUIRED`, `ERR_LTI_DR_TOKEN_INVALID`,
 *   `ERR_LTI_UNSUPPORTED_MEDIA_TYPE`, `ERR_LTI_INPUT_TOO_LARGE`, `ERR_LTI_MALFORMED_JSON`, and the
 *   checks' `ERR_LTI_DR_*` codes.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-3-client-registration
 */
export async function readRegistrationRequest(
  request: Request,
  options: ReadRegistrationOptions = {},
): Promise<{ readonly registration: ToolRegistration; readonly registrationToken?: string }> {
  const token = await checkRegistrationToken(request, options)
  const body = await readRequestJson(request, {
    accept: ['application/json'],
    maxBytes: options.maxBytes ?? REGISTRATION_MAX_BODY_BYTES,
  })
  const registration = parseRegistrationRequest(body, { policy: options.policy })
  return token === undefined ? { registration } : { registration, registrationToken: token }
}

/** The RFC 7591 error body of a failed registration. */
export interface RegistrationErrorBody {
  readonly error: 'invalid_client_metadata' | 'invalid_redirect_uri' | 'invalid_token'
  readonly error_description: string
}

/**
 * Maps a registration error to the RFC 7591 error body: `invalid_token` for token errors,
 * `invalid_redirect_uri` when a redirect URI is at fault, `invalid_client_metadata` otherwise.
 * The description is the public one plus the field name; private detail never leaves.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */
export function registrationErrorBody(error: LtiError): RegistrationErrorBody {
  const field = error.claim === undefined ? '' : ` (${error.claim})`
  const error_description = `${error.description}${field}`
  if (error.code === 'ERR_LTI_DR_TOKEN_REQUIRED' || error.code === 'ERR_LTI_DR_TOKEN_INVALID') {
    return { error: 'invalid_token', error_description }
  }
  if (error.claim?.startsWith('redirect_uris') === true) {
    return { error: 'invalid_redirect_uri', error_description }
  }
  return { error: 'invalid_client_metadata', error_description }
}

/** The error response of the registration endpoint (status from the error, JSON body). */
export function registrationErrorResponse(error: LtiError): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' })
  if (error.status === 401) headers.set('www-authenticate', 'Bearer error="invalid_token"')
  return new Response(JSON.stringify(registrationErrorBody(error)), {
    status: error.status,
    headers,
  })
}

/** What the platform decided when it accepted a registration. */
export interface RegistrationResult {
  readonly registration: ToolRegistration
  readonly clientId: string
  /** The deployment the platform created for the tool, echoed in the LTI tool configuration. */
  readonly deploymentId?: string | undefined
  /** The scopes granted: a subset of those requested. Defaults to the requested ones. */
  readonly grantedScopes?: readonly string[] | undefined
  readonly registrationClientUri?: string | undefined
}

/**
 * The body of a successful registration: the accepted configuration echoed with `client_id`, the
 * granted `scope` (the platform may narrow it) and `deployment_id` in the LTI tool configuration.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export function registrationResponseBody(
  result: RegistrationResult,
): RegistrationResponse & ToolRegistration {
  const { registration } = result
  const requested = (registration.scope ?? '').split(' ').filter((scope) => scope !== '')
  const granted = result.grantedScopes ?? requested
  const tool = registration[DR_KEY.toolConfiguration]
  return {
    ...registration,
    client_id: result.clientId,
    scope: requested.filter((scope) => granted.includes(scope)).join(' '),
    ...(result.registrationClientUri === undefined
      ? {}
      : { registration_client_uri: result.registrationClientUri }),
    [DR_KEY.toolConfiguration]: {
      ...tool,
      ...(result.deploymentId === undefined ? {} : { deployment_id: result.deploymentId }),
    },
  }
}

/** The 201 Created response of a registration (RFC 7591; tools accept any 2xx). */
export function registrationCreatedResponse(body: RegistrationResponse): Response {
  return new Response(JSON.stringify(body), {
    status: 201,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  })
}
