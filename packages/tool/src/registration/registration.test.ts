import { describe, expect, it } from 'vitest'
import { createFixture, type Fixture } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'

function initiation(f: Fixture, params: Record<string, string>): Request {
  const url = new URL(f.tool.urls.register)
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value)
  return new Request(url)
}

/**
 * A fixture where `elsewhere.example` serves the test platform's configuration too, so the
 * issuer check (issuer host = configuration host) can be exercised.
 */
async function unregistered() {
  const late: { platform?: Fixture['platform'] } = {}
  const f = await createFixture({
    tool: {
      fetch: (input, init) => {
        const request = new Request(input, init)
        const { platform } = late
        if (platform === undefined) throw new Error('no platform yet')
        return new URL(request.url).host === 'elsewhere.example'
          ? platform.handle(request)
          : platform.fetch(request)
      },
    },
  })
  late.platform = f.platform
  return { f }
}

describe('Dynamic Registration (tool side)', () => {
  it('registers with the platform, stores it with pending deployments, and asks the platform to close', async () => {
    const { f } = await unregistered()
    const response = await f.tool.handle(
      initiation(f, {
        openid_configuration: f.platform.urls.openidConfiguration,
        registration_token: 'registration-token-1',
      }),
    )
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('org.imsglobal.lti.close')
    expect(html).toContain('window.opener')
    const [sent] = f.platform.toolRegistrations
    expect(sent).toMatchObject({
      initiate_login_uri: f.tool.urls.login,
      redirect_uris: [f.tool.urls.launch],
      jwks_uri: f.tool.urls.jwks,
      client_name: 'Test tool',
      token_endpoint_auth_method: 'private_key_jwt',
      scope:
        'https://purl.imsglobal.org/spec/lti-ags/scope/score https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: 'tool.example.com',
        target_link_uri: f.tool.urls.launch,
      },
    })
    const stored = await f.ports.registrations.find(f.platform.issuer, f.platform.clientId)
    expect(stored).toMatchObject({
      name: 'testlms (lms.example.test)',
      authLoginUrl: f.platform.urls.auth,
      authTokenUrl: f.platform.urls.token,
      jwksUrl: f.platform.urls.jwks,
      deploymentPolicy: 'pending',
      lmsIdPrefix: 'lms.example.test',
    })
    expect(
      await f.ports.registrations.findDeployment(stored?.id ?? '', 'deployment-1'),
    ).toMatchObject({
      status: 'pending',
    })
    // Nobody launches before an administrator approved the deployment.
    const { response: launch } = await f.launch13({ custom: { course: 'SAFE-101' } })
    expect(await errorCodeOf(launch)).toBe('ERR_LTI_DEPLOYMENT_PENDING')
  })

  it.each([
    ['no openid_configuration', {}, 'ERR_LTI_DR_INVALID_INITIATION'],
    [
      'an http openid_configuration',
      { openid_configuration: 'http://lms.example.test/.well-known/openid-configuration' },
      'ERR_LTI_DR_INVALID_INITIATION',
    ],
    [
      'a configuration served from another host than its issuer',
      { openid_configuration: 'https://elsewhere.example/.well-known/openid-configuration' },
      'ERR_LTI_DR_ISSUER_MISMATCH',
    ],
    [
      'a registration token the platform refuses',
      {
        openid_configuration: 'https://lms.example.test/.well-known/openid-configuration',
        registration_token: 'stale',
      },
      'ERR_LTI_UPSTREAM_UNAUTHORIZED',
    ],
    [
      'a platform that cannot be reached',
      { openid_configuration: 'https://127.0.0.1:1/.well-known/openid-configuration' },
      'ERR_LTI_UPSTREAM_UNAVAILABLE',
    ],
  ])('shows an error page for %s, and stores nothing', async (_name, params, code) => {
    const { f } = await unregistered()
    const before = f.ports.registrations.all().length
    const response = await f.tool.handle(initiation(f, params))
    expect(await errorCodeOf(response)).toBe(code)
    expect(f.ports.registrations.all()).toHaveLength(before)
  })
})
