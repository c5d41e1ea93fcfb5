import type { LtiErrorCode } from '../errors/catalogue.js'
import { LtiError } from '../errors/lti-error.js'
import { OIDC_LIMITS, pickParams, readParams } from './form.js'
import type { AuthenticationRequest, OidcErrorCode } from './types.js'
import { isWebUrl, parseUrl } from './urls.js'

const WIRE_NAMES = [
  'scope',
  'response_type',
  'response_mode',
  'prompt',
  'client_id',
  'redirect_uri',
  'login_hint',
  'lti_message_hint',
  'state',
  'nonce',
] as const

export interface BuildAuthenticationRequestOptions {
  /** The platform's OIDC authorization endpoint (`auth_login_url` of the registration). */
  readonly authLoginUrl: string
  readonly clientId: string
  /** One of the redirect URIs registered on the platform. */
  readonly redirectUri: string
  /** `login_hint` of the login initiation, unchanged. */
  readonly loginHint: string
  /** `lti_message_hint` of the login initiation, unchanged, when it had one. */
  readonly ltiMessageHint?: string
  readonly state: string
  readonly nonce: string
  /** Passed on when the login initiation named a platform-storage frame. */
  readonly ltiStorageTarget?: string
}

/**
 * Tool side, step 2: the OIDC authentication request URL to redirect the browser to, with the
 * fixed LTI values `scope=openid`, `response_type=id_token`, `response_mode=form_post` and
 * `prompt=none`.
 *
 * @example
 * const { state, nonce } = createLoginState()
 * const url = buildAuthenticationRequest({ authLoginUrl, clientId, redirectUri,
 *   loginHint: login.loginHint, ltiMessageHint: login.ltiMessageHint, state, nonce })
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export function buildAuthenticationRequest(options: BuildAuthenticationRequestOptions): URL {
  const url = parseUrl(options.authLoginUrl)
  if (url === undefined || !isWebUrl(url)) {
    throw new TypeError('buildAuthenticationRequest: authLoginUrl must be an absolute http(s) URL')
  }
  for (const name of ['clientId', 'redirectUri', 'loginHint', 'state', 'nonce'] as const) {
    if (options[name] === '') throw new TypeError(`buildAuthenticationRequest: ${name} is empty`)
  }
  const params: [string, string | undefined][] = [
    ['scope', 'openid'],
    ['response_type', 'id_token'],
    ['response_mode', 'form_post'],
    ['prompt', 'none'],
    ['client_id', options.clientId],
    ['redirect_uri', options.redirectUri],
    ['login_hint', options.loginHint],
    ['lti_message_hint', options.ltiMessageHint],
    ['state', options.state],
    ['nonce', options.nonce],
    ['lti_storage_target', options.ltiStorageTarget],
  ]
  for (const [name, value] of params) if (value !== undefined) url.searchParams.append(name, value)
  return url
}

/** Where and how to report a failed authentication request to the tool. */
export interface AuthenticationErrorRedirect {
  readonly redirectUri: string
  readonly error: OidcErrorCode
  readonly errorDescription?: string
  readonly state?: string
}

/**
 * A failed authentication request. `redirectable` says whether the platform may report it to the
 * tool's redirect URI (`redirect`): it is `false` when the client or the redirect URI cannot be
 * trusted, and then the platform MUST show an error page instead of redirecting.
 */
export class AuthenticationRequestError extends LtiError {
  readonly redirectable: boolean
  readonly redirect: AuthenticationErrorRedirect | undefined

  constructor(
    code: LtiErrorCode,
    options: { claim?: string; detail?: string; redirect?: AuthenticationErrorRedirect },
  ) {
    const { redirect, ...rest } = options
    super(code, rest)
    // The public description doubles as the OIDC error_description; private detail never does.
    this.redirect =
      redirect === undefined ? undefined : { errorDescription: this.description, ...redirect }
    this.redirectable = redirect !== undefined
  }
}

export interface ClientLookupResult {
  /** The redirect URIs registered for the client; `redirect_uri` must equal one exactly. */
  readonly redirectUris: readonly string[]
}

export interface ParseAuthenticationRequestOptions {
  /** Finds an active tool registration by `client_id`. */
  readonly lookupClient: (
    clientId: string,
  ) => ClientLookupResult | undefined | Promise<ClientLookupResult | undefined>
}

type Wire = Partial<Record<(typeof WIRE_NAMES)[number], string>>

/** The checks that may be reported to the (now trusted) redirect URI, in order. */
const REDIRECTABLE_CHECKS: readonly {
  readonly failed: (wire: Wire) => boolean
  readonly code: LtiErrorCode
  readonly error: OidcErrorCode
  readonly claim: string
}[] = [
  {
    failed: (wire) => wire.response_type !== 'id_token',
    code: 'ERR_LTI_AUTH_REQUEST_RESPONSE_TYPE_UNSUPPORTED',
    error: 'unsupported_response_type',
    claim: 'response_type',
  },
  {
    failed: (wire) => !(wire.scope ?? '').split(' ').includes('openid'),
    code: 'ERR_LTI_AUTH_REQUEST_SCOPE_INVALID',
    error: 'invalid_scope',
    claim: 'scope',
  },
  {
    failed: (wire) => wire.response_mode !== 'form_post',
    code: 'ERR_LTI_AUTH_REQUEST_RESPONSE_MODE_UNSUPPORTED',
    error: 'invalid_request',
    claim: 'response_mode',
  },
  {
    failed: (wire) => wire.prompt !== 'none',
    code: 'ERR_LTI_AUTH_REQUEST_PROMPT_UNSUPPORTED',
    error: 'invalid_request',
    claim: 'prompt',
  },
]

/** The code raised for each required parameter when it is missing. */
const MISSING: Readonly<Partial<Record<keyof Wire, LtiErrorCode>>> = {
  nonce: 'ERR_LTI_AUTH_REQUEST_NONCE_MISSING',
  state: 'ERR_LTI_AUTH_REQUEST_STATE_MISSING',
}

/** A required parameter, or an error (reported to `redirectUri` once that is trusted). */
function present(wire: Wire, name: keyof Wire, redirectUri?: string): string {
  const value = wire[name]
  if (value !== undefined) return value
  const code = MISSING[name] ?? 'ERR_LTI_AUTH_REQUEST_PARAMETER_MISSING'
  const redirect =
    redirectUri === undefined ? undefined : redirectTo(redirectUri, 'invalid_request', wire)
  throw new AuthenticationRequestError(code, { claim: name, ...(redirect ? { redirect } : {}) })
}

function redirectTo(
  redirectUri: string,
  error: OidcErrorCode,
  wire: Wire,
): AuthenticationErrorRedirect {
  return { redirectUri, error, ...(wire.state === undefined ? {} : { state: wire.state }) }
}

/** Steps that must pass before anything may be sent to `redirect_uri`. */
async function trustedRedirectUri(wire: Wire, options: ParseAuthenticationRequestOptions) {
  const clientId = present(wire, 'client_id')
  const redirectUri = present(wire, 'redirect_uri')
  const client = await options.lookupClient(clientId)
  if (client === undefined) {
    throw new AuthenticationRequestError('ERR_LTI_AUTH_REQUEST_UNKNOWN_CLIENT', {
      claim: 'client_id',
      detail: clientId,
    })
  }
  // SEC: the redirect_uri MUST be one the tool registered. Exact string match: no prefix, no
  // query-subset leniency, so a registered URI can never be extended into an open redirect.
  if (!client.redirectUris.includes(redirectUri)) {
    throw new AuthenticationRequestError('ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED', {
      claim: 'redirect_uri',
      detail: redirectUri,
    })
  }
  return { clientId, redirectUri }
}

/**
 * Platform side, step 2: reads and validates the tool's authentication request (GET or form POST).
 * Errors before the redirect URI is trusted (unknown client, unregistered redirect URI) have
 * `redirectable: false`; later ones carry `redirect` for `authenticationErrorResponse`.
 * The caller still MUST check that `loginHint` is the logged-in user and that `ltiMessageHint` is a
 * launch it issued and is not stale (answering `login_required` / `launch_no_longer_valid`).
 *
 * @throws AuthenticationRequestError for protocol violations; LtiError ERR_LTI_INPUT_TOO_LARGE,
 *   ERR_LTI_OIDC_DUPLICATE_PARAMETER, ERR_LTI_OIDC_METHOD_NOT_ALLOWED, ERR_LTI_UNSUPPORTED_MEDIA_TYPE
 *   for unreadable requests (never redirectable)
 * @example
 * try {
 *   const auth = await parseAuthenticationRequest(request, { lookupClient })
 * } catch (error) {
 *   if (error instanceof AuthenticationRequestError && error.redirect)
 *     return authenticationErrorResponse(error.redirect)
 *   return errorPage(error)
 * }
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export async function parseAuthenticationRequest(
  request: Request,
  options: ParseAuthenticationRequestOptions,
): Promise<AuthenticationRequest> {
  const params = await readParams(request, {
    methods: ['GET', 'POST'],
    maxBytes: OIDC_LIMITS.maxRequestBytes,
  })
  const wire: Wire = pickParams(params, WIRE_NAMES)
  const { clientId, redirectUri } = await trustedRedirectUri(wire, options)
  for (const check of REDIRECTABLE_CHECKS) {
    if (!check.failed(wire)) continue
    const redirect = redirectTo(redirectUri, check.error, wire)
    throw new AuthenticationRequestError(check.code, { claim: check.claim, redirect })
  }
  const nonce = present(wire, 'nonce', redirectUri)
  const state = present(wire, 'state', redirectUri)
  const loginHint = present(wire, 'login_hint', redirectUri)
  const ltiMessageHint = wire.lti_message_hint
  return {
    clientId,
    redirectUri,
    loginHint,
    nonce,
    state,
    ...(ltiMessageHint === undefined ? {} : { ltiMessageHint }),
  }
}
