import { describe, expect, it } from 'vitest'
import { createFixture } from '../testing/fixture.js'
import { attributeById, errorCodeOf, loginRequest } from '../testing/flows.js'

async function loginFixture() {
  const f = await createFixture()
  const login = (options: Parameters<typeof loginRequest>[2]) =>
    f.tool.handle(loginRequest(f.platform, f.tool.urls.login, options))
  return { ...f, login }
}

describe('OIDC login initiation', () => {
  it.each(['GET', 'POST'] as const)(
    'answers a %s login with the authentication request and a browser-bound state',
    async (method) => {
      const f = await loginFixture()
      const response = await f.login({
        targetLinkUri: f.tool.urls.launch,
        method,
        messageHint: 'hint-9',
      })
      expect(response.status).toBe(200)
      const cookie = response.headers.getSetCookie()[0] ?? ''
      expect(cookie).toMatch(/^__Host-ltihub-state-[A-Za-z0-9_-]+=[A-Za-z0-9_-]+;/)
      for (const attribute of ['Secure', 'HttpOnly', 'SameSite=None', 'Path=/', 'Max-Age=600']) {
        expect(cookie).toContain(attribute)
      }
      const html = await response.text()
      const auth = new URL(attributeById(html, 'ltihub-continue', 'href') ?? '')
      expect(auth.origin + auth.pathname).toBe(f.platform.urls.auth)
      expect(Object.fromEntries(auth.searchParams)).toMatchObject({
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: f.platform.clientId,
        redirect_uri: f.tool.urls.launch,
        login_hint: 'user-hint-1',
        lti_message_hint: 'hint-9',
      })
      const state = auth.searchParams.get('state') ?? ''
      const record = await f.ports.launchStates.find(state, f.clock())
      expect(record).toMatchObject({
        nonce: auth.searchParams.get('nonce'),
        registrationId: 'registration-1',
        targetLinkUri: f.tool.urls.launch,
        expiresAt: f.clock() + 600_000,
      })
      // The cookie name carries the state, so each login (each tab) has its own cookie.
      expect(cookie.startsWith(`__Host-ltihub-state-${state}=`)).toBe(true)
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    },
  )

  it('finds the registration by issuer alone when only one exists', async () => {
    const f = await loginFixture()
    const response = await f.login({ targetLinkUri: f.tool.urls.launch, clientId: null })
    expect(response.status).toBe(200)
  })

  it('refuses an issuer-only login when several registrations share the issuer', async () => {
    const f = await loginFixture()
    await f.ports.registrations.upsert({ ...f.platform.registration(), clientId: 'other-client' })
    const response = await f.login({ targetLinkUri: f.tool.urls.launch, clientId: null })
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PLATFORM_AMBIGUOUS')
  })

  it.each([
    ['an unknown client_id', { clientId: 'nobody' }, 'ERR_LTI_PLATFORM_UNKNOWN'],
    [
      'a foreign target_link_uri',
      { targetLinkUri: 'https://evil.example/launch' },
      'ERR_LTI_LOGIN_TARGET_LINK_URI_FOREIGN',
    ],
  ])('shows an error page, never a redirect, for %s', async (_name, options, code) => {
    const f = await loginFixture()
    const response = await f.login({ targetLinkUri: f.tool.urls.launch, ...options })
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([])
    expect(await errorCodeOf(response)).toBe(code)
    expect(f.ports.launchStates.size).toBe(0)
  })

  it('refuses an unknown issuer with an error page', async () => {
    const f = await loginFixture()
    const url = new URL(f.tool.urls.login)
    url.search = new URLSearchParams({
      iss: 'https://unknown.example',
      login_hint: 'x',
      target_link_uri: f.tool.urls.launch,
    }).toString()
    const response = await f.tool.handle(new Request(url))
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PLATFORM_UNKNOWN')
    expect(response.headers.get('location')).toBeNull()
  })

  it('refuses a disabled registration', async () => {
    const f = await loginFixture()
    await f.ports.registrations.upsert({ ...f.platform.registration(), enabled: false })
    const response = await f.login({ targetLinkUri: f.tool.urls.launch })
    expect(response.status).toBe(403)
    expect(await errorCodeOf(response)).toBe('ERR_LTI_PLATFORM_DISABLED')
  })

  it.each([
    ['login_hint missing', { login_hint: '' }, 'ERR_LTI_LOGIN_PARAMETER_MISSING'],
    ['iss over http', { iss: 'http://lms.example.test' }, 'ERR_LTI_LOGIN_ISSUER_NOT_HTTPS'],
    ['iss repeated', { repeat: 'iss' }, 'ERR_LTI_OIDC_DUPLICATE_PARAMETER'],
    [
      'target_link_uri not a URL',
      { target_link_uri: 'not a url' },
      'ERR_LTI_LOGIN_PARAMETER_INVALID',
    ],
  ])('refuses a malformed login initiation: %s', async (_name, change, code) => {
    const f = await loginFixture()
    const params = new URLSearchParams({
      iss: f.platform.issuer,
      login_hint: 'hint',
      target_link_uri: f.tool.urls.launch,
      client_id: f.platform.clientId,
    })
    for (const [name, value] of Object.entries(change)) {
      if (name === 'repeat') params.append(value, f.platform.issuer)
      else if (value === '') params.delete(name)
      else params.set(name, value)
    }
    const response = await f.tool.handle(new Request(`${f.tool.urls.login}?${params.toString()}`))
    expect(await errorCodeOf(response)).toBe(code)
  })

  it('accepts an http issuer on loopback only with the development opt-in', async () => {
    const login = (issuer: string, dangerouslyAllowInsecureLoopback: boolean) =>
      createFixture({ tool: { dangerouslyAllowInsecureLoopback } }).then((f) => {
        const params = new URLSearchParams({
          iss: issuer,
          login_hint: 'hint',
          target_link_uri: f.tool.urls.launch,
        })
        return f.tool.handle(new Request(`${f.tool.urls.login}?${params.toString()}`))
      })
    const local = 'http://localhost:3000'
    expect(await errorCodeOf(await login(local, false))).toBe('ERR_LTI_LOGIN_ISSUER_NOT_HTTPS')
    // Past the issuer check: this fixture has no registration for it.
    const allowed = await errorCodeOf(await login(local, true))
    expect(allowed).not.toBe('ERR_LTI_LOGIN_ISSUER_NOT_HTTPS')
    expect(allowed).toMatch(/^ERR_LTI_/)
    const remote = await login('http://lms.example.test', true)
    expect(await errorCodeOf(remote)).toBe('ERR_LTI_LOGIN_ISSUER_NOT_HTTPS')
  })

  it('refuses a login posted with another media type', async () => {
    const f = await loginFixture()
    const response = await f.tool.handle(
      new Request(f.tool.urls.login, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    expect(await errorCodeOf(response)).toBe('ERR_LTI_UNSUPPORTED_MEDIA_TYPE')
  })

  it('uses platform storage when offered: stores the binding by postMessage, to the platform origin only', async () => {
    const f = await loginFixture()
    const response = await f.login({ targetLinkUri: f.tool.urls.launch, storageTarget: '_parent' })
    const html = await response.text()
    const auth = new URL(attributeById(html, 'ltihub-continue', 'href') ?? '')
    const state = auth.searchParams.get('state') ?? ''
    expect(auth.searchParams.get('lti_storage_target')).toBe('_parent')
    expect(html).toContain(`"key":"lti_state_${state}"`)
    expect(html).toContain('"platformOrigin":"https://lms.example.test"')
    expect(html).toContain("subject: 'lti.put_data'")
    const record = await f.ports.launchStates.find(state, f.clock())
    expect(record?.storageTarget).toBe('_parent')
  })

  it('ignores a storage target that is not a frame name, and keeps the binding out of the page', async () => {
    const f = await loginFixture()
    const response = await f.login({
      targetLinkUri: f.tool.urls.launch,
      storageTarget: '"><script>',
    })
    const html = await response.text()
    expect(html).not.toContain('<script>"')
    expect(html).toContain('"storageTarget":null')
    expect(html).toContain('"binding":null')
  })

  it('offers the same login in a new window for browsers that block third-party cookies', async () => {
    const f = await loginFixture()
    const response = await f.login({
      targetLinkUri: f.tool.urls.launch,
      messageHint: 'm1',
      deploymentId: 'd1',
    })
    const link = new URL(
      attributeById(await response.text(), 'ltihub-new-window-link', 'href') ?? '',
    )
    expect(link.origin + link.pathname).toBe(f.tool.urls.login)
    expect(Object.fromEntries(link.searchParams)).toEqual({
      iss: f.platform.issuer,
      login_hint: 'user-hint-1',
      target_link_uri: f.tool.urls.launch,
      lti_message_hint: 'm1',
      client_id: f.platform.clientId,
      lti_deployment_id: 'd1',
    })
  })
})
