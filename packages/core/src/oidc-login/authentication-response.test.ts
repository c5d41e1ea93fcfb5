import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isLtiError } from '../errors/index.js'
import {
  authenticationErrorResponse,
  buildAuthenticationResponse,
  parseAuthenticationResponse,
} from './authentication-response.js'
import { formFields } from './test-support.js'

const REDIRECT = 'https://tool.example/lti/launch'

const launchPost = (body: Record<string, string> | string) =>
  new Request(REDIRECT, {
    method: 'POST',
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  })

async function failure(request: Request) {
  try {
    await parseAuthenticationResponse(request)
  } catch (error) {
    if (isLtiError(error)) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('buildAuthenticationResponse (platform)', () => {
  it('auto-posts id_token and state with safe headers', async () => {
    const response = buildAuthenticationResponse({
      redirectUri: REDIRECT,
      idToken: 'a.b.c',
      state: 's-1',
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const csp = response.headers.get('content-security-policy') ?? ''
    const nonce = /script-src 'nonce-([A-Za-z0-9_-]+)'/.exec(csp)?.[1]
    expect(nonce).toBeDefined()
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain('form-action https://tool.example')
    expect(csp).not.toContain('unsafe-inline')
    const html = await response.text()
    expect(html).toContain(`<form id="lti-auto-post" method="post" action="${REDIRECT}">`)
    expect(html).toContain(`<script nonce="${nonce ?? ''}">`)
    expect(formFields(html)).toEqual({ id_token: 'a.b.c', state: 's-1' })
  })

  it('uses a fresh script nonce per response', () => {
    const csp = () =>
      buildAuthenticationResponse({ redirectUri: REDIRECT, idToken: 't', state: 's' }).headers.get(
        'content-security-policy',
      )
    expect(csp()).not.toBe(csp())
  })

  it('escapes every value, so no field can break out of its attribute', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), async (idToken, state, target) => {
        const response = buildAuthenticationResponse({
          redirectUri: REDIRECT,
          idToken,
          state,
          ltiStorageTarget: target,
        })
        const html = await response.text()
        expect(formFields(html)).toEqual({ id_token: idToken, state, lti_storage_target: target })
        expect(html.match(/<script/g)).toHaveLength(1)
      }),
      { numRuns: 200 },
    )
  })

  it('escapes the form action', async () => {
    const html = await buildAuthenticationResponse({
      redirectUri: 'https://tool.example/a?x="><script>',
      idToken: 't',
      state: 's',
    }).text()
    expect(html).not.toContain('"><script>')
  })

  it('refuses a non-http redirect URI (TypeError)', () => {
    expect(() =>
      buildAuthenticationResponse({ redirectUri: 'javascript:alert(1)', idToken: 't', state: 's' }),
    ).toThrow(TypeError)
  })

  it('authenticationErrorResponse posts error, description and state', async () => {
    const response = authenticationErrorResponse({
      redirectUri: REDIRECT,
      error: 'login_required',
      errorDescription: 'Log in <first>',
      state: 's-1',
    })
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(formFields(await response.text())).toEqual({
      error: 'login_required',
      error_description: 'Log in <first>',
      state: 's-1',
    })
  })
})

describe('parseAuthenticationResponse (tool)', () => {
  it('reads id_token, state and lti_storage_target', async () => {
    expect(
      await parseAuthenticationResponse(launchPost({ id_token: 'a.b.c', state: 's' })),
    ).toEqual({ idToken: 'a.b.c', state: 's' })
    expect(
      await parseAuthenticationResponse(
        launchPost({ id_token: 'a.b.c', state: 's', lti_storage_target: '_parent' }),
      ),
    ).toMatchObject({ ltiStorageTarget: '_parent' })
  })

  it('turns an OIDC error post into ERR_LTI_PLATFORM_ERROR with private detail', async () => {
    const error = await failure(
      launchPost({ error: 'login_required', error_description: 'No session', state: 's' }),
    )
    expect(error.code).toBe('ERR_LTI_PLATFORM_ERROR')
    expect(error.detail).toBe('login_required: No session')
    expect(JSON.stringify(error.toProblem())).not.toContain('No session')
  })

  it('truncates a long platform error in the detail', async () => {
    const error = await failure(
      launchPost({ error: 'server_error', error_description: 'x'.repeat(5000) }),
    )
    expect(error.detail?.length).toBe(500)
  })

  it.each(['id_token', 'state'])('rejects a post without %s', async (name) => {
    const body: Record<string, string> = { id_token: 'a.b.c', state: 's' }
    delete body[name]
    const error = await failure(launchPost(body))
    expect(error.code).toBe('ERR_LTI_AUTH_RESPONSE_PARAMETER_MISSING')
    expect(error.claim).toBe(name)
  })

  it('rejects a GET (the id_token must never be in a URL)', async () => {
    const error = await failure(new Request(`${REDIRECT}?id_token=a.b.c&state=s`))
    expect(error.code).toBe('ERR_LTI_OIDC_METHOD_NOT_ALLOWED')
  })

  it('rejects two id_tokens', async () => {
    expect((await failure(launchPost('id_token=a&id_token=b&state=s'))).code).toBe(
      'ERR_LTI_OIDC_DUPLICATE_PARAMETER',
    )
  })

  it('rejects an oversize body', async () => {
    expect((await failure(launchPost({ id_token: 'x'.repeat(300_000), state: 's' }))).code).toBe(
      'ERR_LTI_INPUT_TOO_LARGE',
    )
  })

  it('rejects a multipart body', async () => {
    const form = new FormData()
    form.set('id_token', 'a')
    expect((await failure(new Request(REDIRECT, { method: 'POST', body: form }))).code).toBe(
      'ERR_LTI_UNSUPPORTED_MEDIA_TYPE',
    )
  })

  it('round-trips what the platform posts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        async (idToken, state) => {
          const fields = formFields(
            await buildAuthenticationResponse({ redirectUri: REDIRECT, idToken, state }).text(),
          )
          expect(await parseAuthenticationResponse(launchPost(fields))).toEqual({ idToken, state })
        },
      ),
      { numRuns: 100 },
    )
  })
})
