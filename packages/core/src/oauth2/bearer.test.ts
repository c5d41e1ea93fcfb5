import { describe, expect, it } from 'vitest'
import { SCOPE, type Scope } from '../claims/uris.js'
import { LtiError } from '../errors/lti-error.js'
import { AccessTokenIssuer } from './access-token.js'
import { authorizeServiceRequest, bearerChallenge, bearerErrorResponse } from './bearer.js'

const issuer = new AccessTokenIssuer({ secret: new Uint8Array(32).fill(3) })
const SERVICE = 'https://lms.example/api/lti/contexts/1/line_items'

async function failure(
  request: Request,
  anyOf: readonly Scope[] = [SCOPE.lineItem],
): Promise<LtiError> {
  return authorizeServiceRequest(request, issuer, anyOf).then(
    () => {
      throw new Error('expected a failure')
    },
    (error: unknown) => error as LtiError,
  )
}

const withAuth = (authorization: string, url = SERVICE) =>
  new Request(url, { headers: { authorization } })

describe('authorizeServiceRequest', () => {
  it('returns the grant when the token carries one of the scopes', async () => {
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    const grant = await authorizeServiceRequest(withAuth(`Bearer ${accessToken}`), issuer, [
      SCOPE.lineItem,
      SCOPE.score,
    ])
    expect(grant).toMatchObject({ clientId: 'tool', scopes: [SCOPE.score] })
    // RFC 6750 §2.1 and RFC 7235: the scheme is case-insensitive.
    const lower = await authorizeServiceRequest(withAuth(`bearer ${accessToken}`), issuer, [
      SCOPE.score,
    ])
    expect(lower.clientId).toBe('tool')
  })

  it.each([
    ['no Authorization header', new Request(SERVICE)],
    ['a Basic header', withAuth('Basic dG9vbDpzZWNyZXQ=')],
    ['a header of another scheme that starts like Bearer', withAuth('BearerX abc')],
  ])('reports %s as ERR_LTI_ACCESS_TOKEN_MISSING', async (_name, request) => {
    expect(await failure(request)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_MISSING',
      status: 401,
    })
  })

  it.each([
    ['an empty token', 'Bearer '],
    ['a token with spaces', 'Bearer a b'],
    ['a token with illegal characters', 'Bearer a"b'],
    ['a forged token', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA'],
  ])('reports %s as ERR_LTI_ACCESS_TOKEN_INVALID', async (_name, header) => {
    expect(await failure(withAuth(header))).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_INVALID',
      status: 401,
    })
  })

  it('refuses a token in the query string, even next to a valid header', async () => {
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.lineItem] })
    const request = withAuth(`Bearer ${accessToken}`, `${SERVICE}?access_token=${accessToken}`)
    expect(await failure(request)).toMatchObject({
      code: 'ERR_LTI_ACCESS_TOKEN_IN_QUERY',
      status: 400,
    })
  })

  it('reports a token without the scope as ERR_LTI_INSUFFICIENT_SCOPE', async () => {
    const { accessToken } = await issuer.issue({ clientId: 'tool', scopes: [SCOPE.score] })
    const error = await failure(withAuth(`Bearer ${accessToken}`), [
      SCOPE.lineItem,
      SCOPE.lineItemReadOnly,
    ])
    expect(error).toMatchObject({ code: 'ERR_LTI_INSUFFICIENT_SCOPE', status: 403 })
  })

  it('throws TypeError when no scope is required', async () => {
    await expect(authorizeServiceRequest(new Request(SERVICE), issuer, [])).rejects.toBeInstanceOf(
      TypeError,
    )
  })
})

describe('bearerChallenge', () => {
  it('has no error attribute when the token was missing', () => {
    expect(bearerChallenge(new LtiError('ERR_LTI_ACCESS_TOKEN_MISSING'))).toBe(
      'Bearer realm="ltihub"',
    )
  })

  it('says invalid_token for a bad token', () => {
    const header = bearerChallenge(
      new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: 'secret' }),
      {
        realm: 'lms "x"',
      },
    )
    expect(header).toMatch(
      /^Bearer realm="lms \\"x\\"", error="invalid_token", error_description="[^"]+"$/,
    )
    expect(header).not.toContain('secret')
  })

  it('says insufficient_scope with the scopes that would do, and invalid_request for a query token', () => {
    const header = bearerChallenge(new LtiError('ERR_LTI_INSUFFICIENT_SCOPE'), {
      scopes: [SCOPE.score],
    })
    expect(header).toContain('error="insufficient_scope"')
    expect(header).toContain(`scope="${SCOPE.score}"`)
    expect(bearerChallenge(new LtiError('ERR_LTI_ACCESS_TOKEN_IN_QUERY'))).toContain(
      'error="invalid_request"',
    )
  })

  it('builds a problem response with the challenge', async () => {
    const response = bearerErrorResponse(
      new LtiError('ERR_LTI_ACCESS_TOKEN_INVALID', { detail: 'secret' }),
    )
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"')
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ code: 'ERR_LTI_ACCESS_TOKEN_INVALID', status: 401 })
    expect(text).not.toContain('secret')
  })
})
