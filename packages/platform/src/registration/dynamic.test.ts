import { beforeEach, describe, expect, it } from 'vitest'
import { SCOPE } from '../internal/core.js'
import { standardEndpoints } from '../config.js'
import { createWorld, PLATFORM_BASE, TOOL_ORIGIN, type World } from '../testing/world.js'
import { handleOpenIdConfiguration, handleRegistration, startRegistration } from './dynamic.js'

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration'
const REGISTER = `${PLATFORM_BASE}/lti/register`

let world: World

beforeEach(async () => {
  world = await createWorld()
})

function registrationBody(extra: Record<string, unknown> = {}) {
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${TOOL_ORIGIN}/lti/login`,
    redirect_uris: [`${TOOL_ORIGIN}/lti/launch`],
    client_name: 'Quizzly',
    jwks_uri: `${TOOL_ORIGIN}/.well-known/jwks.json`,
    token_endpoint_auth_method: 'private_key_jwt',
    contacts: ['ops@tool.example.com'],
    scope: `${SCOPE.score} ${SCOPE.lineItem} ${SCOPE.basicOutcome} https://example.com/unknown`,
    [TOOL_CONFIG]: {
      domain: 'tool.example.com',
      target_link_uri: `${TOOL_ORIGIN}/lti/launch`,
      custom_parameters: { course: '$Context.id' },
      claims: ['iss', 'sub', 'email'],
      messages: [
        { type: 'LtiDeepLinkingRequest', target_link_uri: `${TOOL_ORIGIN}/lti/deep-link` },
      ],
    },
    ...extra,
  }
}

async function register(body: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  const response = await handleRegistration(
    new Request(REGISTER, { method: 'POST', headers, body: JSON.stringify(body) }),
    world.deps,
  )
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    response,
  }
}

async function token() {
  const start = await startRegistration(world.deps, {
    toolRegistrationUrl: `${TOOL_ORIGIN}/lti/register?tenant=9`,
    schoolIds: ['school-hs'],
    userId: 'u-admin',
  })
  return start
}

describe('handleOpenIdConfiguration', () => {
  it('publishes the endpoints, scopes, messages and variables', async () => {
    const response = await handleOpenIdConfiguration(
      new Request(`${PLATFORM_BASE}/.well-known/openid-configuration`),
      world.deps,
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      issuer: PLATFORM_BASE,
      authorization_endpoint: `${PLATFORM_BASE}/lti/authorize`,
      token_endpoint: `${PLATFORM_BASE}/lti/token`,
      jwks_uri: `${PLATFORM_BASE}/lti/jwks`,
      registration_endpoint: REGISTER,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: 'ltihub',
        messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    })
    expect(body.scopes_supported).toContain(SCOPE.score)
    expect(body.scopes_supported).not.toContain(SCOPE.basicOutcome)
    const platform = body['https://purl.imsglobal.org/spec/lti-platform-configuration'] as {
      variables: string[]
    }
    expect(platform.variables).toContain('ResourceLink.id.history')
  })

  it('answers 405 to POST', async () => {
    const response = await handleOpenIdConfiguration(
      new Request(PLATFORM_BASE, { method: 'POST' }),
      world.deps,
    )
    expect(response.status).toBe(405)
  })
})

describe('startRegistration', () => {
  it('adds the configuration URL and a single-use token to the tool URL', async () => {
    const start = await token()
    const url = new URL(start.url)
    expect(url.searchParams.get('tenant')).toBe('9')
    expect(url.searchParams.get('openid_configuration')).toBe(
      `${PLATFORM_BASE}/.well-known/openid-configuration`,
    )
    expect(url.searchParams.get('registration_token')).toBe(start.token)
    expect(start.expiresAt).toBe(world.now() + 3600_000)
  })

  it('refuses an http tool URL and an empty school list', async () => {
    await expect(
      startRegistration(world.deps, {
        toolRegistrationUrl: 'http://tool.example.com/r',
        schoolIds: ['s'],
        userId: 'u',
      }),
    ).rejects.toThrow(TypeError)
    await expect(
      startRegistration(world.deps, {
        toolRegistrationUrl: `${TOOL_ORIGIN}/r`,
        schoolIds: [],
        userId: 'u',
      }),
    ).rejects.toThrow(TypeError)
  })
})

describe('http on loopback hosts (development)', () => {
  const LOCAL = 'http://localhost:3000'
  const local = (deps: World['deps'], allow: boolean) => ({
    ...deps,
    settings: {
      ...deps.settings,
      issuer: LOCAL,
      endpoints: standardEndpoints(LOCAL),
      ...(allow ? { dangerouslyAllowInsecureLoopback: true } : {}),
    },
  })
  const localBody = () =>
    registrationBody({
      initiate_login_uri: `${LOCAL}/tool/lti/login`,
      redirect_uris: [`${LOCAL}/tool/lti/launch`],
      jwks_uri: `${LOCAL}/tool/lti/jwks`,
      [TOOL_CONFIG]: { domain: 'localhost:3000', target_link_uri: `${LOCAL}/tool/lti/launch` },
    })

  it('publishes an http configuration only with the opt-in', async () => {
    const request = new Request(`${LOCAL}/.well-known/openid-configuration`)
    const allowed = await handleOpenIdConfiguration(request, local(world.deps, true))
    expect(allowed.status).toBe(200)
    expect(await allowed.json()).toMatchObject({ registration_endpoint: `${LOCAL}/lti/register` })
    expect(() => handleOpenIdConfiguration(request, local(world.deps, false))).toThrow(
      'issuer must be an https URL',
    )
  })

  it('starts a registration at a loopback tool only with the opt-in, never another http host', async () => {
    const input = {
      toolRegistrationUrl: `${LOCAL}/tool/lti/register`,
      schoolIds: ['s'],
      userId: 'u',
    }
    expect((await startRegistration(local(world.deps, true), input)).url).toContain(
      `openid_configuration=${encodeURIComponent(LOCAL)}`,
    )
    await expect(startRegistration(local(world.deps, false), input)).rejects.toThrow(TypeError)
    for (const url of ['http://tool.example.com/r', 'http://10.0.0.1/r']) {
      await expect(
        startRegistration(local(world.deps, true), { ...input, toolRegistrationUrl: url }),
      ).rejects.toThrow(TypeError)
    }
  })

  it('accepts a tool registering loopback http URLs only with the opt-in', async () => {
    const deps = local(world.deps, true)
    const start = await startRegistration(deps, {
      toolRegistrationUrl: `${LOCAL}/tool/lti/register`,
      schoolIds: ['school-hs'],
      userId: 'u-admin',
    })
    const post = (d: typeof deps) =>
      handleRegistration(
        new Request(`${LOCAL}/lti/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${start.token}` },
          body: JSON.stringify(localBody()),
        }),
        d,
      )
    const refused = await post(local(world.deps, false))
    expect(refused.status).toBe(400)
    expect((await post(deps)).status).toBe(201)
  })
})

describe('handleRegistration', () => {
  it('stores the tool as a pending connection and answers 201 with client_id and deployment_id', async () => {
    const { token: value } = await token()
    const { status, body } = await register(registrationBody(), value)
    expect(status).toBe(201)
    expect(body).toMatchObject({
      client_id: 'client-1',
      scope: `${SCOPE.score} ${SCOPE.lineItem}`,
      [TOOL_CONFIG]: { deployment_id: 'deployment-1', domain: 'tool.example.com' },
    })
    const stored = world.connections.connections.get('dr-1')
    expect(stored).toMatchObject({
      status: 'pending',
      name: 'Quizzly',
      schoolIds: ['school-hs'],
      customParameters: { course: '$Context.id' },
      features: {
        learningTool: false,
        scorePassback: false,
        assignmentResource: false,
        embeddableContent: false,
      },
      lti13: {
        issuer: PLATFORM_BASE,
        clientId: 'client-1',
        initiateLoginUri: `${TOOL_ORIGIN}/lti/login`,
        redirectUris: [`${TOOL_ORIGIN}/lti/launch`],
        targetLinkUri: `${TOOL_ORIGIN}/lti/launch`,
        deepLinkingUri: `${TOOL_ORIGIN}/lti/deep-link`,
        jwksUri: `${TOOL_ORIGIN}/.well-known/jwks.json`,
        allowedScopes: [SCOPE.lineItem, SCOPE.score],
      },
    })
  })

  it('refuses a registration without a token (401) and creates nothing', async () => {
    const { status, body, response } = await register(registrationBody())
    expect(status).toBe(401)
    expect(body).toMatchObject({ error: 'invalid_token' })
    expect(response.headers.get('www-authenticate')).toContain('Bearer')
    expect(world.connections.connections.size).toBe(2)
  })

  it.each([
    ['unknown', async () => 'forged-token'],
    [
      'expired',
      async () => {
        const start = await token()
        world.advance(3600_000 + 1)
        return start.token
      },
    ],
  ])('refuses an %s token (401)', async (_name, arrange) => {
    const { status, body } = await register(registrationBody(), await arrange())
    expect(status).toBe(401)
    expect(body).toMatchObject({ error: 'invalid_token' })
    expect(world.connections.connections.size).toBe(2)
  })

  it('refuses a reused token (401)', async () => {
    const { token: value } = await token()
    expect((await register(registrationBody(), value)).status).toBe(201)
    const again = await register(registrationBody(), value)
    expect(again).toMatchObject({ status: 401, body: { error: 'invalid_token' } })
    expect(world.connections.connections.size).toBe(3)
  })

  it.each([
    ['no initiate_login_uri', { initiate_login_uri: undefined }, 'invalid_client_metadata'],
    ['no jwks_uri', { jwks_uri: undefined }, 'invalid_client_metadata'],
    ['no redirect_uris', { redirect_uris: [] }, 'invalid_redirect_uri'],
    [
      'another auth method',
      { token_endpoint_auth_method: 'client_secret_basic' },
      'invalid_client_metadata',
    ],
    ['no id_token response type', { response_types: ['code'] }, 'invalid_client_metadata'],
    [
      'an http redirect URI',
      { redirect_uris: ['http://tool.example.com/launch'] },
      'invalid_redirect_uri',
    ],
    [
      'a redirect URI outside the domain',
      { redirect_uris: ['https://evil.example/launch'] },
      'invalid_redirect_uri',
    ],
  ])(
    'refuses a registration with %s (400), leaving the token usable',
    async (_name, extra, error) => {
      const { token: value } = await token()
      const { status, body } = await register(registrationBody(extra), value)
      expect(status).toBe(400)
      expect(body).toMatchObject({ error })
      expect(world.connections.connections.size).toBe(2)
      expect((await register(registrationBody(), value)).status).toBe(201)
      expect((await register(registrationBody(), value)).status).toBe(401)
    },
  )

  it('does not spend the token on a body that is not JSON, or not JSON at all', async () => {
    const { token: value } = await token()
    for (const [type, body] of [
      ['application/json', '{"client_name":'],
      ['text/plain', JSON.stringify(registrationBody())],
      ['application/json', 'x'.repeat(70_000)],
    ] as const) {
      const response = await handleRegistration(
        new Request(REGISTER, {
          method: 'POST',
          headers: { 'content-type': type, authorization: `Bearer ${value}` },
          body,
        }),
        world.deps,
      )
      expect(response.status, type).toBeGreaterThanOrEqual(400)
      expect(response.status, type).not.toBe(401)
    }
    expect((await register(registrationBody(), value)).status).toBe(201)
  })

  it('spends the token once when two good requests race', async () => {
    const { token: value } = await token()
    const answers = await Promise.all([
      register(registrationBody(), value),
      register(registrationBody(), value),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([201, 401])
    expect(world.connections.connections.size).toBe(3)
  })

  it('answers 405 to GET', async () => {
    expect((await handleRegistration(new Request(REGISTER), world.deps)).status).toBe(405)
  })
})
