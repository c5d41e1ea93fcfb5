import { LtiError } from '../errors/lti-error.js'
import { autoPostResponse } from './auto-post.js'
import { OIDC_LIMITS, pickParams, readParams } from './form.js'
import type { AuthenticationErrorRedirect } from './authentication-request.js'
import type { AuthenticationResponse } from './types.js'

export interface BuildAuthenticationResponseOptions {
  /** The validated `redirect_uri` of the authentication request. */
  readonly redirectUri: string
  /** The signed LTI message (`buildIdToken`). */
  readonly idToken: string
  /** The `state` of the authentication request, echoed. */
  readonly state: string
  /** Echoed for platform storage, as Canvas does. */
  readonly ltiStorageTarget?: string
}

/**
 * Platform side, step 3: an HTML page that auto-posts `id_token` and `state` to the tool's
 * redirect URI (`response_mode=form_post`). Values are HTML-escaped, the page is `no-store`, and
 * its CSP allows only the inline submit script (by nonce).
 *
 * @example
 * const idToken = await buildIdToken({ ... nonce: auth.nonce ... })
 * return buildAuthenticationResponse({ redirectUri: auth.redirectUri, idToken, state: auth.state })
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-3-authentication-response
 */
export function buildAuthenticationResponse(options: BuildAuthenticationResponseOptions): Response {
  const fields: Record<string, string> = { id_token: options.idToken, state: options.state }
  if (options.ltiStorageTarget !== undefined) fields.lti_storage_target = options.ltiStorageTarget
  return autoPostResponse(options.redirectUri, fields)
}

/**
 * Platform side: reports a failed authentication request to the tool by auto-posting `error`,
 * `error_description` and `state` to its redirect URI. Only for a redirect URI that is registered
 * (see `AuthenticationRequestError.redirect`).
 *
 * @example
 * if (error instanceof AuthenticationRequestError && error.redirect)
 *   return authenticationErrorResponse(error.redirect)
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthError
 */
export function authenticationErrorResponse(options: AuthenticationErrorRedirect): Response {
  const fields: Record<string, string> = { error: options.error }
  if (options.errorDescription !== undefined) fields.error_description = options.errorDescription
  if (options.state !== undefined) fields.state = options.state
  return autoPostResponse(options.redirectUri, fields)
}

function required(value: string | undefined, name: string): string {
  if (value === undefined)
    throw new LtiError('ERR_LTI_AUTH_RESPONSE_PARAMETER_MISSING', { claim: name })
  return value
}

/** Longest platform error text kept in the private detail. */
const MAX_ERROR_DETAIL = 500

/**
 * Tool side, step 3: reads the form post to the redirect URI. An OIDC error post (`error=...`)
 * becomes `ERR_LTI_PLATFORM_ERROR` with the platform's error in the private detail: "a tool must
 * treat any error form post as a failed launch". Check `state` with `assertStateMatches` and the
 * token with `verifyIdToken` next.
 *
 * @throws LtiError ERR_LTI_PLATFORM_ERROR, ERR_LTI_AUTH_RESPONSE_PARAMETER_MISSING,
 *   ERR_LTI_OIDC_DUPLICATE_PARAMETER, ERR_LTI_OIDC_METHOD_NOT_ALLOWED,
 *   ERR_LTI_UNSUPPORTED_MEDIA_TYPE, ERR_LTI_INPUT_TOO_LARGE
 * @example
 * const { idToken, state } = await parseAuthenticationResponse(request)
 * assertStateMatches(state, cookies.get('lti_state'))
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-3-authentication-response
 */
export async function parseAuthenticationResponse(
  request: Request,
): Promise<AuthenticationResponse> {
  // "response_mode=form_post": the id_token never travels in a URL, so GET is refused.
  const params = await readParams(request, {
    methods: ['POST'],
    maxBytes: OIDC_LIMITS.maxLaunchBodyBytes,
  })
  const wire = pickParams(
    params,
    ['id_token', 'state', 'error', 'error_description', 'lti_storage_target'],
    OIDC_LIMITS.maxLaunchBodyBytes,
  )
  if (wire.error !== undefined) {
    const description = wire.error_description ?? ''
    throw new LtiError('ERR_LTI_PLATFORM_ERROR', {
      claim: 'error',
      detail: `${wire.error}: ${description}`.slice(0, MAX_ERROR_DETAIL),
    })
  }
  const idToken = required(wire.id_token, 'id_token')
  const state = required(wire.state, 'state')
  const ltiStorageTarget = wire.lti_storage_target
  return { idToken, state, ...(ltiStorageTarget === undefined ? {} : { ltiStorageTarget }) }
}
