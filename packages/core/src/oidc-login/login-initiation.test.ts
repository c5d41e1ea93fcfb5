import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError, type LtiErrorCode } from '../errors/index.js'
import { buildLoginInitiation, parseLoginInitiation } from './login-initiation.js'
import type { LoginInitiation } from './types.js'

const TOOL_LOGIN = 'https://tool.example/lti/login'
const minimal = {
  issuer: 'https://lms.example',
  loginHint: 'user-1',
  targetLinkUri: 'https://tool.example/launch',
}

const get = (query: Record<string, string> | string) =>
  new Request(`${TOOL_LOGIN}?${new URLSearchParams(query).toString()}`)
const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
  new Request(TOOL_LOGIN, { method: 'POST', body, headers: { 'content-type': contentType } })

async function codeOf(request: Request, options?: Parameters<typeof parseLoginInitiation>[1]) {
  try {
    await parseLoginInitiation(request, options)
    return 'ok'
  } catch (error) {
    if (isLtiError(error)) return { code: error.code, claim: error.claim }
    throw error
  }
}

const wire = {
  iss: minimal.issuer,
  login_hint: minimal.loginHint,
  target_link_uri: minimal.targetLinkUri,
}

describe('buildLoginInitiation (platform)', () => {
  it('gives a GET URL and POST fields with the wire names', () => {
    const built = buildLoginInitiation({
      ...minimal,
      toolLoginUrl: `${TOOL_LOGIN}?tenant=a`,
      ltiMessageHint: 'hint',
      clientId: 'client-1',
      deploymentId: 'dep-1',
      ltiStorageTarget: '_parent',
    })
    expect(built.fields).toEqual({
      ...wire,
      lti_message_hint: 'hint',
      client_id: 'client-1',
      lti_deployment_id: 'dep-1',
      lti_storage_target: '_parent',
    })
    expect(built.url.searchParams.get('tenant')).toBe('a')
    expect(built.url.searchParams.get('lti_deployment_id')).toBe('dep-1')
    expect(built.action).toBe(`${TOOL_LOGIN}?tenant=a`)
  })

  it.each([
    ['toolLoginUrl not a URL', { toolLoginUrl: 'login' }],
    ['toolLoginUrl javascript:', { toolLoginUrl: 'javascript:alert(1)' }],
    ['issuer over http', { issuer: 'http://lms.example' }],
    ['targetLinkUri not a URL', { targetLinkUri: '/launch' }],
    ['empty loginHint', { loginHint: '' }],
  ])('refuses %s with a TypeError', (_name, patch) => {
    expect(() => buildLoginInitiation({ ...minimal, toolLoginUrl: TOOL_LOGIN, ...patch })).toThrow(
      TypeError,
    )
  })
})

describe('parseLoginInitiation (tool)', () => {
  it('reads a GET and a form POST alike', async () => {
    expect(await parseLoginInitiation(get(wire))).toEqual(minimal)
    expect(await parseLoginInitiation(post(new URLSearchParams(wire).toString()))).toEqual(minimal)
  })

  it.each(['iss', 'login_hint', 'target_link_uri'])('rejects a login without %s', async (name) => {
    const params: Record<string, string> = { ...wire }
    delete params[name]
    expect(await codeOf(get(params))).toEqual({
      code: 'ERR_LTI_LOGIN_PARAMETER_MISSING',
      claim: name,
    })
    expect(await codeOf(get({ ...wire, [name]: '' }))).toEqual({
      code: 'ERR_LTI_LOGIN_PARAMETER_MISSING',
      claim: name,
    })
  })

  it.each([
    ['http issuer', { iss: 'http://lms.example' }, 'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS'],
    [
      'http loopback issuer without the option',
      { iss: 'http://localhost:3000' },
      'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS',
    ],
    ['ftp issuer', { iss: 'ftp://lms.example' }, 'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS'],
    ['issuer with a query', { iss: 'https://lms.example/?a=1' }, 'ERR_LTI_LOGIN_PARAMETER_INVALID'],
    [
      'issuer with a fragment',
      { iss: 'https://lms.example/#x' },
      'ERR_LTI_LOGIN_PARAMETER_INVALID',
    ],
    ['issuer not a URL', { iss: 'lms.example' }, 'ERR_LTI_LOGIN_PARAMETER_INVALID'],
    [
      'target_link_uri not a URL',
      { target_link_uri: '/launch' },
      'ERR_LTI_LOGIN_PARAMETER_INVALID',
    ],
    [
      'target_link_uri javascript:',
      { target_link_uri: 'javascript:alert(1)' },
      'ERR_LTI_LOGIN_PARAMETER_INVALID',
    ],
    [
      'target_link_uri on a foreign domain (open redirect)',
      { target_link_uri: 'https://evil.example/launch' },
      'ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN',
    ],
    [
      'target_link_uri on another port',
      { target_link_uri: 'https://tool.example:8443/launch' },
      'ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN',
    ],
  ] as const)('rejects %s', async (_name, patch, code) => {
    expect(await codeOf(get({ ...wire, ...patch }))).toMatchObject({ code })
  })

  it('accepts an http loopback issuer only through the loudly named option', async () => {
    const request = () => get({ ...wire, iss: 'http://127.0.0.1:3000' })
    expect(await codeOf(request())).toMatchObject({ code: 'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS' })
    const options = { dangerouslyAllowHttpLoopbackIssuer: true }
    expect(await codeOf(request(), options)).toBe('ok')
    expect(await codeOf(get({ ...wire, iss: 'http://lms.example' }), options)).toMatchObject({
      code: 'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS',
    })
  })

  it('checks target_link_uri against configured public origins behind a proxy', async () => {
    const internal = new Request(
      `http://tool-internal.invalid:3000/login?${new URLSearchParams(wire).toString()}`,
    )
    expect(await codeOf(internal)).toMatchObject({ code: 'ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN' })
    const internalAgain = new Request(internal.url)
    expect(
      await codeOf(internalAgain, { allowedTargetLinkOrigins: ['https://tool.example'] }),
    ).toBe('ok')
  })

  it.each<[string, () => Request, LtiErrorCode]>([
    [
      'a repeated parameter',
      () => get(`${new URLSearchParams(wire).toString()}&iss=https://evil.example`),
      'ERR_LTI_OIDC_DUPLICATE_PARAMETER',
    ],
    [
      'an oversize parameter',
      () => get({ ...wire, login_hint: 'x'.repeat(8193) }),
      'ERR_LTI_INPUT_TOO_LARGE',
    ],
    [
      'an oversize query',
      () =>
        get({
          ...wire,
          a: 'x'.repeat(8000),
          b: 'x'.repeat(8000),
          c: 'x'.repeat(8000),
          d: 'x'.repeat(8000),
          e: 'x'.repeat(1000),
        }),
      'ERR_LTI_INPUT_TOO_LARGE',
    ],
    [
      'an oversize streamed body',
      () => post(`${new URLSearchParams(wire).toString()}&pad=${'x'.repeat(40_000)}`),
      'ERR_LTI_INPUT_TOO_LARGE',
    ],
    [
      'a declared oversize body',
      () =>
        new Request(TOOL_LOGIN, {
          method: 'POST',
          body: 'a=b',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': '999999',
          },
        }),
      'ERR_LTI_INPUT_TOO_LARGE',
    ],
    [
      'a JSON body',
      () => post(JSON.stringify(wire), 'application/json'),
      'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a body without content type',
      () => new Request(TOOL_LOGIN, { method: 'POST', body: new Blob(['a=b']) }),
      'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a PUT',
      () => new Request(TOOL_LOGIN, { method: 'PUT', body: 'a=b' }),
      'ERR_LTI_OIDC_METHOD_NOT_ALLOWED',
    ],
  ])('rejects %s', async (_name, request, code) => {
    expect(await codeOf(request())).toMatchObject({ code })
  })

  const text = fc.string({ minLength: 1, maxLength: 60 })
  const initiation: fc.Arbitrary<LoginInitiation> = fc.record(
    {
      issuer: fc.webUrl({
        validSchemes: ['https'],
        withQueryParameters: false,
        withFragments: false,
      }),
      loginHint: text,
      targetLinkUri: fc.webPath().map((path) => `https://tool.example/${path.replace(/^\/+/, '')}`),
      ltiMessageHint: text,
      clientId: text,
      deploymentId: text,
      ltiStorageTarget: text,
    },
    { requiredKeys: ['issuer', 'loginHint', 'targetLinkUri'] },
  )

  it('parse(build(x)) == x, by GET and by POST', async () => {
    await fc.assert(
      fc.asyncProperty(initiation, async (input) => {
        const built = buildLoginInitiation({ ...input, toolLoginUrl: TOOL_LOGIN })
        expect(await parseLoginInitiation(new Request(built.url))).toEqual(input)
        const body = new URLSearchParams(built.fields).toString()
        expect(await parseLoginInitiation(post(body))).toEqual(input)
      }),
      { numRuns: 150 },
    )
  })

  it('never throws anything but LtiError on arbitrary query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('iss', 'login_hint', 'target_link_uri', 'client_id', 'x'),
          fc.string(),
        ),
        async (query) => {
          const result = await codeOf(get(query))
          expect(result === 'ok' || typeof result.code === 'string').toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
})
