import { LtiError } from '../errors/lti-error.js'
import { OIDC_LIMITS, pickParams, readParams } from './form.js'
import type { LoginInitiation } from './types.js'
import { isLoopbackHost, isWebUrl, parseUrl } from './urls.js'

/** Wire names of the login initiation parameters, by code name. */
const PARAM = {
  issuer: 'iss',
  loginHint: 'login_hint',
  targetLinkUri: 'target_link_uri',
  ltiMessageHint: 'lti_message_hint',
  clientId: 'client_id',
  deploymentId: 'lti_deployment_id',
  ltiStorageTarget: 'lti_storage_target',
} as const satisfies Record<keyof LoginInitiation, string>

type ParamName = keyof typeof PARAM
const PARAM_NAMES = Object.keys(PARAM) as ParamName[]

export interface BuildLoginInitiationOptions extends LoginInitiation {
  /** The tool's registered `initiate_login_uri`. */
  readonly toolLoginUrl: string
}

export interface LoginInitiationRequest {
  /** The URL to redirect the browser to (GET form). */
  readonly url: URL
  /** The form action for the POST form (the login URL itself). */
  readonly action: string
  /** The form fields for the POST form. */
  readonly fields: Readonly<Record<string, string>>
}

function requireUrl(name: string, value: string): URL {
  const url = parseUrl(value)
  if (url === undefined || !isWebUrl(url)) {
    throw new TypeError(`buildLoginInitiation: ${name} must be an absolute http(s) URL`)
  }
  return url
}

/**
 * Platform side, step 1: the third-party login initiation sent to the tool, both as a GET URL and
 * as POST form fields (the tool "must support both").
 *
 * @example
 * const { url } = buildLoginInitiation({
 *   toolLoginUrl: tool.initiateLoginUri, issuer, loginHint: user.id, targetLinkUri: link.url,
 *   ltiMessageHint: await sealLaunch(link), clientId: tool.clientId, deploymentId,
 * })
 * return Response.redirect(url, 302)
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
export function buildLoginInitiation(options: BuildLoginInitiationOptions): LoginInitiationRequest {
  const url = requireUrl('toolLoginUrl', options.toolLoginUrl)
  const issuer = requireUrl('issuer', options.issuer)
  if (issuer.protocol !== 'https:' && !isLoopbackHost(issuer.hostname)) {
    throw new TypeError('buildLoginInitiation: issuer must be an https URL')
  }
  requireUrl('targetLinkUri', options.targetLinkUri)
  if (options.loginHint === '') throw new TypeError('buildLoginInitiation: loginHint is empty')
  const fields: Record<string, string> = {}
  for (const name of PARAM_NAMES) {
    const value = options[name]
    if (value !== undefined && value !== '') fields[PARAM[name]] = value
  }
  for (const [name, value] of Object.entries(fields)) url.searchParams.append(name, value)
  return { url, action: options.toolLoginUrl, fields }
}

export interface ParseLoginInitiationOptions {
  /**
   * Origins `target_link_uri` may point to (the tool's own). Defaults to the origin of the request
   * URL; set it when a proxy makes `request.url` differ from the public URL. The tool "SHOULD check
   * it is one of its own URLs" so the launch cannot become an open redirect.
   */
  readonly allowedTargetLinkOrigins?: readonly string[]
  /**
   * Accepts an `http://localhost` (or other loopback) issuer, for a platform running on the
   * developer's machine. Never enable this in production: issuers MUST be https URLs.
   * @deprecated Development only. Its presence in production code is a finding.
   */
  readonly dangerouslyAllowHttpLoopbackIssuer?: boolean
}

function checkIssuer(value: string, options: ParseLoginInitiationOptions): void {
  const url = parseUrl(value)
  // CORE: the issuer is a case-sensitive https URL "that contains scheme, host, and optionally,
  // port number and path components and no query or fragment components".
  if (url === undefined || url.search !== '' || url.hash !== '' || value.includes('#')) {
    throw new LtiError('ERR_LTI_LOGIN_PARAMETER_INVALID', { claim: 'iss', detail: value })
  }
  if (url.protocol === 'https:') return
  const loopbackAllowed =
    options.dangerouslyAllowHttpLoopbackIssuer === true &&
    url.protocol === 'http:' &&
    isLoopbackHost(url.hostname)
  if (!loopbackAllowed)
    throw new LtiError('ERR_LTI_LOGIN_ISSUER_NOT_HTTPS', { claim: 'iss', detail: value })
}

function checkTargetLinkUri(
  value: string,
  request: Request,
  options: ParseLoginInitiationOptions,
): void {
  const url = parseUrl(value)
  if (url === undefined || !isWebUrl(url)) {
    throw new LtiError('ERR_LTI_LOGIN_PARAMETER_INVALID', {
      claim: 'target_link_uri',
      detail: value,
    })
  }
  const allowed = options.allowedTargetLinkOrigins ?? [new URL(request.url).origin]
  if (!allowed.includes(url.origin)) {
    throw new LtiError('ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN', {
      claim: 'target_link_uri',
      detail: `${url.origin} is not one of ${allowed.join(', ')}`,
    })
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new LtiError('ERR_LTI_LOGIN_PARAMETER_MISSING', { claim: name })
  return value
}

/**
 * Tool side, step 1: reads and validates a login initiation (GET query or form POST). The caller
 * then finds the registration by `issuer` (+ `clientId`) — an unknown one must end in an error page,
 * never a redirect — and answers with `buildAuthenticationRequest`.
 *
 * @throws LtiError ERR_LTI_LOGIN_PARAMETER_MISSING, ERR_LTI_LOGIN_PARAMETER_INVALID,
 *   ERR_LTI_LOGIN_ISSUER_NOT_HTTPS, ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN,
 *   ERR_LTI_OIDC_DUPLICATE_PARAMETER, ERR_LTI_OIDC_METHOD_NOT_ALLOWED,
 *   ERR_LTI_UNSUPPORTED_MEDIA_TYPE, ERR_LTI_INPUT_TOO_LARGE
 * @example
 * const login = await parseLoginInitiation(request)
 * const registration = await registrations.find(login.issuer, login.clientId)
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-1-third-party-initiated-login
 */
export async function parseLoginInitiation(
  request: Request,
  options: ParseLoginInitiationOptions = {},
): Promise<LoginInitiation> {
  const params = await readParams(request, {
    methods: ['GET', 'POST'],
    maxBytes: OIDC_LIMITS.maxRequestBytes,
  })
  const wire = pickParams(params, Object.values(PARAM))
  const issuer = required(wire.iss, 'iss')
  const loginHint = required(wire.login_hint, 'login_hint')
  const targetLinkUri = required(wire.target_link_uri, 'target_link_uri')
  checkIssuer(issuer, options)
  checkTargetLinkUri(targetLinkUri, request, options)
  return {
    issuer,
    loginHint,
    targetLinkUri,
    ...(wire.lti_message_hint === undefined ? {} : { ltiMessageHint: wire.lti_message_hint }),
    ...(wire.client_id === undefined ? {} : { clientId: wire.client_id }),
    ...(wire.lti_deployment_id === undefined ? {} : { deploymentId: wire.lti_deployment_id }),
    ...(wire.lti_storage_target === undefined ? {} : { ltiStorageTarget: wire.lti_storage_target }),
  }
}
