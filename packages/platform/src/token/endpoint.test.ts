import { beforeEach, describe, expect, it } from 'vitest'
import {
  buildClientAssertion,
  generateSigningKey,
  SCOPE,
  type SigningKey,
} from '../internal/core.js'
import { createTestTool, formPost, type TestTool } from '../testing/test-tool.js'
import { createWorld, PLATFORM_BASE, type World, worldConnection } from '../testing/world.js'
import { grantableScopes, handleTokenEndpoint } from './endpoint.js'

const TOKEN_URL = `${PLATFORM_BASE}/lti/token`
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

let world: World
let tool: TestTool

beforeEach(async () => {
  world = await createWorld()
  tool = await createTestTool(world)
})

async function tokenRequest(
  fields: Record<string, string> = {},
  assertion: { clientId?: string; key?: SigningKey; audience?: string } = {},
) {
  const clientAssertion = await buildClientAssertion({
    clientId: assertion.clientId ?? 'client-quiz',
    tokenEndpoint: TOKEN_URL,
    signingKey: assertion.key ?? tool.signingKey,
    clock: world.deps.clock,
    ...(assertion.audience === undefined ? {} : { audience: assertion.audience }),
  })
  const body = {
    grant_type: 'client_credentials',
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion,
    scope: `${SCOPE.score} ${SCOPE.lineItem}`,
    ...fields,
  }
  const response = await handleTokenEndpoint(formPost(TOKEN_URL, body), world.deps)
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    clientAssertion,
  }
}

describe('handleTokenEndpoint', () => {
  it('grants the allowed subset of the requested scopes, for an hour', async () => {
    const { status, body } = await tokenRequest({
      scope: `${SCOPE.score} ${SCOPE.basicOutcome} https://example.com/x`,
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPE.score })
    const grant = await world.deps.accessTokens.verify(String(body.access_token))
    expect(grant).toMatchObject({
      clientId: 'client-quiz',
      registrationId: 'conn-quiz',
      scopes: [SCOPE.score],
    })
  })

  it('authenticates a tool registered with one public key instead of a JWKS URL', async () => {
    const base = worldConnection()
    if (base.lti13 === undefined) throw new TypeError('fixture')
    const { jwksUri: _none, ...rest } = base.lti13
    world.connections.put({
      ...base,
      lti13: { ...rest, publicJwk: { ...tool.signingKey.publicJwk } },
    })
    expect((await tokenRequest()).status).toBe(200)
  })

  it.each([
    ['an unknown client', {}, { clientId: 'client-nope' }, 401, 'invalid_client'],
    ['a wrong grant type', { grant_type: 'password' }, {}, 400, 'unsupported_grant_type'],
    ['a wrong assertion type', { client_assertion_type: 'urn:x' }, {}, 401, 'invalid_client'],
    [
      'a wrong audience',
      {},
      { audience: 'https://elsewhere.example/token' },
      401,
      'invalid_client',
    ],
    ['no scope', { scope: '' }, {}, 400, 'invalid_scope'],
    ['only scopes it is not allowed', { scope: SCOPE.basicOutcome }, {}, 400, 'invalid_scope'],
  ])('refuses %s', async (_name, fields, assertion, status, error) => {
    const response = await tokenRequest(fields, assertion)
    expect(response.status).toBe(status)
    expect(response.body).toMatchObject({ error })
    expect(response.body).not.toHaveProperty('access_token')
  })

  it('refuses an assertion signed with another key', async () => {
    const impostor = await generateSigningKey({ kid: 'tool-key-1' })
    const response = await tokenRequest({}, { key: impostor })
    expect(response).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', code: 'ERR_LTI_JWT_SIGNATURE_INVALID' },
    })
  })

  it('refuses a replayed client assertion', async () => {
    const first = await tokenRequest()
    expect(first.status).toBe(200)
    const replay = await handleTokenEndpoint(
      formPost(TOKEN_URL, {
        grant_type: 'client_credentials',
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: first.clientAssertion,
        scope: SCOPE.score,
      }),
      world.deps,
    )
    expect(replay.status).toBe(401)
    expect(await replay.json()).toMatchObject({ code: 'ERR_LTI_CLIENT_ASSERTION_REPLAYED' })
  })

  it.each([
    ['pending approval', worldConnection({ status: 'pending' })],
    ['disabled', worldConnection({ status: 'disabled' })],
  ])('gives no token to a connection %s', async (_name, connection) => {
    world.connections.put(connection)
    expect((await tokenRequest()).body).toMatchObject({ error: 'invalid_client' })
  })

  it('gives no AGS scope without score passback', async () => {
    world.connections.put(
      worldConnection({
        features: {
          learningTool: true,
          scorePassback: false,
          assignmentResource: true,
          embeddableContent: true,
        },
      }),
    )
    expect((await tokenRequest()).body).toMatchObject({ error: 'invalid_scope' })
    const nrps = await tokenRequest({ scope: SCOPE.contextMembershipReadOnly })
    expect(nrps.body).toMatchObject({ scope: SCOPE.contextMembershipReadOnly })
  })

  it('refuses when the tool JWKS cannot be fetched', async () => {
    world.routes.clear()
    expect((await tokenRequest()).body).toMatchObject({
      error: 'invalid_client',
      code: 'ERR_LTI_JWKS_UNREACHABLE',
    })
  })
})

describe('grantableScopes', () => {
  it('never includes Basic Outcomes over a bearer token', () => {
    const base = worldConnection()
    if (base.lti13 === undefined) throw new TypeError('fixture')
    const connection = {
      ...base,
      lti13: { ...base.lti13, allowedScopes: [SCOPE.basicOutcome, SCOPE.score] },
    }
    expect(grantableScopes(connection)).toEqual([SCOPE.score])
  })
})
