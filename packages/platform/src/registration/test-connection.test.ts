import { beforeEach, describe, expect, it } from 'vitest'
import { MemoryNonceStore, verifyLti11Launch } from '../internal/core.js'
import { createTestTool, type TestTool } from '../testing/test-tool.js'
import {
  createWorld,
  PLATFORM_BASE,
  TOOL_ORIGIN,
  type World,
  WORLD_USERS,
  worldConnection,
} from '../testing/world.js'
import { testConnection } from './test-connection.js'

let world: World
let tool: TestTool
let launches: Request[]
let logins: URL[]

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
  launches = []
  logins = []
  // The tool: verifies LTI 1.1 launches with its secret, answers login initiation as a tool does.
  world.routes.set(`${TOOL_ORIGIN}/lti11/launch`, async (request) => {
    launches.push(request.clone())
    try {
      await verifyLti11Launch(request, {
        lookupConsumerSecret: (key) =>
          Promise.resolve(key === 'quizzly-key' ? 'quizzly-secret' : undefined),
        nonceStore: new MemoryNonceStore(world.deps.clock),
        clock: world.deps.clock,
      })
      return new Response('welcome', { status: 200 })
    } catch {
      return new Response('bad signature', { status: 401 })
    }
  })
  world.routes.set(`${TOOL_ORIGIN}/lti/login`, (request) => {
    logins.push(new URL(request.url))
    const { request: authentication } = tool.authenticationRequest(request.url)
    return new Response(null, { status: 302, headers: { location: authentication.url } })
  })
})

type Report = Awaited<ReturnType<typeof testConnection>>
const byName = (report: Report) =>
  Object.fromEntries(report.checks.map((check) => [check.name, check]))

describe('testConnection', () => {
  it('passes a working LTI 1.1 + 1.3 connection, with a real signed launch and login', async () => {
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(report.passed, JSON.stringify(report)).toBe(true)
    expect(report.checks.map((c) => [c.name, c.label])).toEqual([
      ['user.email', 'Your email address'],
      ['lti11.launch', 'LTI 1.1 signed launch'],
      ['lti13.login-url', 'LTI 1.3 login initiation'],
      ['lti13.jwks', 'LTI 1.3 tool keys'],
      ['lti13.deployments', 'LTI 1.3 deployments'],
    ])
    expect(byName(report)['lti11.launch']?.detail).toBe(
      'the tool accepted the signed launch (HTTP 200)',
    )
    expect(byName(report)['lti13.login-url']?.detail).toBe(
      'the tool redirected to our authorization endpoint',
    )
    expect(byName(report)['lti13.jwks']?.detail).toBe('1 RS256 public key found')
    const fields = Object.fromEntries(new URLSearchParams(await launches[0]?.text()))
    expect(fields).toMatchObject({
      oauth_consumer_key: 'quizzly-key',
      lti_message_type: 'basic-lti-launch-request',
      user_id: WORLD_USERS.admin.id,
      lis_person_contact_email_primary: 'admin@lms.example.edu',
      tool_consumer_instance_guid: 'lms-example-district',
      custom_section_history: '$Context.id.history',
    })
    expect(Object.fromEntries(logins[0]?.searchParams ?? [])).toEqual({
      iss: PLATFORM_BASE,
      login_hint: WORLD_USERS.admin.id,
      target_link_uri: `${TOOL_ORIGIN}/lti/launch`,
      client_id: 'client-quiz',
      lti_deployment_id: 'dep-hs',
    })
  })

  it('requires the user to have an email address', async () => {
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.student2)
    expect(report).toEqual({
      passed: false,
      checks: [
        {
          name: 'user.email',
          label: 'Your email address',
          passed: false,
          detail: 'the user performing the test needs an email address',
        },
      ],
    })
    expect(launches).toHaveLength(0)
    expect(logins).toHaveLength(0)
  })

  it('reports a wrong secret as a refused launch', async () => {
    const connection = worldConnection({
      lti11: {
        launchUrl: `${TOOL_ORIGIN}/lti11/launch`,
        consumerKey: 'quizzly-key',
        secret: 'typo',
      },
    })
    const report = await testConnection(world.deps, connection, WORLD_USERS.admin)
    expect(report.passed).toBe(false)
    expect(byName(report)['lti11.launch']).toMatchObject({
      passed: false,
      detail: 'the tool refused the launch with HTTP 401: check the key and the secret',
    })
  })

  it('says a launch URL answering 404 is wrong, and names a host that cannot be reached', async () => {
    world.routes.set(`${TOOL_ORIGIN}/lti11/launch`, () => new Response(null, { status: 404 }))
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(byName(report)['lti11.launch']?.detail).toBe(
      'the launch URL answered HTTP 404: check the launch URL',
    )
    world.routes.delete(`${TOOL_ORIGIN}/lti11/launch`)
    const gone = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(byName(gone)['lti11.launch']?.detail).toBe(
      'did not reach the tool: could not connect to tool.example.com (network error)',
    )
  })

  it('reports an http launch URL without sending anything', async () => {
    const connection = worldConnection({
      lti11: { launchUrl: 'http://tool.example.com/x', consumerKey: 'k', secret: 's' },
    })
    const report = await testConnection(world.deps, connection, WORLD_USERS.admin)
    expect(byName(report)['lti11.launch']).toMatchObject({
      passed: false,
      detail: 'the launch URL must start with https://',
    })
    expect(launches).toHaveLength(0)
  })

  describe('http on a loopback host', () => {
    const loopback = (launchUrl: string) =>
      worldConnection({
        lti11: { launchUrl, consumerKey: 'quizzly-key', secret: 'quizzly-secret' },
      })

    it('is refused unless the host opts in for development', async () => {
      for (const url of ['http://localhost:8080/lti', 'http://127.0.0.1/lti', 'http://[::1]/lti']) {
        const report = await testConnection(world.deps, loopback(url), WORLD_USERS.admin)
        expect(byName(report)['lti11.launch']?.detail, url).toBe(
          'the launch URL must start with https://',
        )
      }
    })

    it('is called with dangerouslyAllowInsecureLoopback, other http hosts still refused', async () => {
      const deps = {
        ...world.deps,
        settings: { ...world.deps.settings, dangerouslyAllowInsecureLoopback: true },
      }
      for (const url of ['http://localhost:8080/lti', 'http://127.0.0.1/lti', 'http://[::1]/lti']) {
        world.routes.set(new URL(url).origin + '/lti', () => new Response('ok'))
        const report = await testConnection(deps, loopback(url), WORLD_USERS.admin)
        expect(byName(report)['lti11.launch'], url).toMatchObject({ passed: true })
      }
      const remote = await testConnection(
        deps,
        loopback('http://tool.example.com/lti'),
        WORLD_USERS.admin,
      )
      expect(byName(remote)['lti11.launch']?.detail).toBe(
        'the launch URL must start with https:// (http:// only on localhost or 127.0.0.1)',
      )
    })
  })

  it('reports an unreachable login, a broken key set and a missing deployment', async () => {
    world.routes.delete(`${TOOL_ORIGIN}/lti/login`)
    world.routes.set(`${TOOL_ORIGIN}/.well-known/jwks.json`, () =>
      Response.json({ keys: [{ kty: 'RSA', kid: 'x', n: 'AQAB', e: 'AQAB' }] }),
    )
    const base = worldConnection({ schoolIds: ['school-hs', 'school-ms'] })
    const report = await testConnection(world.deps, base, WORLD_USERS.admin)
    expect(byName(report)['lti13.login-url']).toMatchObject({
      passed: false,
      detail: 'did not reach the tool: could not connect to tool.example.com (network error)',
    })
    expect(byName(report)['lti13.jwks']).toMatchObject({
      passed: false,
      detail: 'no RS256 public signing key in the tool keys (ERR_LTI_KEY_INVALID)',
    })
    expect(byName(report)['lti13.deployments']).toMatchObject({
      passed: false,
      detail: 'no deployment for school-ms',
    })
    expect(report.passed).toBe(false)
  })

  it('says when the tool redirects back with another client_id', async () => {
    world.routes.set(`${TOOL_ORIGIN}/lti/login`, () => {
      const location = `${world.deps.settings.endpoints.authorization}?client_id=someone-else`
      return new Response(null, { status: 302, headers: { location } })
    })
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(byName(report)['lti13.login-url']?.detail).toBe(
      `the tool answered with client_id "someone-else", not this connection's client-quiz: check the tool's registration`,
    )
  })

  it.each([
    [() => new Response('oops', { status: 500 }), 'the JWKS URL answered HTTP 500'],
    [() => new Response('not json'), 'the JWKS URL did not answer JSON'],
    [
      () => Response.json({ nope: true }),
      'the JWKS URL did not answer a key set ({"keys": [...]})',
    ],
    [() => new Response('x'.repeat(70_000)), 'the JWKS is larger than 65536 bytes'],
    [() => Response.json({ keys: [] }), 'no RS256 public signing key in the tool keys'],
    [
      () => Response.json({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] }),
      'no RS256 public signing key in the tool keys (not an RSA public signing key)',
    ],
  ])('reports a key set URL that answers badly (%#)', async (answer, detail) => {
    world.routes.set(`${TOOL_ORIGIN}/.well-known/jwks.json`, answer)
    const report = await testConnection(world.deps, worldConnection(), WORLD_USERS.admin)
    expect(byName(report)['lti13.jwks']).toMatchObject({ passed: false, detail })
  })

  it('checks a pasted public key, and leaves deployments out before the connection is saved', async () => {
    const connection = worldConnection()
    const lti13 = connection.lti13
    if (lti13 === undefined) throw new TypeError('the world connection has LTI 1.3')
    const { jwksUri: _jwks, clientId: _client, deployments: _d, ...rest } = lti13
    const draft = {
      ...connection,
      id: 'new',
      lti13: { ...rest, publicJwk: { ...tool.signingKey.publicJwk } },
    }
    const report = await testConnection(world.deps, draft, WORLD_USERS.admin)
    expect(byName(report)['lti13.jwks']).toMatchObject({ passed: true })
    expect(byName(report)['lti13.deployments']).toBeUndefined()
    expect(logins.at(-1)?.searchParams.has('client_id')).toBe(false)
  })

  it('reports a connection with no protocol configured', async () => {
    const { lti11: _a, lti13: _b, ...bare } = worldConnection()
    const report = await testConnection(world.deps, bare, WORLD_USERS.admin)
    expect(byName(report)['connection.protocol']).toMatchObject({
      passed: false,
      detail: 'no LTI 1.1 key or LTI 1.3 registration to test',
    })
  })
})
