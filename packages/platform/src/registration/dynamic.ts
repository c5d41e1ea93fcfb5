/**
 * LTI Dynamic Registration, platform side: the OpenID configuration document, registration
 * tokens for the administrator's "register by URL", and the registration endpoint, which stores
 * each new tool as a connection pending approval.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0
 */
import { lifetime, type PlatformDeps } from '../config.js'
import {
  ALL_SCOPES,
  buildOpenIdConfiguration,
  DR_KEY,
  LtiError,
  MESSAGE_TYPE,
  openIdConfigurationResponse,
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
  SCOPE,
  type Scope,
  type ToolRegistration,
} from '../internal/core.js'
import { allowOnly, isSecureUrl } from '../internal/http.js'
import { randomToken } from '../internal/random.js'
import type { PendingRegistration, RegistrationToken } from '../ports.js'
import { SUPPORTED_VARIABLES } from '../launch/substitution.js'

/** Scopes a registered tool may ask for (Basic Outcomes travels over OAuth 1 only). */
const REGISTRABLE_SCOPES: readonly Scope[] = ALL_SCOPES.filter((s) => s !== SCOPE.basicOutcome)

/** The host's development opt-in, in the form core's checks take it. */
function loopbackOptIn(deps: Pick<PlatformDeps, 'settings'>) {
  return deps.settings.dangerouslyAllowInsecureLoopback === true
    ? { dangerouslyAllowInsecureLoopback: true }
    : {}
}

/**
 * `GET {openid-configuration}`: the platform's endpoints, scopes, message types and supported
 * substitution variables, for tools registering themselves.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#platform-configuration
 */
export function handleOpenIdConfiguration(request: Request, deps: PlatformDeps): Promise<Response> {
  const refused = allowOnly(request, ['GET'])
  if (refused !== undefined) return Promise.resolve(refused)
  const { settings } = deps
  const configuration = buildOpenIdConfiguration({
    issuer: settings.issuer,
    authorizationEndpoint: settings.endpoints.authorization,
    tokenEndpoint: settings.endpoints.token,
    jwksUri: settings.endpoints.jwks,
    registrationEndpoint: settings.endpoints.registration,
    scopes: REGISTRABLE_SCOPES,
    productFamilyCode: settings.instance.productFamilyCode,
    version: settings.instance.version,
    messagesSupported: [
      { type: MESSAGE_TYPE.resourceLink },
      { type: MESSAGE_TYPE.deepLinkingRequest },
    ],
    variables: SUPPORTED_VARIABLES,
    ...loopbackOptIn(deps),
  })
  return Promise.resolve(openIdConfigurationResponse(configuration))
}

/** What an administrator gets to start a registration. */
export interface RegistrationStart {
  readonly token: string
  readonly expiresAt: number
  /** The tool's registration URL with `openid_configuration` and `registration_token` added. */
  readonly url: string
}

/**
 * Starts a Dynamic Registration: records a single-use registration token for the schools the
 * administrator chose and builds the URL to open the tool's registration page with (its own
 * query string is kept).
 * @throws TypeError when the tool URL is not https (http on a loopback host only with
 *   `settings.dangerouslyAllowInsecureLoopback`) or no school is chosen
 * @example
 * const { url } = await startRegistration(deps, { toolRegistrationUrl, schoolIds, userId })
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
export async function startRegistration(
  deps: Pick<PlatformDeps, 'settings' | 'clock' | 'registrationTokens'>,
  input: {
    readonly toolRegistrationUrl: string
    readonly schoolIds: readonly string[]
    readonly userId: string
  },
): Promise<RegistrationStart> {
  const url = new URL(input.toolRegistrationUrl)
  if (!isSecureUrl(url, deps.settings.dangerouslyAllowInsecureLoopback === true)) {
    throw new TypeError('the tool registration URL must be https')
  }
  if (input.schoolIds.length === 0) throw new TypeError('choose at least one school')
  const token: RegistrationToken = {
    id: randomToken(),
    schoolIds: [...input.schoolIds],
    createdBy: input.userId,
    expiresAt: deps.clock() + lifetime(deps.settings, 'registrationTokenTtlSeconds') * 1000,
  }
  await deps.registrationTokens.save(token)
  url.searchParams.set('openid_configuration', deps.settings.endpoints.openidConfiguration)
  url.searchParams.set('registration_token', token.id)
  return { token: token.id, expiresAt: token.expiresAt, url: url.href }
}

/** The pending connection a registration becomes. */
function pendingOf(
  deps: PlatformDeps,
  registration: ToolRegistration,
  token: RegistrationToken,
): PendingRegistration {
  const tool = registration[DR_KEY.toolConfiguration]
  const requested = (registration.scope ?? '').split(' ')
  const deepLinking = tool.messages?.find((m) => m.type === MESSAGE_TYPE.deepLinkingRequest)
  return {
    name: registration.client_name,
    lti13: {
      issuer: deps.settings.issuer,
      initiateLoginUri: registration.initiate_login_uri,
      redirectUris: registration.redirect_uris,
      targetLinkUri: tool.target_link_uri,
      ...(deepLinking?.target_link_uri === undefined
        ? {}
        : { deepLinkingUri: deepLinking.target_link_uri }),
      jwksUri: registration.jwks_uri,
      allowedScopes: REGISTRABLE_SCOPES.filter((scope) => requested.includes(scope)),
    },
    customParameters: tool.custom_parameters ?? {},
    requestedClaims: tool.claims ?? [],
    contacts: registration.contacts ?? [],
    ...(registration.logo_uri === undefined ? {} : { logoUri: registration.logo_uri }),
    schoolIds: token.schoolIds,
    requestedBy: token.createdBy,
  }
}

/**
 * Reads and checks the request without spending its token: core's reader wants a token consumer,
 * and is given one that only notes the bearer value (present and well formed). The token is
 * consumed afterwards, once the body is known to be good, so a malformed request does not burn
 * it.
 */
async function readRegistration(request: Request, deps: PlatformDeps) {
  let presented: string | undefined
  const { registration } = await readRegistrationRequest(request, {
    policy: loopbackOptIn(deps),
    consumeRegistrationToken: (value) => {
      presented = value
      return Promise.resolve(true)
    },
  })
  if (presented === undefined) throw new TypeError('core reads the bearer token first')
  return { registration, presented }
}

/**
 * `POST {registration endpoint}`: the registration token (`Authorization: Bearer`) must be one the
 * platform issued, unexpired and unused. The body is checked first by core (required fields,
 * `private_key_jwt`, `id_token`, https, URLs within the tool's domains), so a malformed request
 * leaves the token usable; only then is the token consumed (atomically: a replay, or a second
 * request racing this one, gets 401) and the tool stored as a connection pending approval, with
 * every connection type off until an administrator reviews it. The answer is 201 with
 * `client_id`, the granted `scope` and the new `deployment_id`. Errors use the RFC 7591 body
 * (`invalid_token` 401, `invalid_client_metadata` / `invalid_redirect_uri` 400).
 *
 * Hosts should run the handler in one transaction over the token and connection stores, so that
 * a failure while storing the connection spends no token and leaves no half-written record.
 *
 * @example
 * app.post('/lti/register', (request) => handleRegistration(request, deps))
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-3-client-registration
 */
export async function handleRegistration(request: Request, deps: PlatformDeps): Promise<Response> {
  const refused = allowOnly(request, ['POST'])
  if (refused !== undefined) return refused
  let read: Awaited<ReturnType<typeof readRegistration>>
  try {
    read = await readRegistration(request, deps)
  } catch (error) {
    if (error instanceof LtiError) return registrationErrorResponse(error)
    throw error
  }
  const { registration } = read
  const token = await deps.registrationTokens.consume(read.presented, deps.clock())
  if (token === undefined) {
    return registrationErrorResponse(
      new LtiError('ERR_LTI_DR_TOKEN_INVALID', { claim: 'Authorization' }),
    )
  }
  const connection = await deps.connections.createPending(pendingOf(deps, registration, token))
  const lti13 = connection.lti13
  if (lti13 === undefined) throw new TypeError('createPending must store the LTI 1.3 registration')
  return registrationCreatedResponse(
    registrationResponseBody({
      registration,
      clientId: lti13.clientId,
      grantedScopes: lti13.allowedScopes,
      ...(lti13.deployments[0] === undefined
        ? {}
        : { deploymentId: lti13.deployments[0].deploymentId }),
    }),
  )
}
