import { buildOutcomeRequest } from '@ltihub/core'
import { afterEach, describe, expect, it } from 'vitest'
import type { SettingName } from '../../config/index.js'
import { redisSkipReason, testRedisPrefix, testRedisUrl } from '../../testing/redis.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createApplication } from '../connections/application-repository.js'
import { createConnection } from '../connections/connection-repository.js'
import { ROUTES } from '../platform-lti/urls.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import { publish, setUpTool, toolAddress } from '../tool-lti/testing/flow.js'
import { TestPlatform } from '../tool-lti/testing/test-platform.js'

type Env = Partial<Record<SettingName, string>>

const redisSkip = await redisSkipReason()

let server: TestServer | undefined
let platform: TestPlatform | undefined
afterEach(async () => {
  await server?.close()
  await platform?.close()
  server = undefined
  platform = undefined
})

async function start(env: Env): Promise<TestServer> {
  server = await startTestServer({ env })
  return server
}

/** Sends `count` requests one after the other; resolves their statuses. */
async function statuses(count: number, send: (i: number) => Promise<Response>) {
  const result: number[] = []
  for (let i = 0; i < count; i += 1) {
    const response = await send(i)
    await response.arrayBuffer()
    result.push(response.status)
  }
  return result
}

async function expectRefusal(response: Response, type: string): Promise<string> {
  expect(response.status).toBe(429)
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(response.headers.get('content-type')).toContain(type)
  const body = await response.text()
  expect(body).toContain('ERR_LTI_RATE_LIMITED')
  return body
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
})

describe('console sign-in', () => {
  it('refuses a fourth sign-in post from one address with an HTML page', async () => {
    const s = await start({ LTIHUB_DEMO: 'true', RATE_LIMIT_SIGN_IN: '3/1m' })
    const send = () => fetch(`${s.url}/console/sign-in/demo`, form({ identity: 'nobody' }))
    expect(await statuses(3, send)).toEqual([303, 303, 303])
    const body = await expectRefusal(await send(), 'text/html')
    expect(body).toContain('Too many attempts')
    // Other console pages and the sign-in page itself are not limited.
    expect((await fetch(`${s.url}/console/sign-in`)).status).toBe(200)
  })

  it('counts password attempts on one account across addresses (behind a proxy)', async () => {
    const s = await start({ TRUST_PROXY: 'true', RATE_LIMIT_SIGN_IN_ACCOUNT: '2/1m' })
    const send = (email: string, i: number) =>
      fetch(
        `${s.url}/console/sign-in/password`,
        form({ email, password: 'a guess' }, { 'x-forwarded-for': `198.51.100.${i + 1}` }),
      )
    expect(await statuses(2, (i) => send('Ada@Example.test', i))).not.toContain(429)
    const page = await expectRefusal(await send('ada@example.test ', 7), 'text/html')
    expect(page).toContain('Too many attempts')
    expect((await send('alan@example.test', 8)).status).not.toBe(429)
  })
})

describe('single sign-on', () => {
  it('limits the OIDC start and callback per address with a console page', async () => {
    // The SSO feature's real callback: a callback without its sign-in flow is a console 400 page,
    // and each attempt counts all the same.
    server = await startTestServer({ env: { RATE_LIMIT_OIDC_CALLBACK: '2/1m' } })
    const send = () =>
      fetch(`${server!.url}/console/sign-in/oidc/school/callback?code=x&state=y`, {
        redirect: 'manual',
      })
    expect(await statuses(2, send)).toEqual([400, 400])
    const page = await expectRefusal(await send(), 'text/html')
    expect(page).toContain('Too many attempts')
  })
})

describe('platform endpoints', () => {
  it('answers the token endpoint with the OAuth JSON error past the limit', async () => {
    const s = await start({ LTIHUB_ROLES: 'platform', RATE_LIMIT_TOKEN: '3/1m' })
    const send = () => fetch(`${s.url}${ROUTES.token}`, form({ grant_type: 'client_credentials' }))
    expect(await statuses(3, send)).toEqual([400, 400, 400])
    const refused = await send()
    const body = JSON.parse(await expectRefusal(refused, 'application/json')) as unknown
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
      code: 'ERR_LTI_RATE_LIMITED',
    })
  })

  it('refuses the authorization endpoint per address with a page, other addresses still pass', async () => {
    const s = await start({
      LTIHUB_ROLES: 'platform',
      TRUST_PROXY: 'true',
      RATE_LIMIT_AUTHORIZE: '2/1m',
    })
    const send = (address: string) =>
      fetch(`${s.url}${ROUTES.authorize}?scope=openid`, {
        headers: { 'x-forwarded-for': address },
        redirect: 'manual',
      })
    expect(await statuses(2, () => send('203.0.113.1'))).not.toContain(429)
    await expectRefusal(await send('203.0.113.1'), 'text/html')
    expect((await send('203.0.113.2')).status).not.toBe(429)
  })

  it('limits Dynamic Registration on the platform with problem+json', async () => {
    const s = await start({ LTIHUB_ROLES: 'platform', RATE_LIMIT_REGISTRATION: '2/1m' })
    const send = () =>
      fetch(`${s.url}${ROUTES.registration}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    expect(await statuses(2, send)).not.toContain(429)
    const problem = JSON.parse(await expectRefusal(await send(), 'application/problem+json'))
    expect(problem).toMatchObject({ status: 429, code: 'ERR_LTI_RATE_LIMITED' })
  })
})

describe('tool endpoints', () => {
  it('limits login initiation and the registration page per address', async () => {
    const s = await start({
      LTIHUB_ROLES: 'tool',
      RATE_LIMIT_TOOL_LOGIN: '2/1m',
      RATE_LIMIT_REGISTRATION: '1/1m',
    })
    const login = () => fetch(`${s.url}/tool/lti/login?iss=x`, { redirect: 'manual' })
    expect(await statuses(2, login)).not.toContain(429)
    await expectRefusal(await login(), 'text/html')
    const register = () => fetch(`${s.url}/tool/lti/register`, { redirect: 'manual' })
    expect((await register()).status).not.toBe(429)
    await expectRefusal(await register(), 'text/html')
    // The JWKS shares the wildcard route but is not limited.
    expect((await fetch(`${s.url}/tool/lti/jwks`)).status).toBe(200)
  })

  it('counts only wrong LTI 1.1 launch signatures, per consumer key and address', async () => {
    const s = await start({
      LTIHUB_ROLES: 'tool',
      TRUST_PROXY: 'true',
      RATE_LIMIT_LTI11_BAD_SIGNATURE: '3/1m',
    })
    platform = await TestPlatform.start(`${s.url}/tool/lti/jwks`)
    const world = await setUpTool(s.context, platform)
    await publish(s.context, world)
    const tool = toolAddress(s)
    const launch = async (secret: string, address: string, consumerKey?: string) => {
      const signed = await platform!.lti11Launch({
        launchUrl: `${tool.publicBase}/tool/lti/launch`,
        user: { id: 'u-1', givenName: 'Ada', familyName: 'Lovelace', email: 'a@example.test' },
        custom: { course: DEMO_COURSE_EXTERNAL_ID },
        secret,
        ...(consumerKey === undefined ? {} : { consumerKey }),
      })
      return fetch(`${s.url}/tool/lti/launch`, {
        method: 'POST',
        body: signed.body,
        headers: { 'x-forwarded-for': address },
        redirect: 'manual',
      })
    }
    const good = platform.consumer.secret
    // Correct launches never count.
    expect(await statuses(4, () => launch(good, '192.0.2.1'))).toEqual([303, 303, 303, 303])
    expect(await statuses(3, () => launch('wrong', '192.0.2.1'))).toEqual([401, 401, 401])
    const page = await expectRefusal(await launch('wrong', '192.0.2.1'), 'text/html')
    expect(page).toContain('id="ltihub-error-code">ERR_LTI_RATE_LIMITED')
    // The key is refused from that address even with the right secret, until the window ends;
    await expectRefusal(await launch(good, '192.0.2.1'), 'text/html')
    // another address still launches, and another key from the limited address is counted apart.
    expect((await launch(good, '192.0.2.2')).status).toBe(303)
    expect((await launch('wrong', '192.0.2.1', 'other-key')).status).toBe(401)
  })

  it('stops one address trying many consumer keys', async () => {
    const s = await start({
      LTIHUB_ROLES: 'tool',
      RATE_LIMIT_LTI11_BAD_SIGNATURE_ADDRESS: '2/1m',
    })
    platform = await TestPlatform.start(`${s.url}/tool/lti/jwks`)
    await setUpTool(s.context, platform)
    const tool = toolAddress(s)
    const launch = async () => {
      const signed = await platform!.lti11Launch({
        launchUrl: `${tool.publicBase}/tool/lti/launch`,
        user: { id: 'u-1', givenName: 'Ada', familyName: 'Lovelace', email: 'a@example.test' },
        secret: 'wrong',
      })
      return fetch(`${s.url}/tool/lti/launch`, { method: 'POST', body: signed.body })
    }
    expect(await statuses(2, launch)).toEqual([401, 401])
    await expectRefusal(await launch(), 'text/html')
  })
})

describe('Basic Outcomes', () => {
  it('refuses a consumer key after wrong signatures with a POX failure; right ones pass', async () => {
    const s = await start({
      LTIHUB_ROLES: 'platform',
      TRUST_PROXY: 'true',
      RATE_LIMIT_LTI11_BAD_SIGNATURE: '2/1m',
    })
    const { db, cipher } = s.context
    const now = s.context.clock()
    const applicationId = await createApplication(db, {
      partnerId: null,
      defaults: {
        name: 'Old tool',
        description: '',
        launchUrl: 'https://tool.example.test/launch',
        supportedTypes: ['learning-tool', 'score-passback'],
        ltiVersions: ['1.1'],
        customParameters: {},
        transferEmail: true,
      },
      now,
    })
    await createConnection(db, cipher, {
      applicationId,
      draft: {
        name: 'Old tool',
        status: 'active',
        launchUrl: 'https://tool.example.test/launch',
        transferEmail: true,
        sendName: true,
        types: ['learning-tool', 'score-passback'],
        learningToolsList: { student: true, parent: false },
        customParameters: {},
        lti11: { consumerKey: 'old-key', secret: 'old-secret-0123456789' },
        schoolIds: [],
      },
      issuer: s.config.publicUrl,
      now,
    })
    const send = async (secret: string, address: string) => {
      const signed = await buildOutcomeRequest({
        serviceUrl: `${s.config.publicUrl}${ROUTES.outcomes}`,
        consumerKey: 'old-key',
        secret,
        operation: { operation: 'readResult', sourcedId: 'unknown' },
        dangerouslyAllowHttp: true,
      })
      const headers = new Headers(signed.headers)
      headers.set('x-forwarded-for', address)
      return fetch(`${s.url}${ROUTES.outcomes}`, {
        method: 'POST',
        headers,
        body: await signed.arrayBuffer(),
      })
    }
    expect((await send('old-secret-0123456789', '192.0.2.1')).status).toBe(200)
    expect(await statuses(2, () => send('guess', '192.0.2.1'))).toEqual([401, 401])
    const pox = await expectRefusal(await send('guess', '192.0.2.1'), 'application/xml')
    expect(pox).toContain('<imsx_codeMajor>failure</imsx_codeMajor>')
    expect((await send('old-secret-0123456789', '192.0.2.9')).status).toBe(200)
  })
})

describe('REST API', () => {
  it('counts per bearer token, then per session or address', async () => {
    const s = await start({ LTIHUB_ROLES: 'platform', RATE_LIMIT_API: '2/1m' })
    const call = (headers: Record<string, string>) =>
      fetch(`${s.url}/api/platform/applications`, { headers })
    const first = { authorization: 'Bearer token-one' }
    expect(await statuses(2, () => call(first))).not.toContain(429)
    const problem = JSON.parse(await expectRefusal(await call(first), 'application/problem+json'))
    expect(problem).toMatchObject({ status: 429, code: 'ERR_LTI_RATE_LIMITED' })
    expect((await call({ authorization: 'Bearer token-two' })).status).not.toBe(429)
    // Without a token: the session cookie, else the address, has its own counter.
    expect(await statuses(2, () => call({}))).not.toContain(429)
    expect((await call({})).status).toBe(429)
    expect((await call({ cookie: `${s.context.sessions.cookieName}=abc` })).status).not.toBe(429)
  })

  it('gives each API token its own allowance', async () => {
    server = await startTestServer({
      env: { RATE_LIMIT_API: '3/1m' },
      extraFeatures: [testSignInFeature],
    })
    const s = server
    const cookie = await signInAs(s.url, { id: 'rl-admin', name: 'Ada', roles: ['administrator'] })
    const newToken = async (name: string) => {
      const response = await fetch(`${s.url}/console/account/api-tokens`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name, expires: '30', scopes: 'platform:read' }),
      })
      return /lth_[\w-]{43}/.exec(await response.text())?.[0] ?? ''
    }
    const [first, second] = [await newToken('Export'), await newToken('Sync')]
    const call = (token: string) =>
      fetch(`${s.url}/api/platform/schools`, { headers: { authorization: `Bearer ${token}` } })
    expect(await statuses(3, () => call(first))).toEqual([200, 200, 200])
    await expectRefusal(await call(first), 'application/problem+json')
    expect((await call(second)).status).toBe(200)
    // The console session calling the API is counted on its own too.
    const bySession = () => fetch(`${s.url}/api/platform/schools`, { headers: { cookie } })
    expect(await statuses(3, bySession)).toEqual([200, 200, 200])
    expect((await bySession()).status).toBe(429)
  })

  it('leaves counters out of the log and the database in clear', async () => {
    const s = await start({
      LTIHUB_ROLES: 'platform',
      RATE_LIMIT_API: '1/1m',
      RATE_LIMIT_STORE: 'database',
    })
    const call = () =>
      fetch(`${s.url}/api/platform/applications`, {
        headers: { authorization: 'Bearer secret-bearer-value' },
      })
    await call()
    expect((await call()).status).toBe(429)
    const keys = await s.context.db.selectFrom('rate_limit_counters').select('key').execute()
    expect(keys).toHaveLength(1)
    expect(keys[0]?.key).toMatch(/^api:[\w-]{43}$/)
    expect(s.logText()).not.toContain('secret-bearer-value')
  })
})

describe.skipIf(redisSkip !== undefined)('counters in Redis', () => {
  const others: TestServer[] = []
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close()
  })

  it('are shared by two servers with REDIS_URL', async () => {
    const env: Env = {
      LTIHUB_ROLES: 'platform',
      REDIS_URL: testRedisUrl(),
      RATE_LIMIT_REDIS_PREFIX: testRedisPrefix(),
      RATE_LIMIT_TOKEN: '4/1m',
    }
    const first = await start(env)
    const second = await startTestServer({ env })
    others.push(second)
    expect(first.context.config.rateLimits.store).toBe('redis')
    const send = (i: number) =>
      fetch(`${(i % 2 === 0 ? first : second).url}${ROUTES.token}`, form({ grant_type: 'x' }))
    expect(await statuses(6, send)).toEqual([400, 400, 400, 400, 429, 429])
  })
})
