/**
 * The platform's OIDC authorization endpoint (GET and POST): the tool's authentication request
 * comes back through the browser, the platform checks it against the signed-in user and the
 * launch intent, and answers with the id_token auto-post.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
import type { PlatformDeps } from '../config.js'
import { isCodedError, isPlatformError, PlatformError } from '../errors.js'
import {
  AuthenticationRequestError,
  authenticationErrorResponse,
  buildAuthenticationResponse,
  escapeHtml,
  type LtiError,
  type OidcErrorCode,
  parseAuthenticationRequest,
} from '../internal/core.js'
import { buildLaunchIdToken } from './id-token.js'

/** The platform session of the browser, resolved by the host (e.g. from a SameSite=Lax cookie). */
export interface BrowserSession {
  /** The signed-in user, or `undefined` without a session. */
  readonly userId: string | undefined
}

/** Options of {@link handleAuthenticationRequest}. */
export interface AuthenticationOptions {
  /** Told about every refused request (for logs); the response is already decided. */
  readonly onRejected?: (error: LtiError | PlatformError) => void
}

/**
 * An error page for requests that must not be redirected to the tool (unknown client,
 * unregistered redirect URI, unreadable request): only the public description and code.
 */
function errorPage(error: LtiError | PlatformError): Response {
  const title = escapeHtml(error.expose ? error.description : 'Internal error')
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Launch failed</title></head>
<body><h1>The tool could not be launched</h1><p>${title}</p><p><code>${escapeHtml(error.code)}</code></p></body></html>
`
  return new Response(html, {
    status: error.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    },
  })
}

async function lookupClient(deps: PlatformDeps, clientId: string) {
  const connection = await deps.connections.findByClientId(deps.settings.issuer, clientId)
  if (connection?.status !== 'active' || connection.lti13 === undefined) return undefined
  return { redirectUris: connection.lti13.redirectUris }
}

/** The OIDC error code a platform refusal becomes. */
function oidcErrorOf(error: PlatformError): OidcErrorCode {
  if (error.code === 'ERR_LTI_PLATFORM_LOGIN_REQUIRED') return 'login_required'
  if (error.code === 'ERR_LTI_PLATFORM_LAUNCH_EXPIRED') return 'launch_no_longer_valid'
  return 'access_denied'
}

/**
 * Handles the tool's authentication request. The caller resolves the platform session and passes
 * the signed-in user: "the login_hint corresponds to the currently logged-in user" is checked
 * here, and the `lti_message_hint` must name an unexpired launch intent of that user and tool,
 * consumed on first use. Answers:
 * - an HTML error page (no redirect) when the client or the redirect URI is not trusted;
 * - an OIDC error auto-post (`login_required`, `launch_no_longer_valid`, `access_denied`,
 *   `invalid_request`, ...) to the registered redirect URI for every other refusal;
 * - the `id_token` + `state` auto-post (with `lti_storage_target` when storage was offered).
 *
 * @example
 * app.all('/lti/authorize', (request) =>
 *   handleAuthenticationRequest(request, deps, { userId: sessionUser(request) }))
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-3-authentication-response
 */
export async function handleAuthenticationRequest(
  request: Request,
  deps: PlatformDeps,
  session: BrowserSession,
  options: AuthenticationOptions = {},
): Promise<Response> {
  let auth
  try {
    auth = await parseAuthenticationRequest(request, {
      lookupClient: (clientId) => lookupClient(deps, clientId),
    })
  } catch (error) {
    if (!isCodedError(error)) throw error
    options.onRejected?.(error)
    if (error instanceof AuthenticationRequestError && error.redirect !== undefined) {
      return authenticationErrorResponse(error.redirect)
    }
    return errorPage(error)
  }
  const refuse = (error: PlatformError) => {
    options.onRejected?.(error)
    return authenticationErrorResponse({
      redirectUri: auth.redirectUri,
      error: oidcErrorOf(error),
      errorDescription: error.description,
      state: auth.state,
    })
  }
  // Checked before the intent is consumed, so a wrong browser cannot burn someone's launch.
  if (session.userId === undefined || auth.loginHint !== session.userId) {
    return refuse(new PlatformError('ERR_LTI_PLATFORM_LOGIN_REQUIRED', { claim: 'login_hint' }))
  }
  const hint = auth.ltiMessageHint
  const intent =
    hint === undefined ? undefined : await deps.launchIntents.consume(hint, deps.clock())
  if (
    intent === undefined ||
    intent.userId !== session.userId ||
    intent.clientId !== auth.clientId
  ) {
    const detail =
      intent === undefined ? 'unknown, expired or used' : 'intent of another user or tool'
    return refuse(
      new PlatformError('ERR_LTI_PLATFORM_LAUNCH_EXPIRED', { claim: 'lti_message_hint', detail }),
    )
  }
  let idToken: string
  try {
    idToken = await buildLaunchIdToken(deps, intent, auth.nonce)
  } catch (error) {
    if (isPlatformError(error)) return refuse(error)
    throw error
  }
  return buildAuthenticationResponse({
    redirectUri: auth.redirectUri,
    idToken,
    state: auth.state,
    ...(intent.storageTarget === undefined ? {} : { ltiStorageTarget: intent.storageTarget }),
  })
}
