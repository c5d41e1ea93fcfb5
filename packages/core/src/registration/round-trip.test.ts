/**
 * Dynamic Registration round trip through web Request/Response: the platform opens the tool's
 * initiation URL, the tool discovers the configuration and registers, the platform validates and
 * answers, the tool reads client_id and deployment_id. No sockets.
 */
import { describe, expect, it } from 'vitest'
import { SCOPE } from '../claims/uris.js'
import { isLtiError } from '../errors/lti-error.js'
import { MemoryNonceStore } from '../ports.js'
import { isUpstreamError } from '../paging/upstream-error.js'
import { buildOpenIdConfiguration, openIdConfigurationResponse } from './openid-configuration.js'
import {
  readRegistrationRequest,
  registrationCreatedResponse,
  registrationErrorResponse,
  registrationResponseBody,
} from './platform.js'
import type { ToolRegistration } from './schema.js'
import {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
} from './tool.js'
import { DR_KEY } from './uris.js'

const LMS = 'https://lms.example'

function createPlatform() {
  const tokens = new MemoryNonceStore(() => 0)
  const issued = new Set<string>()
  const clients: { clientId: string; registration: ToolRegistration }[] = []
  const configuration = buildOpenIdConfiguration({
    issuer: LMS,
    authorizationEndpoint: `${LMS}/lti/authorize`,
    tokenEndpoint: `${LMS}/lti/token`,
    jwksUri: `${LMS}/lti/jwks`,
    registrationEndpoint: `${LMS}/lti/register`,
    scopes: [SCOPE.score, SCOPE.lineItem],
    productFamilyCode: 'ltihub',
    version: '0.1.0',
    messagesSupported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
  })

  function initiationUrl(toolUrl: string): string {
    const token = `reg-${issued.size + 1}`
    issued.add(token)
    const url = new URL(toolUrl)
    url.searchParams.set('openid_configuration', `${LMS}/.well-known/openid-configuration`)
    url.searchParams.set('registration_token', token)
    return url.href
  }

  async function fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url)
    if (pathname === '/.well-known/openid-configuration')
      return openIdConfigurationResponse(configuration)
    if (pathname !== '/lti/register') return new Response(null, { status: 404 })
    try {
      const { registration } = await readRegistrationRequest(request, {
        consumeRegistrationToken: async (token) =>
          issued.has(token) && (await tokens.consume('dr', token, 3_600_000)),
      })
      const clientId = `client-${clients.length + 1}`
      clients.push({ clientId, registration })
      const body = registrationResponseBody({
        registration,
        clientId,
        deploymentId: `deployment-${clients.length}`,
        grantedScopes: [SCOPE.score],
      })
      return registrationCreatedResponse(body)
    } catch (error) {
      if (isLtiError(error)) return registrationErrorResponse(error)
      throw error
    }
  }

  return { fetch, initiationUrl, clients }
}

const toolRegistration = (redirect = 'https://tool.example/launch'): ToolRegistration => ({
  application_type: 'web',
  response_types: ['id_token'],
  grant_types: ['implicit', 'client_credentials'],
  initiate_login_uri: 'https://tool.example/login',
  redirect_uris: [redirect],
  client_name: 'Example Tool',
  jwks_uri: 'https://tool.example/jwks',
  token_endpoint_auth_method: 'private_key_jwt',
  scope: `${SCOPE.score} ${SCOPE.contextMembershipReadOnly}`,
  [DR_KEY.toolConfiguration]: {
    domain: 'tool.example',
    target_link_uri: 'https://tool.example/launch',
    messages: [
      { type: 'LtiDeepLinkingRequest', target_link_uri: 'https://tool.example/deep-link' },
    ],
  },
})

async function register(
  platform: ReturnType<typeof createPlatform>,
  initiationUrl: string,
  registration: ToolRegistration,
) {
  const initiation = parseRegistrationInitiation(initiationUrl)
  const configuration = await processOpenIdConfigurationResponse(
    await platform.fetch(buildOpenIdConfigurationRequest(initiation)),
    { openidConfigurationUrl: initiation.openidConfiguration },
  )
  const request = buildRegistrationRequest({
    configuration,
    registration,
    registrationToken: initiation.registrationToken,
  })
  return processRegistrationResponse(await platform.fetch(request))
}

describe('Dynamic Registration round trip through Request/Response', () => {
  it('registers the tool and returns client_id, deployment_id and the narrowed scope', async () => {
    const platform = createPlatform()
    const outcome = await register(
      platform,
      platform.initiationUrl('https://tool.example/register?x=1'),
      toolRegistration(),
    )
    expect(outcome).toMatchObject({ clientId: 'client-1', deploymentId: 'deployment-1' })
    expect(outcome.response.scope).toBe(SCOPE.score)
    expect(platform.clients[0]?.registration.client_name).toBe('Example Tool')
  })

  it('refuses a reused registration token with 401 invalid_token', async () => {
    const platform = createPlatform()
    const url = platform.initiationUrl('https://tool.example/register')
    await register(platform, url, toolRegistration())
    const error: unknown = await register(platform, url, toolRegistration()).catch(
      (e: unknown) => e,
    )
    expect(
      isUpstreamError(error) &&
        error.code === 'ERR_LTI_UPSTREAM_UNAUTHORIZED' &&
        error.upstreamStatus === 401,
    ).toBe(true)
    expect(isUpstreamError(error) ? error.detail : '').toContain('error=invalid_token')
    expect(platform.clients).toHaveLength(1)
  })

  it('refuses a redirect URI outside the tool domain with 400 invalid_redirect_uri', async () => {
    const platform = createPlatform()
    const url = platform.initiationUrl('https://tool.example/register')
    const error: unknown = await register(
      platform,
      url,
      toolRegistration('https://attacker.example/launch'),
    ).catch((e: unknown) => e)
    expect(
      isUpstreamError(error) &&
        error.code === 'ERR_LTI_UPSTREAM_REJECTED' &&
        error.upstreamStatus === 400,
    ).toBe(true)
    expect(isUpstreamError(error) ? error.detail : '').toContain('error=invalid_redirect_uri')
    expect(platform.clients).toHaveLength(0)
  })
})
