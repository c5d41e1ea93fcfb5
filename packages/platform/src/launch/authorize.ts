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
import type { LaunchIntent } from '../ports.js'
import { bindingDigest, readLaunchHint } from './hint.js'
import { buildLaunchIdToken } from './id-token.js'

/**
 * What the host knows of the browser answering the tool. A tool framed on another site sends the
 * browser here by a cross-site-initiated navigation, which carries no `SameSite=Lax` session
 * cookie; the host's launch binding cookie (`SameSite=None`) still arrives, so the launching
 * browser is recognised by it.
 */
export interface BrowserSession {
  /** The platform session's user, or `undefined` when no session cookie came with the request. */
  readonly userId: string | undefined
  /** The launch binding value the browser sent (see `StartLaunchInput.browserBinding`). */
  readonly browserBinding?: string | undefined
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
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Launch failed</title></head>
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
  switch (error.code) {
    case 'ERR_LTI_PLATFORM_LOGIN_REQUIRED':
      return 'login_required'
    case 'ERR_LTI_PLATFORM_LAUNCH_EXPIRED':
    case 'ERR_LTI_PLATFORM_LAUNCH_REPLAYED':
      return 'launch_no_longer_valid'
    case 'ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID':
      return 'invalid_request'
    default:
      return 'access_denied'
  }
}

function foreign(detail: string): PlatformError {
  return new PlatformError('ERR_LTI_PLATFORM_LAUNCH_FOREIGN', { claim: 'login_hint', detail })
}

/**
 * Whether the browser is the launching one: a session of the intent's user, or (without a
 * session cookie, as in a cross-site frame) the binding value the launch page left in it.
 */
async function sameBrowser(intent: LaunchIntent, session: BrowserSession): Promise<boolean> {
  if (session.userId !== undefined) return session.userId === intent.userId
  if (session.browserBinding === undefined || intent.browserBinding === undefined) return false
  return (await bindingDigest(session.browserBinding)) === intent.browserBinding
}

/**
 * The launch intent behind the request, consumed once, checked in this order: the hint's
 * signature and expiry; the browser's session against `login_hint` (before consuming, so a
 * browser signed in as someone else cannot burn the launch); single use; the tool; the person;
 * the browser. Login CSRF (a hint made for A answered by B's browser) fails the last two.
 */
async function takeIntent(
  deps: PlatformDeps,
  auth: { readonly clientId: string; readonly loginHint: string; readonly ltiMessageHint?: string },
  session: BrowserSession,
): Promise<LaunchIntent> {
  const hint = await readLaunchHint(deps.launchHintSecret, auth.ltiMessageHint, deps.clock())
  if (session.userId !== undefined && session.userId !== auth.loginHint) {
    throw foreign('another person is signed in to the platform in this browser')
  }
  if (session.userId === undefined && session.browserBinding === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_LOGIN_REQUIRED', {
      claim: 'login_hint',
      detail: 'neither a session nor a launch binding came with the request',
    })
  }
  const intent = await deps.launchIntents.consume(hint.intentId, deps.clock())
  if (intent === undefined) {
    throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_REPLAYED', { claim: 'lti_message_hint' })
  }
  if (intent.clientId !== auth.clientId) {
    throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_HINT_INVALID', {
      claim: 'lti_message_hint',
      detail: 'issued for another client_id',
    })
  }
  if (intent.userId !== auth.loginHint) throw foreign('login_hint is not the launching user')
  if (!(await sameBrowser(intent, session))) {
    throw foreign('not the browser that opened the launch page')
  }
  return intent
}

/**
 * Handles the tool's authentication request. The caller passes what it knows of the browser: the
 * session's user and the launch binding value. The `lti_message_hint` must be a hint this
 * platform signed, unexpired, naming an intent of this tool and of the `login_hint` user, consumed
 * on first use, and the browser must be the launching one ("the login_hint corresponds to the
 * currently logged-in user", extended to frames that carry no session cookie). Answers:
 * - an HTML error page (no redirect) when the client or the redirect URI is not trusted;
 * - an OIDC error auto-post (`login_required`, `launch_no_longer_valid`, `access_denied`,
 *   `invalid_request`, ...) to the registered redirect URI for every other refusal;
 * - the `id_token` + `state` auto-post (with `lti_storage_target` when storage was offered).
 *
 * @example
 * app.all('/lti/authorize', (request) =>
 *   handleAuthenticationRequest(request, deps, {
 *     userId: sessionUser(request), browserBinding: cookie(request, 'launch_binding') }))
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
      // The stable code helps whoever reads the tool's error page; the detail stays here.
      errorDescription: `${error.description} (${error.code})`,
      state: auth.state,
    })
  }
  let intent: LaunchIntent
  try {
    intent = await takeIntent(deps, auth, session)
  } catch (error) {
    if (isPlatformError(error)) return refuse(error)
    throw error
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
