import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/index.js'
import {
  AuthenticationRequestError,
  buildAuthenticationRequest,
  parseAuthenticationRequest,
  type ParseAuthenticationRequestOptions,
} from './authentication-request.js'

const AUTH_URL = 'https://lms.example/oidc/auth'
const REDIRECT = 'https://tool.example/lti/launch'
const request = {
  authLoginUrl: AUTH_URL,
  clientId: 'client-1',
  redirectUri: REDIRECT,
  loginHint: 'user-1',
  ltiMessageHint: 'message-hint',
  state: 'state-1',
  nonce: 'nonce-1',
}

const options: ParseAuthenticationRequestOptions = {
  lookupClient: (clientId) => (clientId === 'client-1' ? { redirectUris: [REDIRECT] } : undefined),
}

function wire(patch: Record<string, string | undefined> = {}): Request {
  const url = buildAuthenticationRequest(request)
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) url.searchParams.delete(name)
    else url.searchParams.set(name, value)
  }
  return new Request(url)
}

async function failure(req: Request) {
  try {
    await parseAuthenticationRequest(req, options)
  } catch (error) {
    if (isLtiError(error)) return error
    throw error
  }
  throw new Error('expected the request to be refused')
}

describe('buildAuthenticationRequest (tool)', () => {
  it('sets the fixed LTI values and echoes the hints', () => {
    const url = buildAuthenticationRequest({ ...request, ltiStorageTarget: '_parent' })
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: 'client-1',
      redirect_uri: REDIRECT,
      login_hint: 'user-1',
      lti_message_hint: 'message-hint',
      state: 'state-1',
      nonce: 'nonce-1',
      lti_storage_target: '_parent',
    })
    expect(url.origin + url.pathname).toBe(AUTH_URL)
  })

  it('refuses misuse with TypeError', () => {
    expect(() => buildAuthenticationRequest({ ...request, authLoginUrl: 'not a url' })).toThrow(
      TypeError,
    )
    expect(() => buildAuthenticationRequest({ ...request, nonce: '' })).toThrow(TypeError)
  })
})

describe('parseAuthenticationRequest (platform)', () => {
  it('accepts a valid GET and a valid form POST', async () => {
    const expected = {
      clientId: 'client-1',
      redirectUri: REDIRECT,
      loginHint: 'user-1',
      ltiMessageHint: 'message-hint',
      nonce: 'nonce-1',
      state: 'state-1',
    }
    expect(await parseAuthenticationRequest(wire(), options)).toEqual(expected)
    const body = buildAuthenticationRequest(request).searchParams.toString()
    const post = new Request(AUTH_URL, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(await parseAuthenticationRequest(post, options)).toEqual(expected)
  })

  it.each([
    ['unknown client_id', { client_id: 'client-2' }, 'ERR_LTI_AUTH_REQUEST_UNKNOWN_CLIENT'],
    ['missing client_id', { client_id: undefined }, 'ERR_LTI_AUTH_REQUEST_PARAMETER_MISSING'],
    [
      'unregistered redirect_uri',
      { redirect_uri: 'https://evil.example/steal' },
      'ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED',
    ],
    [
      'redirect_uri extended with a query',
      { redirect_uri: `${REDIRECT}?next=https://evil.example` },
      'ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED',
    ],
    [
      'redirect_uri with a trailing slash',
      { redirect_uri: `${REDIRECT}/` },
      'ERR_LTI_AUTH_REQUEST_REDIRECT_URI_NOT_REGISTERED',
    ],
    ['missing redirect_uri', { redirect_uri: undefined }, 'ERR_LTI_AUTH_REQUEST_PARAMETER_MISSING'],
  ] as const)('%s: coded and NOT redirectable', async (_name, patch, code) => {
    const error = await failure(wire(patch))
    expect(error.code).toBe(code)
    expect(error).toBeInstanceOf(AuthenticationRequestError)
    expect((error as AuthenticationRequestError).redirectable).toBe(false)
    expect((error as AuthenticationRequestError).redirect).toBeUndefined()
  })

  it.each([
    [
      'response_type code',
      { response_type: 'code' },
      'ERR_LTI_AUTH_REQUEST_RESPONSE_TYPE_UNSUPPORTED',
      'unsupported_response_type',
    ],
    [
      'missing response_type',
      { response_type: undefined },
      'ERR_LTI_AUTH_REQUEST_RESPONSE_TYPE_UNSUPPORTED',
      'unsupported_response_type',
    ],
    [
      'scope without openid',
      { scope: 'profile email' },
      'ERR_LTI_AUTH_REQUEST_SCOPE_INVALID',
      'invalid_scope',
    ],
    ['missing scope', { scope: undefined }, 'ERR_LTI_AUTH_REQUEST_SCOPE_INVALID', 'invalid_scope'],
    [
      'response_mode query',
      { response_mode: 'query' },
      'ERR_LTI_AUTH_REQUEST_RESPONSE_MODE_UNSUPPORTED',
      'invalid_request',
    ],
    [
      'prompt login',
      { prompt: 'login' },
      'ERR_LTI_AUTH_REQUEST_PROMPT_UNSUPPORTED',
      'invalid_request',
    ],
    [
      'missing nonce',
      { nonce: undefined },
      'ERR_LTI_AUTH_REQUEST_NONCE_MISSING',
      'invalid_request',
    ],
    [
      'missing login_hint',
      { login_hint: undefined },
      'ERR_LTI_AUTH_REQUEST_PARAMETER_MISSING',
      'invalid_request',
    ],
  ] as const)(
    '%s: coded and redirectable with the state echoed',
    async (_name, patch, code, oidcError) => {
      const error = (await failure(wire(patch))) as AuthenticationRequestError
      expect(error.code).toBe(code)
      expect(error.redirectable).toBe(true)
      expect(error.redirect).toEqual({
        redirectUri: REDIRECT,
        error: oidcError,
        errorDescription: error.description,
        state: 'state-1',
      })
    },
  )

  it('missing state: coded, redirectable, no state echoed', async () => {
    const error = (await failure(wire({ state: undefined }))) as AuthenticationRequestError
    expect(error.code).toBe('ERR_LTI_AUTH_REQUEST_STATE_MISSING')
    expect(error.redirect).toEqual({
      redirectUri: REDIRECT,
      error: 'invalid_request',
      errorDescription: error.description,
    })
  })

  it('accepts openid among other scopes', async () => {
    expect(
      (await parseAuthenticationRequest(wire({ scope: 'openid profile' }), options)).clientId,
    ).toBe('client-1')
  })

  it('unreadable requests are plain LtiErrors, never redirectable', async () => {
    const repeated = new Request(
      `${buildAuthenticationRequest(request).href}&redirect_uri=https://evil.example`,
    )
    const error = await failure(repeated)
    expect(error.code).toBe('ERR_LTI_OIDC_DUPLICATE_PARAMETER')
    expect(error).not.toBeInstanceOf(AuthenticationRequestError)
  })

  it('awaits an async client lookup', async () => {
    const lookupClient = () => Promise.resolve({ redirectUris: [REDIRECT] })
    expect((await parseAuthenticationRequest(wire(), { lookupClient })).state).toBe('state-1')
  })

  it('parse(build(x)) == x', async () => {
    const text = fc.string({ minLength: 1, maxLength: 60 })
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          clientId: text,
          loginHint: text,
          ltiMessageHint: text,
          state: text,
          nonce: text,
        }),
        async (input) => {
          const url = buildAuthenticationRequest({
            ...input,
            authLoginUrl: AUTH_URL,
            redirectUri: REDIRECT,
          })
          const parsed = await parseAuthenticationRequest(new Request(url), {
            lookupClient: () => ({ redirectUris: [REDIRECT] }),
          })
          expect(parsed).toEqual({ ...input, redirectUri: REDIRECT })
        },
      ),
      { numRuns: 150 },
    )
  })
})
