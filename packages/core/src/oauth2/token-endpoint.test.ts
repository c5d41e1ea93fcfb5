import { SignJWT, type JWTPayload } from 'jose'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SCOPE } from '../claims/uris.js'
import { localKeyResolver } from '../keys/resolvers.js'
import { generateSigningKey } from '../keys/signing-key.js'
import type { SigningKey } from '../keys/types.js'
import { MemoryNonceStore } from '../ports.js'
import { AccessTokenIssuer } from './access-token.js'
import { handleTokenRequest, type TokenEndpointDeps } from './token-endpoint.js'
import vector from './vectors/tv-14-client-assertion.json' with { type: 'json' }

const ENDPOINT = vector.tokenEndpoint
const CLIENT = vector.claims.iss
const ASSERTION_TYPE = vector.form.client_assertion_type
const T0 = vector.claims.iat

let now: number
const clock = () => now
let toolKey: SigningKey
let impostor: SigningKey
let deps: TokenEndpointDeps
let issuer: AccessTokenIssuer

beforeAll(async () => {
  toolKey = await generateSigningKey({ kid: 'tool-1' })
  impostor = await generateSigningKey({ kid: 'tool-1' })
})

beforeEach(() => {
  now = (T0 + 60) * 1000
  issuer = new AccessTokenIssuer({ secret: new Uint8Array(32).fill(1), clock })
  deps = {
    tokenEndpointUrl: ENDPOINT,
    acceptedAudiences: ['https://www.example.com/as'],
    lookupClient: (clientId) =>
      Promise.resolve(
        clientId === CLIENT
          ? {
              keys: localKeyResolver({ keys: [toolKey.publicJwk] }),
              allowedScopes: [SCOPE.score, SCOPE.lineItem],
              registrationId: 'reg-1',
            }
          : undefined,
      ),
    nonceStore: new MemoryNonceStore(clock),
    accessTokens: issuer,
    clock,
  }
})

let jtiCounter = 0
function sign(
  overrides: Record<string, unknown> = {},
  key: SigningKey = toolKey,
  header: Record<string, unknown> = {},
): Promise<string> {
  const claims = { ...vector.claims, jti: `jti-${++jtiCounter}`, ...overrides }
  for (const [name, value] of Object.entries(claims))
    if (value === undefined) delete claims[name as keyof typeof claims]
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
    .sign(key.privateKey)
}

function post(form: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return handleTokenRequest(
    new Request(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
      ...init,
    }),
    deps,
  )
}

async function form(assertion?: string, extra: Record<string, string> = {}) {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion ?? (await sign()),
    scope: vector.form.scope,
    ...extra,
  }
}

async function expectError(response: Response, status: number, error: string, code: string) {
  expect(response.status).toBe(status)
  expect(response.headers.get('cache-control')).toBe('no-store')
  const body = (await response.json()) as Record<string, unknown>
  expect(body).toEqual({ error, error_description: expect.any(String), code })
}

describe('handleTokenRequest: success', () => {
  it('accepts the TV-14 assertion and grants the allowed subset of scopes', async () => {
    const assertion = await sign({ jti: vector.claims.jti })
    const response = await post(await form(assertion))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toContain('application/json')
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: SCOPE.score,
    })
    const grant = await issuer.verify(String(body.access_token))
    expect(grant).toEqual({
      clientId: CLIENT,
      scopes: [SCOPE.score],
      registrationId: 'reg-1',
      expiresAt: now + 3600_000,
    })
  })

  it('accepts a string aud, an extra accepted aud, a matching client_id and a charset', async () => {
    expect((await post(await form(await sign({ aud: ENDPOINT })))).status).toBe(200)
    const extra = await sign({ aud: 'https://www.example.com/as' })
    expect((await post(await form(extra, { client_id: CLIENT }))).status).toBe(200)
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }
    expect((await post(await form(), { headers })).status).toBe(200)
  })

  it('grants several allowed scopes in requested order', async () => {
    const response = await post(
      await form(undefined, { scope: `${SCOPE.lineItem} ${SCOPE.score} ${SCOPE.lineItem}` }),
    )
    expect(await response.json()).toMatchObject({ scope: `${SCOPE.lineItem} ${SCOPE.score}` })
  })

  it('lets dependency failures propagate for the host to answer 500', async () => {
    deps = { ...deps, lookupClient: () => Promise.reject(new Error('database down')) }
    await expect(post(await form())).rejects.toThrow('database down')
  })
})

describe('handleTokenRequest: invalid_request', () => {
  it('refuses a GET', async () => {
    const response = await handleTokenRequest(new Request(ENDPOINT), deps)
    await expectError(response, 400, 'invalid_request', 'ERR_LTI_OAUTH_INVALID_REQUEST')
  })

  it.each([['application/json'], ['text/plain'], ['multipart/form-data; boundary=x']])(
    'refuses content type %s',
    async (type) => {
      const response = await post(await form(), { headers: { 'content-type': type } })
      await expectError(response, 400, 'invalid_request', 'ERR_LTI_UNSUPPORTED_MEDIA_TYPE')
    },
  )

  it('refuses an oversize body, declared or streamed', async () => {
    const big = { ...(await form()), pad: 'x'.repeat(70_000) }
    await expectError(await post(big), 400, 'invalid_request', 'ERR_LTI_INPUT_TOO_LARGE')
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(16_384).fill(0x61))
      },
    })
    const response = await post({}, { body: stream, duplex: 'half' } as RequestInit)
    await expectError(response, 400, 'invalid_request', 'ERR_LTI_INPUT_TOO_LARGE')
  })

  it('refuses an oversize assertion', async () => {
    const response = await post(await form('x'.repeat(20_000)))
    await expectError(response, 400, 'invalid_request', 'ERR_LTI_INPUT_TOO_LARGE')
  })

  it.each(['grant_type', 'client_assertion_type', 'client_assertion'])(
    'refuses a request without %s',
    async (name) => {
      const params: Record<string, string> = await form()
      delete params[name]
      await expectError(await post(params), 400, 'invalid_request', 'ERR_LTI_OAUTH_INVALID_REQUEST')
    },
  )

  it('refuses a repeated parameter', async () => {
    const body = `${new URLSearchParams(await form()).toString()}&scope=${encodeURIComponent(SCOPE.lineItem)}`
    const response = await post({}, { body })
    await expectError(response, 400, 'invalid_request', 'ERR_LTI_OAUTH_INVALID_REQUEST')
  })
})

describe('handleTokenRequest: unsupported_grant_type', () => {
  it.each(['authorization_code', 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer'])(
    'refuses grant_type=%s',
    async (grantType) => {
      const response = await post(await form(undefined, { grant_type: grantType }))
      await expectError(
        response,
        400,
        'unsupported_grant_type',
        'ERR_LTI_OAUTH_UNSUPPORTED_GRANT_TYPE',
      )
    },
  )
})

describe('handleTokenRequest: invalid_client', () => {
  const cases: [string, () => Promise<Record<string, string>>, string][] = [
    [
      'a wrong client_assertion_type',
      () =>
        form(undefined, {
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
        }),
      'ERR_LTI_OAUTH_CLIENT_ASSERTION_TYPE_INVALID',
    ],
    [
      'an unknown client',
      async () => form(await sign({ iss: 'nobody', sub: 'nobody' })),
      'ERR_LTI_OAUTH_CLIENT_UNKNOWN',
    ],
    [
      'a bad signature',
      async () => form(await sign({}, impostor)),
      'ERR_LTI_JWT_SIGNATURE_INVALID',
    ],
    [
      'an unknown kid',
      async () => form(await sign({}, toolKey, { kid: 'tool-9' })),
      'ERR_LTI_KID_UNKNOWN',
    ],
    [
      'no kid',
      async () => form(await sign({}, toolKey, { kid: undefined })),
      'ERR_LTI_KID_MISSING',
    ],
    [
      'iss ≠ sub',
      async () => form(await sign({ sub: 'someone-else' })),
      'ERR_LTI_CLIENT_ASSERTION_SUBJECT_MISMATCH',
    ],
    ['no iss', async () => form(await sign({ iss: undefined })), 'ERR_LTI_JWT_CLAIM_MISSING'],
    [
      'a client_id parameter naming another client',
      () => form(undefined, { client_id: 'other' }),
      'ERR_LTI_CLIENT_ASSERTION_SUBJECT_MISMATCH',
    ],
    [
      'a wrong aud',
      async () => form(await sign({ aud: 'https://evil.example/token' })),
      'ERR_LTI_JWT_CLAIM_INVALID',
    ],
    ['no aud', async () => form(await sign({ aud: undefined })), 'ERR_LTI_JWT_CLAIM_MISSING'],
    ['an expired assertion', async () => form(await sign({ exp: T0 + 10 })), 'ERR_LTI_JWT_EXPIRED'],
    [
      'an iat in the future',
      async () => form(await sign({ iat: T0 + 600, exp: T0 + 900 })),
      'ERR_LTI_JWT_NOT_YET_VALID',
    ],
    [
      'an iat too old',
      async () => form(await sign({ iat: T0 - 7200, exp: T0 + 600 })),
      'ERR_LTI_JWT_EXPIRED',
    ],
    [
      'a lifetime over the maximum',
      async () => form(await sign({ exp: T0 + 7200 })),
      'ERR_LTI_CLIENT_ASSERTION_LIFETIME_TOO_LONG',
    ],
    ['no jti', async () => form(await sign({ jti: undefined })), 'ERR_LTI_JWT_CLAIM_MISSING'],
    ['a non-string jti', async () => form(await sign({ jti: 42 })), 'ERR_LTI_JWT_CLAIM_INVALID'],
    [
      'an oversize jti',
      async () => form(await sign({ jti: 'j'.repeat(300) })),
      'ERR_LTI_JWT_CLAIM_INVALID',
    ],
    ['no exp', async () => form(await sign({ exp: undefined })), 'ERR_LTI_JWT_CLAIM_MISSING'],
    [
      'iat/exp as strings (the TV-14 typo)',
      async () => form(await sign({ iat: vector.typoVariant.iat, exp: vector.typoVariant.exp })),
      'ERR_LTI_JWT_CLAIM_INVALID',
    ],
    [
      'an HS256 assertion',
      async () =>
        form(
          await new SignJWT({ ...vector.claims })
            .setProtectedHeader({ alg: 'HS256', kid: 'tool-1' })
            .sign(new Uint8Array(32)),
        ),
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
    ],
    ['a malformed assertion', () => form('not.a.jwt'), 'ERR_LTI_JWT_MALFORMED'],
    [
      'an unsigned assertion',
      () => form(`${btoa('{"alg":"none"}')}.${btoa(JSON.stringify(vector.claims))}.`),
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
    ],
  ]

  it.each(cases)('refuses %s', async (_name, makeForm, code) => {
    await expectError(await post(await makeForm()), 401, 'invalid_client', code)
  })

  it('refuses a replayed jti, and records it only after the signature verified', async () => {
    const forged = await sign({ jti: 'once' }, impostor)
    await expectError(
      await post(await form(forged)),
      401,
      'invalid_client',
      'ERR_LTI_JWT_SIGNATURE_INVALID',
    )
    const assertion = await sign({ jti: 'once' })
    expect((await post(await form(assertion))).status).toBe(200)
    await expectError(
      await post(await form(assertion)),
      401,
      'invalid_client',
      'ERR_LTI_CLIENT_ASSERTION_REPLAYED',
    )
  })

  it('refuses algorithms the client is not configured for', async () => {
    const base = deps.lookupClient
    deps = {
      ...deps,
      lookupClient: async (id) => {
        const client = await base(id)
        return client && { ...client, algorithms: ['ES256'] }
      },
    }
    await expectError(
      await post(await form()),
      401,
      'invalid_client',
      'ERR_LTI_JWT_ALG_NOT_ALLOWED',
    )
  })
})

describe('handleTokenRequest: invalid_scope', () => {
  it.each([
    ['no scope', { scope: '' }],
    ['a malformed scope', { scope: 'a"b' }],
    [
      'only scopes not granted to the client',
      { scope: `${SCOPE.contextMembershipReadOnly} openid` },
    ],
  ])('refuses %s', async (_name, extra) => {
    await expectError(
      await post(await form(undefined, extra)),
      400,
      'invalid_scope',
      'ERR_LTI_OAUTH_INVALID_SCOPE',
    )
  })
})
