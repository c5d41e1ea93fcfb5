import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, SCOPE } from '../claims/uris.js'
import type { LtiError } from '../errors/lti-error.js'
import { generateSigningKey } from '../keys/signing-key.js'
import type { SigningKey } from '../keys/types.js'
import { buildClientAssertion, buildTokenRequest, processTokenResponse } from './token-client.js'
import vector from './vectors/tv-14-client-assertion.json' with { type: 'json' }

let key: SigningKey
const clock = () => vector.claims.iat * 1000

beforeAll(async () => {
  key = await generateSigningKey({ kid: 'tool-key' })
})

describe('buildClientAssertion', () => {
  it('produces the TV-14 claim set, with a fresh jti and the kid in the header', async () => {
    const jwt = await buildClientAssertion({
      clientId: vector.claims.iss,
      tokenEndpoint: vector.tokenEndpoint,
      audience: vector.claims.aud,
      signingKey: key,
      deploymentId: vector.claims[CLAIM.deploymentId as keyof typeof vector.claims] as string,
      clock,
    })
    const { jti, ...claims } = decodeJwt(jwt)
    const expected: Record<string, unknown> = { ...vector.claims }
    delete expected.jti
    expect(claims).toEqual(expected)
    expect(jti).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: 'tool-key', typ: 'JWT' })
    const options = { algorithms: ['RS256'], currentDate: new Date(clock()) }
    await expect(jwtVerify(jwt, key.publicJwk, options)).resolves.toBeDefined()
  })

  it('defaults aud to the token endpoint, a 300 s lifetime and no deployment_id', async () => {
    const options = {
      clientId: 'c',
      tokenEndpoint: 'https://p.example/token',
      signingKey: key,
      clock,
    }
    const claims = decodeJwt(await buildClientAssertion(options))
    expect(claims.aud).toBe('https://p.example/token')
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300)
    expect(claims).not.toHaveProperty(CLAIM.deploymentId)
    const other = decodeJwt(await buildClientAssertion(options))
    expect(other.jti).not.toBe(claims.jti)
  })

  it.each([0, 3601, 1.5])('throws TypeError for lifetimeSeconds %s', async (lifetimeSeconds) => {
    await expect(
      buildClientAssertion({
        clientId: 'c',
        tokenEndpoint: 'https://p',
        signingKey: key,
        lifetimeSeconds,
      }),
    ).rejects.toBeInstanceOf(TypeError)
  })

  it('throws TypeError for an empty clientId', async () => {
    await expect(
      buildClientAssertion({ clientId: '', tokenEndpoint: 'https://p', signingKey: key }),
    ).rejects.toBeInstanceOf(TypeError)
  })
})

describe('buildTokenRequest', () => {
  it('builds the form POST of lti-notes §7.1', async () => {
    const request = buildTokenRequest({
      tokenEndpoint: vector.tokenEndpoint,
      clientAssertion: 'a.b.c',
      scopes: [SCOPE.score, SCOPE.contextMembershipReadOnly],
      userAgent: 'ltihub-test',
    })
    expect(request.method).toBe('POST')
    expect(request.url).toBe(vector.tokenEndpoint)
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
    expect(request.headers.get('accept')).toBe('application/json')
    expect(request.headers.get('user-agent')).toBe('ltihub-test')
    expect(Object.fromEntries(new URLSearchParams(await request.text()))).toEqual({
      ...vector.form,
      client_assertion: 'a.b.c',
    })
  })

  it.each(['http://platform.example/token', 'ftp://x/token', 'token', 'https://u:p@x.example/t'])(
    'refuses the token endpoint %s',
    (tokenEndpoint) => {
      expect(() =>
        buildTokenRequest({ tokenEndpoint, clientAssertion: 'a', scopes: ['s'] }),
      ).toThrow(expect.objectContaining({ code: 'ERR_LTI_OAUTH_TOKEN_ENDPOINT_INVALID' }))
    },
  )

  it('accepts http on loopback, and throws TypeError for no or bad scopes', () => {
    expect(
      buildTokenRequest({
        tokenEndpoint: 'http://localhost:3000/t',
        clientAssertion: 'a',
        scopes: ['s'],
      }).url,
    ).toBe('http://localhost:3000/t')
    expect(() =>
      buildTokenRequest({ tokenEndpoint: 'https://x/t', clientAssertion: 'a', scopes: [] }),
    ).toThrow(TypeError)
    expect(() =>
      buildTokenRequest({ tokenEndpoint: 'https://x/t', clientAssertion: 'a', scopes: ['a b'] }),
    ).toThrow(TypeError)
  })
})

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': type },
  })

async function failure(response: Response): Promise<LtiError> {
  return processTokenResponse(response).then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error as LtiError,
  )
}

describe('processTokenResponse', () => {
  it('reads the lti-notes §7.2 example, token_type in any case', async () => {
    const body = {
      access_token: 'dkj4985kjaIAJDJ89kl8rkn5',
      token_type: 'bearer',
      expires_in: 3600,
      scope: `${SCOPE.lineItem} ${SCOPE.score}`,
    }
    expect(await processTokenResponse(json(body), { clock })).toEqual({
      accessToken: 'dkj4985kjaIAJDJ89kl8rkn5',
      tokenType: 'Bearer',
      expiresIn: 3600,
      expiresAt: clock() + 3600_000,
      scopes: [SCOPE.lineItem, SCOPE.score],
    })
  })

  it('takes the requested scopes when scope is absent, and 300 s when expires_in is', async () => {
    const token = await processTokenResponse(json({ access_token: 't', token_type: 'Bearer' }), {
      clock,
      requestedScopes: [SCOPE.score],
    })
    expect(token).toMatchObject({
      scopes: [SCOPE.score],
      expiresIn: 300,
      expiresAt: clock() + 300_000,
    })
  })

  it('turns an OAuth error into a coded error keeping error and error_description', async () => {
    const error = await failure(
      json({ error: 'invalid_scope', error_description: 'no AGS for you' }, 400),
    )
    expect(error.code).toBe('ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED')
    expect(JSON.parse(error.detail ?? '')).toEqual({
      status: 400,
      error: 'invalid_scope',
      error_description: 'no AGS for you',
    })
    expect(error.description).not.toContain('no AGS for you')
  })

  it.each([
    ['a 500 with HTML', json('<html>oops</html>', 500, 'text/html')],
    ['a 401 invalid_client', json({ error: 'invalid_client' }, 401)],
    ['a redirect', new Response(null, { status: 302, headers: { location: 'https://x' } })],
  ])('rejects %s with ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED', async (_name, response) => {
    expect(await failure(response)).toMatchObject({ code: 'ERR_LTI_OAUTH_TOKEN_REQUEST_REJECTED' })
  })

  it.each([
    ['a non-JSON 200', json('access_token=x', 200, 'text/plain')],
    ['JSON served as text', json({ access_token: 't', token_type: 'Bearer' }, 200, 'text/plain')],
    ['a broken JSON 200', json('{"access_token":', 200)],
    ['no access_token', json({ token_type: 'Bearer' })],
    ['an empty access_token', json({ access_token: '', token_type: 'Bearer' })],
    ['a MAC token', json({ access_token: 't', token_type: 'mac' })],
    ['a negative expires_in', json({ access_token: 't', token_type: 'Bearer', expires_in: -5 })],
    ['a string expires_in', json({ access_token: 't', token_type: 'Bearer', expires_in: '3600' })],
    ['an oversize body', json({ access_token: 'x'.repeat(70_000), token_type: 'Bearer' })],
  ])('rejects %s with ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID', async (_name, response) => {
    expect(await failure(response)).toMatchObject({ code: 'ERR_LTI_OAUTH_TOKEN_RESPONSE_INVALID' })
  })

  it('rejects a malformed granted scope', async () => {
    const response = json({ access_token: 't', token_type: 'Bearer', scope: 'a\tb' })
    expect(await failure(response)).toMatchObject({ code: 'ERR_LTI_OAUTH_INVALID_SCOPE' })
  })
})
