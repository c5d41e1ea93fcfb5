import {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  DR_KEY,
  MESSAGE_TYPE,
  type PlatformConfiguration,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
  type RegistrationInitiation,
  registrationCloseScript,
  SCOPE,
  type ToolRegistration,
} from '../internal/core.js'
import { escapeHtml, htmlPage } from '../internal/html.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { PlatformRegistration } from '../records.js'
import { callPlatform, checkAdmission, checkPlatformAddress } from './guard.js'

/**
 * The scopes the tool uses, asked only when the platform offers them: AGS scores, AGS line items
 * (the line item of a context whose launches name none, for learners a member sync enrolled) and
 * NRPS.
 */
const WANTED_SCOPES = [SCOPE.score, SCOPE.lineItem, SCOPE.contextMembershipReadOnly] as const

/** The tool's registration request (DR §3.3), from its public URLs. */
export function toolRegistration(
  runtime: ToolRuntime,
  configuration: PlatformConfiguration,
): ToolRegistration {
  const supported = configuration.scopes_supported
  const scopes = WANTED_SCOPES.filter(
    (scope) => supported === undefined || supported.includes(scope),
  )
  const { urls } = runtime
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.login,
    redirect_uris: [urls.launch],
    client_name: runtime.toolName,
    jwks_uri: urls.jwks,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [DR_KEY.toolConfiguration]: {
      domain: new URL(urls.base).host,
      target_link_uri: urls.launch,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        {
          type: MESSAGE_TYPE.deepLinkingRequest,
          target_link_uri: urls.launch,
          label: runtime.toolName,
        },
      ],
    },
  }
}

/** What the tool stores for a platform that registered itself. */
function registrationRecord(
  configuration: PlatformConfiguration,
  clientId: string,
  existing: PlatformRegistration | undefined,
): Omit<PlatformRegistration, 'id'> {
  const host = new URL(configuration.issuer).host
  const product = configuration[DR_KEY.platformConfiguration].product_family_code
  return {
    name: existing?.name ?? `${product} (${host})`,
    issuer: configuration.issuer,
    clientId,
    authLoginUrl: configuration.authorization_endpoint,
    authTokenUrl: configuration.token_endpoint,
    ...(configuration.authorization_server === undefined
      ? {}
      : { authServer: configuration.authorization_server }),
    jwksUrl: configuration.jwks_uri,
    // Anyone who can open this page can register a platform: its deployments wait for an
    // administrator, so no launch succeeds before a person approved it. A registration that
    // exists already keeps what an administrator decided (disabled, accepting, its LMS ID).
    deploymentPolicy: existing?.deploymentPolicy ?? 'pending',
    // The external ID prefix must not contain the ':' that separates it from the user id.
    lmsIdPrefix: existing?.lmsIdPrefix ?? host.replaceAll(':', '_'),
    enabled: existing?.enabled ?? true,
  }
}

/** Largest registration answer read (the configuration's own limit is core's 256 KiB). */
const MAX_REGISTRATION_RESPONSE_BYTES = 65_536

/** The platform's configuration, fetched from a checked address and checked itself. */
async function platformConfiguration(
  runtime: ToolRuntime,
  initiation: RegistrationInitiation,
): Promise<PlatformConfiguration> {
  const loopback = runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}
  await checkPlatformAddress(runtime, 'openid_configuration', initiation.openidConfiguration)
  const request = buildOpenIdConfigurationRequest(initiation, {
    userAgent: runtime.userAgent,
    ...loopback,
  })
  const configuration = await callPlatform(runtime, request, (response) =>
    processOpenIdConfigurationResponse(response, {
      openidConfigurationUrl: initiation.openidConfiguration,
      clock: runtime.clock,
      ...loopback,
    }),
  )
  // The endpoints the tool calls now (registration) or later (token, key set).
  await checkPlatformAddress(runtime, 'registration_endpoint', configuration.registration_endpoint)
  await checkPlatformAddress(runtime, 'token_endpoint', configuration.token_endpoint)
  await checkPlatformAddress(runtime, 'jwks_uri', configuration.jwks_uri)
  return configuration
}

/**
 * The Dynamic Registration initiation page (DR §3): when the host admits a registration now,
 * reads `openid_configuration` and `registration_token`, fetches and checks the platform's configuration (public https addresses
 * only, bounded in time and size, no redirects; issuer host = the configuration URL's host),
 * posts the tool's registration, stores the platform registration with the `pending` deployment
 * policy (and the deployment the platform created, pending), then answers with the page that
 * posts `{subject: 'org.imsglobal.lti.close'}` to the opener or parent.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0
 */
export async function handleRegistration(
  request: Request,
  runtime: ToolRuntime,
): Promise<Response> {
  await checkAdmission(runtime)
  const loopback = runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}
  const initiation = parseRegistrationInitiation(request.url, loopback)
  const configuration = await platformConfiguration(runtime, initiation)
  const registrationRequest = buildRegistrationRequest(
    {
      configuration,
      registration: toolRegistration(runtime, configuration),
      registrationToken: initiation.registrationToken,
    },
    { userAgent: runtime.userAgent, ...loopback },
  )
  const outcome = await callPlatform(runtime, registrationRequest, (response) =>
    processRegistrationResponse(response, {
      clock: runtime.clock,
      maxBytes: MAX_REGISTRATION_RESPONSE_BYTES,
    }),
  )
  // Asked again: the calls above take seconds, and many visits may have passed the first check.
  await checkAdmission(runtime)
  const store = runtime.ports.registrations
  const existing = await store.find(configuration.issuer, outcome.clientId)
  const stored = await store.upsert(registrationRecord(configuration, outcome.clientId, existing))
  if (outcome.deploymentId !== undefined) {
    await store.recordDeployment({
      registrationId: stored.id,
      deploymentId: outcome.deploymentId,
      status: 'pending',
      firstSeenAt: runtime.clock(),
    })
  }
  return htmlPage({
    title: 'Registration complete',
    body: `<h1>Registration complete</h1>
<p>${escapeHtml(runtime.toolName)} is registered with ${escapeHtml(stored.name)}. An administrator of the tool approves its deployments before the first launch.</p>`,
    script: registrationCloseScript(),
    // The page posts to the window that opened it: a host's default same-origin opener policy
    // would cut that link when the platform opens the page in a popup.
    headers: [['Cross-Origin-Opener-Policy', 'unsafe-none']],
  })
}
