import { describe, expect, it } from 'vitest'
import type { DynamicRegistrationOptions, RegistrationAdmission } from '../config.js'
import { createFixture, type Fixture } from '../testing/fixture.js'
import { errorCodeOf } from '../testing/flows.js'

function initiation(f: Fixture, params: Record<string, string>): Request {
  const url = new URL(f.tool.urls.register)
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value)
  return new Request(url)
}

/** Answers a request for a host the test scripts (a hostile platform, a slow one...). */
type Route = (request: Request) => Response | Promise<Response>

/**
 * A fixture whose tool has not registered the test platform yet. `elsewhere.example` serves the
 * test platform's configuration too (for the issuer check), `routes` script other hosts, and
 * every URL the tool fetches is recorded.
 */
async function unregistered(
  routes: Record<string, Route> = {},
  dynamicRegistration: DynamicRegistrationOptions = {},
) {
  const late: { platform?: Fixture['platform'] } = {}
  const fetched: string[] = []
  const f = await createFixture({
    tool: {
      fetch: (input, init) => {
        const request = new Request(input, init)
        fetched.push(request.url)
        const { platform } = late
        if (platform === undefined) throw new Error('no platform yet')
        const { host } = new URL(request.url)
        const route = routes[host]
        if (route !== undefined) return Promise.resolve(route(request))
        if (host === 'unreachable.example') return Promise.reject(new TypeError('fetch failed'))
        return host === 'elsewhere.example' ? platform.handle(request) : platform.fetch(request)
      },
      dynamicRegistration,
    },
  })
  late.platform = f.platform
  for (const registration of f.ports.registrations.all()) {
    f.ports.registrations.remove(registration.id)
  }
  return { f, fetched }
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })

/** A well-formed configuration of `issuer` whose endpoints the test chooses. */
function configuration(issuer: string, endpoints: Record<string, string> = {}) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    token_endpoint: `${issuer}/token`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    jwks_uri: `${issuer}/jwks`,
    registration_endpoint: `${issuer}/register`,
    scopes_supported: ['openid'],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    'https://purl.imsglobal.org/spec/lti-platform-configuration': {
      product_family_code: 'evil',
      version: '1',
      messages_supported: [{ type: 'LtiResourceLinkRequest' }],
    },
    ...endpoints,
  }
}

describe('Dynamic Registration (tool side)', () => {
  it('registers with the platform, stores it with pending deployments, and asks the platform to close', async () => {
    const { f } = await unregistered()
    const response = await f.tool.handle(
      initiation(f, {
        openid_configuration: f.platform.urls.openidConfiguration,
        registration_token: 'registration-token-1',
      }),
    )
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('org.imsglobal.lti.close')
    expect(html).toContain('window.opener')
    expect(response.headers.get('cross-origin-opener-policy')).toBe('unsafe-none')
    const [sent] = f.platform.toolRegistrations
    expect(sent).toMatchObject({
      initiate_login_uri: f.tool.urls.login,
      redirect_uris: [f.tool.urls.launch],
      jwks_uri: f.tool.urls.jwks,
      client_name: 'Test tool',
      token_endpoint_auth_method: 'private_key_jwt',
      scope: [
        'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
        'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      ].join(' '),
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: 'tool.example.com',
        target_link_uri: f.tool.urls.launch,
      },
    })
    const stored = await f.ports.registrations.find(f.platform.issuer, f.platform.clientId)
    expect(stored).toMatchObject({
      name: 'testlms (lms.example.test)',
      authLoginUrl: f.platform.urls.auth,
      authTokenUrl: f.platform.urls.token,
      jwksUrl: f.platform.urls.jwks,
      deploymentPolicy: 'pending',
      lmsIdPrefix: 'lms.example.test',
      enabled: true,
    })
    expect(
      await f.ports.registrations.findDeployment(stored?.id ?? '', 'deployment-1'),
    ).toMatchObject({
      status: 'pending',
    })
    // Nobody launches before an administrator approved the deployment.
    const { response: launch } = await f.launch13({ custom: { course: 'SAFE-101' } })
    expect(await errorCodeOf(launch)).toBe('ERR_LTI_DEPLOYMENT_PENDING')
  })

  it('a re-registration keeps what an administrator decided about the platform', async () => {
    const { f } = await unregistered()
    const decided = await f.ports.registrations.upsert({
      ...f.platform.registration(),
      name: 'Partner LMS',
      jwksUrl: 'https://lms.example.test/old-jwks',
      deploymentPolicy: 'accept',
      lmsIdPrefix: 'partner',
      enabled: false,
    })
    const response = await f.tool.handle(
      initiation(f, {
        openid_configuration: f.platform.urls.openidConfiguration,
        registration_token: 'registration-token-1',
      }),
    )
    expect(response.status).toBe(200)
    expect(await f.ports.registrations.get(decided.id)).toMatchObject({
      name: 'Partner LMS',
      jwksUrl: f.platform.urls.jwks,
      deploymentPolicy: 'accept',
      lmsIdPrefix: 'partner',
      enabled: false,
    })
  })

  it.each([
    ['no openid_configuration', {}, 'ERR_LTI_DR_INVALID_INITIATION'],
    [
      'an http openid_configuration',
      { openid_configuration: 'http://lms.example.test/.well-known/openid-configuration' },
      'ERR_LTI_DR_INVALID_INITIATION',
    ],
    [
      'a configuration served from another host than its issuer',
      { openid_configuration: 'https://elsewhere.example/.well-known/openid-configuration' },
      'ERR_LTI_DR_ISSUER_MISMATCH',
    ],
    [
      'a registration token the platform refuses',
      {
        openid_configuration: 'https://lms.example.test/.well-known/openid-configuration',
        registration_token: 'stale',
      },
      'ERR_LTI_UPSTREAM_UNAUTHORIZED',
    ],
    [
      'a platform that cannot be reached',
      { openid_configuration: 'https://unreachable.example/.well-known/openid-configuration' },
      'ERR_LTI_UPSTREAM_UNAVAILABLE',
    ],
  ])('shows an error page for %s, and stores nothing', async (_name, params, code) => {
    const { f } = await unregistered()
    const response = await f.tool.handle(initiation(f, params))
    expect(await errorCodeOf(response)).toBe(code)
    expect(f.ports.registrations.all()).toHaveLength(0)
  })

  it.each([
    'https://127.0.0.1/.well-known/openid-configuration',
    'https://localhost/.well-known/openid-configuration',
    'https://api.localhost./.well-known/openid-configuration',
    'https://0x7f000001/.well-known/openid-configuration',
    'https://10.0.0.8/.well-known/openid-configuration',
    'https://172.20.1.1/.well-known/openid-configuration',
    'https://192.168.1.1:8443/.well-known/openid-configuration',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/x',
    'https://0.0.0.0/x',
    'https://[::1]/x',
    'https://[fd00::1]/x',
    'https://[fe80::1]/x',
    'https://[::ffff:10.0.0.1]/x',
    'https://[::ffff:7f00:1]/x',
    'https://[64:ff9b::a9fe:a9fe]/x',
    'https://224.0.0.1/x',
  ])('refuses to fetch %s (ERR_LTI_DR_ADDRESS_REFUSED) and calls nothing', async (url) => {
    const { f, fetched } = await unregistered()
    const response = await f.tool.handle(initiation(f, { openid_configuration: url }))
    expect(response.status).toBe(400)
    expect(await errorCodeOf(response)).toBe('ERR_LTI_DR_ADDRESS_REFUSED')
    // The refused address stays in the log, never on the page.
    expect(await response.text()).not.toContain(new URL(url).hostname)
    expect(fetched).toEqual([])
  })

  it('refuses a name that resolves to a private address, when the host can resolve names', async () => {
    const resolveHost = (host: string) =>
      Promise.resolve(
        host === 'intranet.example' ? ['93.184.216.34', '10.1.2.3'] : ['2001:4860::1'],
      )
    const { f, fetched } = await unregistered({}, { resolveHost })
    const refused = await f.tool.handle(
      initiation(f, { openid_configuration: 'https://intranet.example/.well-known/x' }),
    )
    expect(await errorCodeOf(refused)).toBe('ERR_LTI_DR_ADDRESS_REFUSED')
    expect(fetched).toEqual([])
    const unresolvable = await unregistered({}, { resolveHost: () => Promise.resolve([]) })
    const none = await unresolvable.f.tool.handle(
      initiation(unresolvable.f, { openid_configuration: 'https://lms.example.test/x' }),
    )
    expect(await errorCodeOf(none)).toBe('ERR_LTI_DR_ADDRESS_REFUSED')
    // Names that resolve to public addresses register as usual.
    const ok = await f.tool.handle(
      initiation(f, {
        openid_configuration: f.platform.urls.openidConfiguration,
        registration_token: 'registration-token-1',
      }),
    )
    expect(ok.status).toBe(200)
  })

  it.each([
    ['registration_endpoint', 'https://10.0.0.5/register'],
    ['token_endpoint', 'https://169.254.169.254/token'],
    ['jwks_uri', 'https://[::1]/jwks'],
  ])(
    'refuses a configuration whose %s is a private address, before registering',
    async (field, value) => {
      const issuer = 'https://evil.example'
      const { f, fetched } = await unregistered({
        'evil.example': () => json(configuration(issuer, { [field]: value })),
      })
      const response = await f.tool.handle(
        initiation(f, { openid_configuration: `${issuer}/.well-known/openid-configuration` }),
      )
      expect(await errorCodeOf(response)).toBe('ERR_LTI_DR_ADDRESS_REFUSED')
      expect(fetched).toEqual([`${issuer}/.well-known/openid-configuration`])
      expect(f.ports.registrations.all()).toHaveLength(0)
    },
  )

  it('never follows a redirect, and refuses an oversize or non-JSON configuration', async () => {
    const { f, fetched } = await unregistered({
      'redirect.example': () =>
        new Response(null, {
          status: 302,
          headers: { location: 'https://169.254.169.254/latest/meta-data/' },
        }),
      'big.example': () =>
        json({ ...configuration('https://big.example'), pad: 'x'.repeat(300_000) }),
      'html.example': () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
    })
    for (const host of ['redirect.example', 'big.example', 'html.example']) {
      const response = await f.tool.handle(
        initiation(f, { openid_configuration: `https://${host}/.well-known/openid-configuration` }),
      )
      expect(await errorCodeOf(response)).toBe('ERR_LTI_UPSTREAM_INVALID_RESPONSE')
    }
    expect(fetched.some((url) => url.includes('169.254'))).toBe(false)
    expect(f.ports.registrations.all()).toHaveLength(0)
  })

  it('gives up on a platform that does not answer, or trickles its answer (ERR_LTI_DR_TIMEOUT)', async () => {
    const never = (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason as Error))
      })
    const trickle = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode('{"issuer":')),
        }),
        { headers: { 'content-type': 'application/json' } },
      )
    const { f } = await unregistered(
      { 'slow.example': never, 'trickle.example': trickle },
      { timeoutMs: 1 },
    )
    for (const host of ['slow.example', 'trickle.example']) {
      const response = await f.tool.handle(
        initiation(f, { openid_configuration: `https://${host}/.well-known/openid-configuration` }),
      )
      expect(response.status).toBe(504)
      expect(await errorCodeOf(response)).toBe('ERR_LTI_DR_TIMEOUT')
    }
  })
})

describe('Dynamic Registration admission (the host decides whether the page registers now)', () => {
  const valid = (f: Fixture) =>
    initiation(f, {
      openid_configuration: f.platform.urls.openidConfiguration,
      registration_token: 'registration-token-1',
    })

  it.each([
    ['closed', 403, 'ERR_LTI_DR_CLOSED'],
    ['full', 429, 'ERR_LTI_DR_TOO_MANY_PENDING'],
  ] as const)(
    'when %s: an error page with its code, no call to the platform, nothing stored',
    async (admission, status, code) => {
      const { f, fetched } = await unregistered({}, { admission: async () => admission })
      const response = await f.tool.handle(valid(f))
      expect(response.status).toBe(status)
      expect(await errorCodeOf(response)).toBe(code)
      expect(fetched).toEqual([])
      expect(f.ports.registrations.all()).toHaveLength(0)
    },
  )

  it('is asked again before storing: a page that filled up meanwhile stores nothing', async () => {
    const answers: RegistrationAdmission[] = ['open', 'full']
    const { f } = await unregistered({}, { admission: async () => answers.shift() ?? 'open' })
    const response = await f.tool.handle(valid(f))
    expect(await errorCodeOf(response)).toBe('ERR_LTI_DR_TOO_MANY_PENDING')
    expect(f.platform.toolRegistrations).toHaveLength(1)
    expect(f.ports.registrations.all()).toHaveLength(0)
  })

  it('registers when open', async () => {
    const { f } = await unregistered({}, { admission: async () => 'open' })
    expect((await f.tool.handle(valid(f))).status).toBe(200)
    expect(f.ports.registrations.all()).toHaveLength(1)
  })
})
