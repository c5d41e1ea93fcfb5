import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import {
  launch11,
  learnerUrl,
  postLaunch13,
  prepareLaunch13,
  publish,
  reach,
  setUpTool,
  type ToolAddress,
  toolAddress,
} from './testing/flow.js'
import { setDeploymentStatus, sqlRegistrationStore } from '@ltihub/kysely/tool'
import { TestPlatform } from './testing/test-platform.js'

const user = { id: 'u-9', givenName: 'Eve', familyName: 'Example', email: 'eve@example.test' }
const custom = { course: DEMO_COURSE_EXTERNAL_ID }

/** The code a failed launch page shows; the page must also explain itself. */
async function refusal(response: Response): Promise<string> {
  expect(response.status).toBeGreaterThanOrEqual(400)
  expect(response.headers.get('content-type')).toContain('text/html')
  const html = await response.text()
  expect(html).toContain('The launch did not succeed')
  return /<code id="ltihub-error-code">([A-Z_]+)<\/code>/.exec(html)?.[1] ?? 'no code'
}

describe('every failed launch: clear page, error code, no account', () => {
  let server: TestServer
  let platform: TestPlatform
  let tool: ToolAddress
  let world: Awaited<ReturnType<typeof setUpTool>>
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    tool = toolAddress(server)
    world = await setUpTool(server.context, platform)
    await publish(server.context, world)
  })
  afterAll(async () => {
    await server.close()
    await platform.close()
  })
  beforeEach(async () => {
    await server.context.db.deleteFrom('tool_licences').execute()
    await server.context.db.deleteFrom('tool_enrolments').execute()
    await server.context.db.deleteFrom('tool_learners').execute()
  })
  const accounts = async () =>
    (await server.context.db.selectFrom('tool_learners').select('id').execute()).length

  const post = (
    path: string,
    body: URLSearchParams | string,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      redirect: 'manual',
    })

  it('LTI 1.1 signed with the wrong secret', async () => {
    const response = await launch11(platform, tool, '/tool/lti/launch', user, {
      custom,
      secret: 'not-the-secret',
    })
    expect(await refusal(response)).toBe('ERR_LTI_OAUTH_SIGNATURE_INVALID')
    expect(await accounts()).toBe(0)
  })

  it('LTI 1.1 with an unknown consumer key', async () => {
    const response = await launch11(platform, tool, '/tool/lti/launch', user, {
      custom,
      consumerKey: 'who-is-this',
    })
    expect(await refusal(response)).toMatch(/^ERR_LTI_OAUTH_/)
    expect(await accounts()).toBe(0)
  })

  it('LTI 1.1 replayed: the second post of the same signed form is refused', async () => {
    const form = await platform.lti11Launch({
      launchUrl: `${tool.publicBase}/tool/lti/launch`,
      user,
      custom,
    })
    const url = reach(tool, form.url)
    learnerUrl(tool, await fetch(url, { method: 'POST', body: form.body, redirect: 'manual' }))
    const replay = await fetch(url, { method: 'POST', body: form.body, redirect: 'manual' })
    expect(await refusal(replay)).toMatch(/NONCE|REPLAY/)
    expect(await accounts()).toBe(1)
  })

  it('LTI 1.1 naming a course that is not published', async () => {
    const response = await launch11(platform, tool, '/tool/lti/launch', user, {
      custom: { course: 'NO-SUCH' },
    })
    expect(await refusal(response)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
    expect(await accounts()).toBe(0)
  })

  it('LTI 1.1 naming no course while two publications are offered', async () => {
    // With one publication a launch naming no course opens it; with two it must name one.
    const second = await publish(server.context, world, { name: 'Second offer' })
    try {
      const response = await launch11(platform, tool, '/tool/lti/launch', user)
      expect(await refusal(response)).toBe('ERR_LTI_PUBLICATION_NOT_FOUND')
      expect(await accounts()).toBe(0)
    } finally {
      await server.context.db.deleteFrom('tool_publications').where('id', '=', second.id).execute()
    }
  })

  it('LTI 1.3 login from an unknown platform', async () => {
    const url = new URL(`${server.url}/tool/lti/login`)
    url.searchParams.set('iss', 'https://unknown.example.test')
    url.searchParams.set('login_hint', 'x')
    url.searchParams.set('target_link_uri', `${tool.publicBase}/tool/lti/launch`)
    expect(await refusal(await fetch(url))).toBe('ERR_LTI_PLATFORM_UNKNOWN')
  })

  it('LTI 1.3 authentication response with an unknown state', async () => {
    const response = await post(
      '/tool/lti/launch',
      new URLSearchParams({ id_token: 'a.b.c', state: 'x'.repeat(32) }),
    )
    expect(await refusal(response)).toMatch(/^ERR_LTI_/)
    expect(await accounts()).toBe(0)
  })

  it('LTI 1.3 id_token altered after signing', async () => {
    const prepared = await prepareLaunch13(platform, tool, user, custom)
    const [header, payload, signature] = (prepared.fields.get('id_token') ?? '').split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString(
      'base64url',
    )
    prepared.fields.set('id_token', [header, forged, signature].join('.'))
    expect(await refusal(await postLaunch13(prepared))).toMatch(/^ERR_LTI_/)
    expect(await accounts()).toBe(0)
  })

  it('LTI 1.3 from another browser (no state cookie)', async () => {
    const prepared = await prepareLaunch13(platform, tool, user, custom)
    expect(await refusal(await postLaunch13({ ...prepared, cookie: '' }))).toMatch(/^ERR_LTI_/)
    expect(await accounts()).toBe(0)
  })

  it('LTI 1.3 authentication response replayed: the state serves one launch', async () => {
    const prepared = await prepareLaunch13(platform, tool, user, custom)
    learnerUrl(tool, await postLaunch13(prepared))
    expect(await refusal(await postLaunch13(prepared))).toMatch(/^ERR_LTI_/)
    expect(await accounts()).toBe(1)
  })

  it('LTI 1.3 from a deployment waiting for approval; approved, the same launch succeeds', async () => {
    const registration = await server.context.db
      .selectFrom('tool_registrations')
      .select('id')
      .executeTakeFirstOrThrow()
    await sqlRegistrationStore(server.context.db, server.context.clock).recordDeployment({
      registrationId: registration.id,
      deploymentId: platform.deploymentId,
      status: 'pending',
      firstSeenAt: Date.now(),
    })
    await setDeploymentStatus(server.context.db, registration.id, platform.deploymentId, 'pending')
    const pending = await postLaunch13(await prepareLaunch13(platform, tool, user, custom))
    expect(await refusal(pending)).toBe('ERR_LTI_DEPLOYMENT_PENDING')
    expect(await accounts()).toBe(0)
    await setDeploymentStatus(server.context.db, registration.id, platform.deploymentId, 'active')
    learnerUrl(tool, await postLaunch13(await prepareLaunch13(platform, tool, user, custom)))
    expect(await accounts()).toBe(1)
  })

  it('LTI 1.3 login initiation by POST continues to the platform', async () => {
    const url = new URL(
      platform.loginInitiation(
        `${tool.publicBase}/tool/lti/login`,
        `${tool.publicBase}/tool/lti/launch`,
        'u-1',
      ),
    )
    const response = await post('/tool/lti/login', url.searchParams)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(`${platform.urls.auth}?`)
  })

  it('Dynamic Registration without its parameters, and an unknown cartridge', async () => {
    expect(await refusal(await fetch(`${server.url}/tool/lti/register`))).toMatch(/^ERR_LTI_/)
    expect(await refusal(await fetch(`${server.url}/tool/lti/cartridge/nope.xml`))).toBe(
      'ERR_LTI_ROUTE_NOT_FOUND',
    )
  })

  it.each([
    ['an empty body', ''],
    ['garbage', '%%%%&&&==='],
    ['an OIDC error', 'error=access_denied&error_description=nope&state=abc'],
    ['an oversize value', `id_token=${'a'.repeat(300_000)}&state=s`],
  ])('a launch post with %s', async (_name, body) => {
    const code = await refusal(await post('/tool/lti/launch', body))
    expect(code).toMatch(/^ERR_LTI_/)
    expect(await accounts()).toBe(0)
  })

  it('a GET on the launch URL and an unknown tool path', async () => {
    expect(await refusal(await fetch(`${server.url}/tool/lti/launch`))).toBe(
      'ERR_LTI_METHOD_NOT_ALLOWED',
    )
    expect(await refusal(await fetch(`${server.url}/tool/lti/nothing-here`))).toBe(
      'ERR_LTI_ROUTE_NOT_FOUND',
    )
  })

  it('never shows the shared secret or the signing keys in a page or the log', async () => {
    await launch11(platform, tool, '/tool/lti/launch', user, { custom, secret: 'not-the-secret' })
    const jwks = await (await fetch(`${server.url}/tool/lti/jwks`)).text()
    expect(jwks).not.toMatch(/"d"\s*:/)
    expect(server.logText()).not.toContain(platform.consumer.secret)
  })
})
