import {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  DR_KEY,
  MESSAGE_TYPE,
  type PlatformConfiguration,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
  registrationCloseScript,
  SCOPE,
  type ToolRegistration,
} from '../internal/core.js'
import { escapeHtml, htmlPage } from '../internal/html.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { fetchUpstream } from '../internal/upstream.js'
import type { PlatformRegistration } from '../records.js'

/** The scopes the tool uses: AGS scores and NRPS; asked only when the platform offers them. */
const WANTED_SCOPES = [SCOPE.score, SCOPE.contextMembershipReadOnly] as const

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
): Omit<PlatformRegistration, 'id'> {
  const host = new URL(configuration.issuer).host
  const product = configuration[DR_KEY.platformConfiguration].product_family_code
  return {
    name: `${product} (${host})`,
    issuer: configuration.issuer,
    clientId,
    authLoginUrl: configuration.authorization_endpoint,
    authTokenUrl: configuration.token_endpoint,
    ...(configuration.authorization_server === undefined
      ? {}
      : { authServer: configuration.authorization_server }),
    jwksUrl: configuration.jwks_uri,
    // Anyone who can open this page can register a platform: its deployments wait for an
    // administrator, so no launch succeeds before a person approved it.
    deploymentPolicy: 'pending',
    // The external ID prefix must not contain the ':' that separates it from the user id.
    lmsIdPrefix: host.replaceAll(':', '_'),
    enabled: true,
  }
}

/**
 * The Dynamic Registration initiation page (DR §3): reads `openid_configuration` and
 * `registration_token`, fetches and checks the platform's configuration (issuer host = the
 * configuration URL's host), posts the tool's registration, stores the platform registration
 * with the `pending` deployment policy (and the deployment the platform created, pending), then
 * answers with the page that posts `{subject: 'org.imsglobal.lti.close'}` to the opener or parent.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0
 */
export async function handleRegistration(
  request: Request,
  runtime: ToolRuntime,
): Promise<Response> {
  const loopback = runtime.allowInsecureLoopback ? { dangerouslyAllowInsecureLoopback: true } : {}
  const initiation = parseRegistrationInitiation(request.url, loopback)
  const options = { userAgent: runtime.userAgent, ...loopback }
  const configuration = await processOpenIdConfigurationResponse(
    await fetchUpstream(runtime, buildOpenIdConfigurationRequest(initiation, options)),
    { openidConfigurationUrl: initiation.openidConfiguration, clock: runtime.clock, ...loopback },
  )
  const registrationRequest = buildRegistrationRequest(
    {
      configuration,
      registration: toolRegistration(runtime, configuration),
      registrationToken: initiation.registrationToken,
    },
    options,
  )
  const outcome = await processRegistrationResponse(
    await fetchUpstream(runtime, registrationRequest),
    {
      clock: runtime.clock,
    },
  )
  const stored = await runtime.ports.registrations.upsert(
    registrationRecord(configuration, outcome.clientId),
  )
  if (outcome.deploymentId !== undefined) {
    await runtime.ports.registrations.recordDeployment({
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
  })
}
