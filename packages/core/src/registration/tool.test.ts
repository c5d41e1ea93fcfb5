import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { isLtiError } from '../errors/lti-error.js'
import { isUpstreamError } from '../paging/upstream-error.js'
import { registrationCloseHtml, registrationCloseScript } from './close.js'
import { platformConfigurationSchema, toolRegistrationSchema } from './schema.js'
import {
  buildOpenIdConfigurationRequest,
  buildRegistrationRequest,
  parseRegistrationInitiation,
  processOpenIdConfigurationResponse,
  processRegistrationResponse,
} from './tool.js'
import { DR_KEY } from './uris.js'
import examples from './vectors/dr-examples.json' with { type: 'json' }

const CONFIG_URL = 'https://server.example.com/.well-known/openid-configuration'
const PLATFORM = DR_KEY.platformConfiguration
const configuration = examples.platformConfiguration

async function failure(
  run: () => Promise<unknown>,
): Promise<{ code: string; claim: string | undefined }> {
  const error: unknown = await run().catch((e: unknown) => e)
  if (isLtiError(error)) return { code: error.code, claim: error.claim }
  throw new Error(`expected an LtiError, got ${String(error)}`)
}

describe('parseRegistrationInitiation', () => {
  const initiation = (query: string) => `https://tool.example/register?lang=en&${query}`

  it('reads openid_configuration and the optional registration_token', () => {
    expect(
      parseRegistrationInitiation(
        initiation(
          `openid_configuration=${encodeURIComponent(CONFIG_URL)}&registration_token=tok.1`,
        ),
      ),
    ).toEqual({
      openidConfiguration: CONFIG_URL,
      registrationToken: 'tok.1',
    })
    expect(
      parseRegistrationInitiation(
        new URL(initiation(`openid_configuration=${encodeURIComponent(CONFIG_URL)}`)),
      ),
    ).toEqual({
      openidConfiguration: CONFIG_URL,
    })
  })

  it.each([
    ['no openid_configuration', 'registration_token=t', 'openid_configuration'],
    [
      'two openid_configuration',
      `openid_configuration=${CONFIG_URL}&openid_configuration=${CONFIG_URL}`,
      'openid_configuration',
    ],
    [
      'an http configuration URL',
      'openid_configuration=http%3A%2F%2Fserver.example.com%2Fc',
      'openid_configuration',
    ],
    ['a relative configuration URL', 'openid_configuration=%2Fconfig', 'openid_configuration'],
    [
      'two tokens',
      `openid_configuration=${CONFIG_URL}&registration_token=a&registration_token=b`,
      'registration_token',
    ],
    [
      'a token with a space',
      `openid_configuration=${CONFIG_URL}&registration_token=a%20b`,
      'registration_token',
    ],
    [
      'an empty token',
      `openid_configuration=${CONFIG_URL}&registration_token=`,
      'registration_token',
    ],
    [
      'an oversize token',
      `openid_configuration=${CONFIG_URL}&registration_token=${'t'.repeat(8193)}`,
      'registration_token',
    ],
  ])('refuses %s (ERR_LTI_DR_INVALID_INITIATION)', async (_name, query, claim) => {
    expect(await failure(async () => parseRegistrationInitiation(initiation(query)))).toEqual({
      code: 'ERR_LTI_DR_INVALID_INITIATION',
      claim,
    })
  })

  it('allows a loopback http configuration URL only with the opt-in', () => {
    const url = initiation('openid_configuration=http%3A%2F%2Flocalhost%3A4000%2Fc')
    expect(() => parseRegistrationInitiation(url)).toThrow(
      expect.objectContaining({ code: 'ERR_LTI_DR_INVALID_INITIATION' }),
    )
    expect(
      parseRegistrationInitiation(url, { dangerouslyAllowInsecureLoopback: true })
        .openidConfiguration,
    ).toBe('http://localhost:4000/c')
  })

  it('reads back any bearer token the platform adds', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x21-\x7E]{1,200}$/), (token) => {
        const url = new URL('https://tool.example/register')
        url.searchParams.set('openid_configuration', CONFIG_URL)
        url.searchParams.set('registration_token', token)
        expect(parseRegistrationInitiation(url).registrationToken).toBe(token)
      }),
    )
  })
})

describe('OpenID configuration discovery', () => {
  it('GETs the configuration with the registration token as bearer', () => {
    const request = buildOpenIdConfigurationRequest({
      openidConfiguration: CONFIG_URL,
      registrationToken: 'tok',
    })
    expect(request.url).toBe(CONFIG_URL)
    expect(request.headers.get('accept')).toBe('application/json')
    expect(request.headers.get('authorization')).toBe('Bearer tok')
    expect(
      buildOpenIdConfigurationRequest({ openidConfiguration: CONFIG_URL }).headers.has(
        'authorization',
      ),
    ).toBe(false)
  })

  const process = (body: unknown, options = {}) =>
    processOpenIdConfigurationResponse(Response.json(body), {
      openidConfigurationUrl: CONFIG_URL,
      ...options,
    })

  it('reads the example configuration', async () => {
    expect(await process(configuration)).toEqual(platformConfigurationSchema.parse(configuration))
  })

  it('tolerates the trailing-space key and Moodle string messages_supported', async () => {
    const { [PLATFORM]: lti, ...rest } = configuration
    const quirky = {
      ...rest,
      [`${PLATFORM} `]: { ...lti, messages_supported: examples.quirks.moodleLegacyMessages },
    }
    const parsed = await process(quirky)
    expect(parsed[PLATFORM].messages_supported).toEqual([
      { type: 'LtiResourceLinkRequest' },
      { type: 'LtiDeepLinkingRequest' },
    ])
  })

  it.each([
    [
      'no registration_endpoint',
      { ...configuration, registration_endpoint: undefined },
      'registration_endpoint',
    ],
    [
      'no LTI platform configuration',
      { ...configuration, [PLATFORM]: undefined },
      `["${PLATFORM}"]`,
    ],
    [
      'no product_family_code',
      {
        ...configuration,
        [PLATFORM]: { ...configuration[PLATFORM], product_family_code: undefined },
      },
      `["${PLATFORM}"].product_family_code`,
    ],
    [
      'an http token endpoint',
      { ...configuration, token_endpoint: 'http://server.example.com/token' },
      'token_endpoint',
    ],
    ['an http issuer', { ...configuration, issuer: 'http://server.example.com' }, 'issuer'],
    ['a javascript: JWKS', { ...configuration, jwks_uri: 'javascript:alert(1)' }, 'jwks_uri'],
    ['an array body', [configuration], undefined],
  ])('refuses %s (ERR_LTI_DR_INVALID_PLATFORM_CONFIGURATION)', async (_name, body, claim) => {
    expect(await failure(() => process(body))).toEqual({
      code: 'ERR_LTI_DR_INVALID_PLATFORM_CONFIGURATION',
      claim,
    })
  })

  it('refuses an issuer on another host than the configuration URL, unless the admin accepts that issuer', async () => {
    const elsewhere = { ...configuration, issuer: 'https://lms.example.edu' }
    expect(await failure(() => process(elsewhere))).toEqual({
      code: 'ERR_LTI_DR_ISSUER_MISMATCH',
      claim: 'issuer',
    })
    expect((await process(elsewhere, { acceptIssuer: 'https://lms.example.edu' })).issuer).toBe(
      'https://lms.example.edu',
    )
    expect(
      await failure(() => process(configuration, { acceptIssuer: 'https://lms.example.edu' })),
    ).toEqual({
      code: 'ERR_LTI_DR_ISSUER_MISMATCH',
      claim: 'issuer',
    })
  })

  it('maps HTTP failures and non-JSON to UpstreamError', async () => {
    const unauthorized = await processOpenIdConfigurationResponse(
      new Response(null, { status: 401 }),
      { openidConfigurationUrl: CONFIG_URL },
    ).catch((e: unknown) => e)
    expect(
      isUpstreamError(unauthorized) && unauthorized.code === 'ERR_LTI_UPSTREAM_UNAUTHORIZED',
    ).toBe(true)
    const html = new Response('<html>', { headers: { 'content-type': 'text/html' } })
    await expect(
      processOpenIdConfigurationResponse(html, { openidConfigurationUrl: CONFIG_URL }),
    ).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
    })
  })
})

describe('registration request and response', () => {
  const registration = toolRegistrationSchema.parse(examples.toolRegistration)
  const platform = platformConfigurationSchema.parse(configuration)

  it('POSTs the registration as application/json with the token to registration_endpoint', async () => {
    const request = buildRegistrationRequest({
      configuration: platform,
      registration,
      registrationToken: 'tok',
    })
    expect(request.method).toBe('POST')
    expect(request.url).toBe(configuration.registration_endpoint)
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('authorization')).toBe('Bearer tok')
    expect(await request.json()).toEqual(examples.toolRegistration)
    expect(() =>
      buildRegistrationRequest({
        configuration: platform,
        registration: { ...registration, redirect_uris: [] },
      }),
    ).toThrow(TypeError)
  })

  it.each([201, 200])('reads a %i answer with client_id and deployment_id', async (status) => {
    const outcome = await processRegistrationResponse(
      Response.json(examples.registrationResponse, { status }),
    )
    expect(outcome.clientId).toBe('709sdfnjkds12')
    expect(outcome.deploymentId).toBe('8c49a5fa-f955-405e-865f-3d7e959e809f')
  })

  it('tolerates Moodle application_type as an array and a missing deployment_id', async () => {
    const moodle = { client_id: 'c', application_type: examples.quirks.moodleArrayApplicationType }
    expect(await processRegistrationResponse(Response.json(moodle))).toEqual({
      clientId: 'c',
      response: moodle,
    })
  })

  it('refuses an answer without client_id, and keeps the RFC 7591 error of a 400', async () => {
    await expect(processRegistrationResponse(Response.json({ scope: '' }))).rejects.toMatchObject({
      code: 'ERR_LTI_UPSTREAM_INVALID_RESPONSE',
      claim: 'client_id',
    })
    const rejected = Response.json(
      { error: 'invalid_redirect_uri', error_description: 'bad host' },
      { status: 400 },
    )
    const error: unknown = await processRegistrationResponse(rejected).catch((e: unknown) => e)
    expect(isUpstreamError(error) && error.code === 'ERR_LTI_UPSTREAM_REJECTED').toBe(true)
    expect(isUpstreamError(error) ? error.detail : '').toContain(
      'error=invalid_redirect_uri (bad host)',
    )
  })
})

describe('registration close page', () => {
  interface FakeWindow {
    opener: { postMessage: ReturnType<typeof vi.fn> } | null
    parent: unknown
  }
  function run(script: string, window: FakeWindow): void {
    new Function('window', script)(window)
  }

  it('posts {subject: "org.imsglobal.lti.close"} to the opener (popup)', () => {
    const opener = { postMessage: vi.fn() }
    const window: FakeWindow = { opener, parent: null }
    window.parent = window
    run(registrationCloseScript(), window)
    expect(opener.postMessage).toHaveBeenCalledWith({ subject: 'org.imsglobal.lti.close' }, '*')
  })

  it('posts to the parent frame (iframe) with the given origin, and to nobody when top-level', () => {
    const parent = { postMessage: vi.fn() }
    run(registrationCloseScript({ targetOrigin: 'https://lms.example' }), { opener: null, parent })
    expect(parent.postMessage).toHaveBeenCalledWith(
      { subject: 'org.imsglobal.lti.close' },
      'https://lms.example',
    )
    const top: FakeWindow = { opener: null, parent: null }
    top.parent = top
    expect(() => run(registrationCloseScript(), top)).not.toThrow()
  })

  it('refuses a target origin that is not an origin', () => {
    for (const origin of [
      'https://lms.example/path',
      'lms.example',
      'javascript:alert(1)',
      "https://a.example'});alert(1)//",
    ]) {
      expect(() => registrationCloseScript({ targetOrigin: origin })).toThrow(TypeError)
    }
  })

  it('renders an HTML page with escaped text and an optional CSP nonce', () => {
    const html = registrationCloseHtml({ message: '<b>Done</b> & "ok"', nonce: 'abcDEF123456' })
    expect(html).toContain('&lt;b&gt;Done&lt;/b&gt; &amp; &quot;ok&quot;')
    expect(html).toContain('<script nonce="abcDEF123456">')
    expect(html).toContain('org.imsglobal.lti.close')
    expect(() => registrationCloseHtml({ nonce: '"><script>' })).toThrow(TypeError)
  })
})
