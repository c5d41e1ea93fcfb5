import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createSchoolFixture, type SchoolFixture } from '../school/fixture.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { startLoopbackTool, TOOL_KEY, TOOL_SECRET, type LoopbackTool } from './testing-tool.js'

let server: TestServer
let tool: LoopbackTool
let f: SchoolFixture
let admin = ''
let nobody = ''
let appId = ''

const EMAIL_STEP = { check: 'user.email', name: 'Your email address', ok: true, detail: 'present' }

beforeAll(async () => {
  // Development instance (http://localhost PUBLIC_URL): loopback http tools are allowed.
  server = await startTestServer({ extraFeatures: [testSignInFeature] })
  tool = await startLoopbackTool()
  const { publicKey } = await generateKeyPair('RS256', { extractable: true })
  tool.jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }
  f = await createSchoolFixture(server.context.db, Date.now())
  admin = await signInAs(server.url, { id: f.admin.id, name: 'Ada', roles: ['administrator'] })
  // An administrator without a user record (so without an email address).
  nobody = await signInAs(server.url, { id: 'no-record', name: 'Nora', roles: ['administrator'] })
  const created = await post(admin, '/applications', {
    custom: {
      name: 'Loopback Tool',
      launchUrl: `${tool.url}/lti`,
      supportedTypes: ['learning-tool', 'score-passback'],
      ltiVersions: ['1.1', '1.3'],
      transferEmail: true,
    },
  })
  appId = String(created.body['id'])
})

afterAll(async () => {
  await server.close()
  await new Promise((resolve) => tool.server.close(resolve))
})

async function post(cookie: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}/api/platform${path}`, {
    method: 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> }
}

async function connection(body: Record<string, unknown>): Promise<string> {
  const created = await post(admin, `/applications/${appId}/connections`, {
    schoolIds: [],
    ...body,
  })
  expect(created.status, created.text).toBe(201)
  return String(created.body['id'])
}

describe('Test Connection against a real loopback tool', () => {
  it('passes an LTI 1.1 launch the tool verifies, as the signed-in user with their email', async () => {
    const id = await connection({
      name: 'Good 1.1',
      lti11: { consumerKey: TOOL_KEY, secret: TOOL_SECRET },
    })
    const result = await post(admin, `/connections/${id}/test`)
    expect(result.status).toBe(200)
    expect(result.body).toEqual({
      ok: true,
      steps: [
        EMAIL_STEP,
        {
          check: 'lti11.launch',
          name: 'LTI 1.1 signed launch',
          ok: true,
          detail: 'the tool accepted the signed launch (HTTP 200)',
        },
      ],
    })
    const launch = tool.launches.at(-1)
    expect(launch?.['user_id']).toBe(f.admin.id)
    expect(launch?.['lis_person_contact_email_primary']).toBe(f.admin.email)
    expect(launch?.['lti_message_type']).toBe('basic-lti-launch-request')
    expect(result.text).not.toContain(TOOL_SECRET)
  })

  it('says the tool refused a wrong secret', async () => {
    const id = await connection({
      name: 'Bad secret',
      lti11: { consumerKey: 'tool-key-x', secret: 'wrong' },
    })
    const result = await post(admin, `/connections/${id}/test`)
    expect(result.body['ok']).toBe(false)
    expect(result.text).toContain(
      'the tool refused the launch with HTTP 401: check the key and the secret',
    )
  })

  it('says which host could not be reached', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const id = await connection({
      name: 'Closed port',
      launchUrl: `http://127.0.0.1:${port}/lti`,
      lti11: { consumerKey: 'closed-key', secret: 's' },
    })
    const result = await post(admin, `/connections/${id}/test`)
    expect(result.text, result.text).toContain(
      `did not reach the tool: could not connect to 127.0.0.1:${port} (ECONNREFUSED)`,
    )
  })

  it('checks LTI 1.3 login initiation and the tool JWKS', async () => {
    const id = await connection({
      name: 'Good 1.3',
      lti13: {
        loginUrl: `${tool.url}/login`,
        redirectUris: [`${tool.url}/lti`],
        jwksUrl: `${tool.url}/jwks`,
      },
    })
    const result = await post(admin, `/connections/${id}/test`)
    expect(result.body).toEqual({
      ok: true,
      steps: [
        EMAIL_STEP,
        {
          check: 'lti13.login-url',
          name: 'LTI 1.3 login initiation',
          ok: true,
          detail: 'the tool redirected to our authorization endpoint',
        },
        {
          check: 'lti13.jwks',
          name: 'LTI 1.3 tool keys',
          ok: true,
          detail: '1 RS256 public key found',
        },
        {
          check: 'lti13.deployments',
          name: 'LTI 1.3 deployments',
          ok: true,
          detail: '0 school(s) covered',
        },
      ],
    })
    // The login initiation carried this connection's client_id and deployment, as launches will.
    const login = tool.logins.at(-1)
    expect(login?.get('iss')).toBe(server.config.publicUrl)
    expect(login?.get('login_hint')).toBe(f.admin.id)
    expect(login?.get('client_id')).not.toBeNull()
    expect(login?.get('lti_deployment_id')).not.toBeNull()
    const saved = tool.jwks
    tool.jwks = { nope: true }
    const broken = await post(admin, `/connections/${id}/test`)
    tool.jwks = saved
    expect(broken.text).toContain('the JWKS URL did not answer a key set')
    const missing = await connection({
      name: 'Missing JWKS',
      lti13: {
        loginUrl: `${tool.url}/nowhere`,
        redirectUris: [`${tool.url}/lti`],
        jwksUrl: `${tool.url}/nojwks`,
      },
    })
    const failed = await post(admin, `/connections/${missing}/test`)
    expect(failed.body['steps']).toEqual([
      EMAIL_STEP,
      {
        check: 'lti13.login-url',
        name: 'LTI 1.3 login initiation',
        ok: false,
        detail: 'the login initiation URL answered HTTP 404',
      },
      {
        check: 'lti13.jwks',
        name: 'LTI 1.3 tool keys',
        ok: false,
        detail: 'the JWKS URL answered HTTP 404',
      },
      {
        check: 'lti13.deployments',
        name: 'LTI 1.3 deployments',
        ok: true,
        detail: '0 school(s) covered',
      },
    ])
  })

  it('requires the tester to have an email address', async () => {
    const id = await connection({ name: 'No email', lti11: { consumerKey: 'nomail', secret: 's' } })
    const before = tool.launches.length
    const result = await post(nobody, `/connections/${id}/test`)
    expect(result.status).toBe(400)
    expect(result.text).toContain('Nora has no email address')
    expect(tool.launches.length).toBe(before)
  })
})

describe('configuration from a cartridge URL', () => {
  it('prefills a connection from the Basic LTI link', async () => {
    const answer = await post(admin, `/applications/${appId}/cartridge`, {
      url: `${tool.url}/cartridge.xml`,
    })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.body).toEqual({
      name: 'Cartridge Quiz',
      description: 'Quizzes from a cartridge',
      launchUrl: `${tool.url}/lti`,
      customParameters: 'unit=$Context.id',
    })
  })

  it('says exactly why a cartridge cannot be used', async () => {
    const cases: [string, number, string][] = [
      [`${tool.url}/not-a-cartridge.xml`, 400, 'ERR_LTI_MALFORMED_XML'],
      [`${tool.url}/doctype.xml`, 400, 'ERR_LTI_MALFORMED_XML'],
      [`${tool.url}/missing.xml`, 400, 'the URL answered HTTP 404'],
      [`${tool.url}/huge.xml`, 400, 'the cartridge is larger than 262144 bytes'],
      ['ftp://tool.test/x.xml', 400, 'the cartridge URL must start with https://'],
    ]
    for (const [url, status, text] of cases) {
      const answer = await post(admin, `/applications/${appId}/cartridge`, { url })
      expect(answer.status, url).toBe(status)
      expect(answer.text, url).toContain(text)
    }
  })
})
