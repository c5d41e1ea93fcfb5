import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createCourse, DEMO_COURSE, DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import { launch13, learnerUrl, publish, type ToolAddress, toolAddress } from './testing/flow.js'
import { type PlatformUser, TestPlatform } from './testing/test-platform.js'
import { setDeploymentStatus } from '@ltihub/kysely/tool'

const ada: PlatformUser = { id: 'u-1', givenName: 'Ada', familyName: 'L', email: 'a@x.test' }

function registerUrl(server: TestServer, params: Record<string, string>): string {
  const url = new URL(`${server.url}/tool/lti/register`)
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value)
  return url.href
}

async function errorCode(response: Response): Promise<string | undefined> {
  return /<code id="ltihub-error-code">([^<]*)<\/code>/.exec(await response.text())?.[1]
}

const registrationCount = async (server: TestServer) =>
  (await server.context.db.selectFrom('tool_registrations').select('id').execute()).length

describe('Dynamic Registration over HTTP (development instance, platform on loopback)', () => {
  let server: TestServer
  let platform: TestPlatform
  let tool: ToolAddress
  beforeEach(async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`, Date.now, {
      issuerIsOrigin: true,
    })
    tool = toolAddress(server)
  })
  afterEach(async () => {
    await server.close()
    await platform.close()
  })

  it('registers end to end, waits for approval, then launches', async () => {
    const page = await fetch(
      registerUrl(server, {
        openid_configuration: platform.registrations.openidConfigurationUrl,
        registration_token: 'registration-token-1',
      }),
    )
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const html = await page.text()
    expect(html).toContain('Registration complete')
    expect(html).toContain('target.postMessage({"subject":"org.imsglobal.lti.close"}, "*")')
    // The script runs under the page's policy, and the page keeps its opener and may be framed.
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1] ?? 'none'
    expect(page.headers.get('content-security-policy')).toContain(`script-src 'nonce-${nonce}'`)
    expect(page.headers.get('content-security-policy')).not.toContain('frame-ancestors')
    expect(page.headers.get('cross-origin-opener-policy')).toBe('unsafe-none')
    const [sent] = platform.registrations.received
    expect(sent).toMatchObject({
      initiate_login_uri: `${tool.publicBase}/tool/lti/login`,
      redirect_uris: [`${tool.publicBase}/tool/lti/launch`],
      jwks_uri: `${tool.publicBase}/tool/lti/jwks`,
      token_endpoint_auth_method: 'private_key_jwt',
    })
    expect(sent?.scope?.split(' ')).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score')
    const stored = await server.context.db
      .selectFrom('tool_registrations')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({
      issuer: platform.origin,
      client_id: platform.clientId,
      auth_login_url: platform.urls.auth,
      auth_token_url: platform.urls.token,
      jwks_url: platform.urls.jwks,
      deployment_policy: 'pending',
      enabled: 1,
    })
    const deployment = await server.context.db
      .selectFrom('tool_deployments')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(deployment).toMatchObject({ deployment_id: platform.deploymentId, status: 'pending' })

    const course = await createCourse(server.context.db, DEMO_COURSE, server.context.clock())
    await publish(server.context, {
      courseId: course.courseId,
      quizId: '',
      introId: '',
      registrationId: stored.id,
    })
    const custom = { course: DEMO_COURSE_EXTERNAL_ID }
    const refused = await launch13(platform, tool, ada, custom)
    expect(refused.status).toBe(403)
    expect(await errorCode(refused)).toBe('ERR_LTI_DEPLOYMENT_PENDING')
    // An administrator approves the deployment (the console's Approve button).
    expect(
      await setDeploymentStatus(server.context.db, stored.id, platform.deploymentId, 'active'),
    ).toBe(true)
    learnerUrl(tool, await launch13(platform, tool, ada, custom))
  })

  it.each([
    [
      'cloud metadata',
      'https://169.254.169.254/latest/meta-data/',
      400,
      'ERR_LTI_DR_ADDRESS_REFUSED',
    ],
    [
      'a private network',
      'https://10.0.0.1/.well-known/openid-configuration',
      400,
      'ERR_LTI_DR_ADDRESS_REFUSED',
    ],
    ['IPv4-mapped IPv6', 'https://[::ffff:192.168.0.1]/x', 400, 'ERR_LTI_DR_ADDRESS_REFUSED'],
    ['http off loopback', 'http://10.0.0.1/x', 400, 'ERR_LTI_DR_INVALID_INITIATION'],
    ['not a URL', 'javascript:alert(1)', 400, 'ERR_LTI_DR_INVALID_INITIATION'],
  ])(
    'refuses %s with an error page and a code, and stores nothing',
    async (_name, url, status, code) => {
      const response = await fetch(registerUrl(server, { openid_configuration: url }))
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toContain('text/html')
      expect(await errorCode(response)).toBe(code)
      expect(await registrationCount(server)).toBe(0)
      expect(platform.registrations.received).toEqual([])
    },
  )

  it('refuses a configuration whose issuer is not on the configuration URL host', async () => {
    const other = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    try {
      // Served from 127.0.0.1, claiming to be https://lms.example.test.
      const response = await fetch(
        registerUrl(server, { openid_configuration: other.registrations.openidConfigurationUrl }),
      )
      expect(response.status).toBe(502)
      expect(await errorCode(response)).toBe('ERR_LTI_DR_ISSUER_MISMATCH')
      expect(other.registrations.received).toEqual([])
    } finally {
      await other.close()
    }
    expect(await registrationCount(server)).toBe(0)
  })

  it('refuses a used registration token (the platform says 401), and POST on the page', async () => {
    const params = {
      openid_configuration: platform.registrations.openidConfigurationUrl,
      registration_token: 'registration-token-1',
    }
    expect((await fetch(registerUrl(server, params))).status).toBe(200)
    const again = await fetch(registerUrl(server, params))
    expect(await errorCode(again)).toBe('ERR_LTI_UPSTREAM_UNAUTHORIZED')
    const post = await fetch(registerUrl(server, params), { method: 'POST' })
    expect(post.status).toBe(405)
    expect(await registrationCount(server)).toBe(1)
  })
})

describe('Dynamic Registration in production', () => {
  let server: TestServer
  beforeEach(async () => {
    server = await startTestServer({
      env: {
        LTIHUB_ROLES: 'tool',
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://tool.example.test',
      },
    })
  })
  afterEach(async () => server.close())

  it('calls neither loopback nor plain http, even the instance itself', async () => {
    const port = new URL(server.url).port
    for (const [url, code] of [
      [`https://127.0.0.1:${port}/.well-known/openid-configuration`, 'ERR_LTI_DR_ADDRESS_REFUSED'],
      [`https://localhost:${port}/.well-known/openid-configuration`, 'ERR_LTI_DR_ADDRESS_REFUSED'],
      [
        `http://127.0.0.1:${port}/.well-known/openid-configuration`,
        'ERR_LTI_DR_INVALID_INITIATION',
      ],
    ] as const) {
      const response = await fetch(registerUrl(server, { openid_configuration: url }))
      expect(await errorCode(response), url).toBe(code)
    }
    expect(await registrationCount(server)).toBe(0)
  })
})
