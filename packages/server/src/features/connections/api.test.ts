import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectFieldErrorIn, expectValueIn } from '../../testing/form-checks.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createSchoolFixture, type SchoolFixture } from '../school/fixture.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { upsertPartner } from './application-repository.js'
import { DEMO_LTI11_PARTNER } from './seed.js'

const NOW = Date.UTC(2026, 8, 1)
const SECRET = 'very-secret-shared-value-42'

let server: TestServer
let f: SchoolFixture
let admin = ''
let teacher = ''

beforeAll(async () => {
  // A production-like public URL: tool URLs must be https.
  server = await startTestServer({
    extraFeatures: [testSignInFeature],
    clock: () => NOW,
    env: { PUBLIC_URL: 'https://lms.example.test' },
  })
  f = await createSchoolFixture(server.context.db, NOW)
  admin = await signInAs(server.url, { id: f.admin.id, name: 'Ada', roles: ['administrator'] })
  teacher = await signInAs(server.url, { id: f.teacher.id, name: 'Tom', roles: ['teacher'] })
})

afterAll(async () => {
  await server.close()
})

interface Answer {
  status: number
  body: Record<string, unknown> & { errors?: { path: string; message: string }[] }
  text: string
  type: string
}

async function call(
  cookie: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}/api/platform${path}`, {
    method,
    headers: {
      ...(cookie === undefined ? {} : { cookie }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  const parsed = text === '' ? {} : (JSON.parse(text) as Answer['body'])
  return {
    status: response.status,
    body: parsed,
    text,
    type: response.headers.get('content-type') ?? '',
  }
}

const custom = {
  name: 'TurnItIn',
  launchUrl: 'https://tii.example.test/lti',
  supportedTypes: ['score-passback', 'assignment-resource', 'learning-tool'],
  ltiVersions: ['1.1', '1.3'],
  customParameters: 'course=$Context.id',
  transferEmail: true,
}

async function newApp(name: string): Promise<string> {
  const created = await call(admin, 'POST', '/applications', { custom: { ...custom, name } })
  expect(created.status).toBe(201)
  return String(created.body['id'])
}

describe('connections API', () => {
  it('is for administrators only', async () => {
    expect((await call(undefined, 'GET', '/applications')).status).toBe(401)
    const refused = await call(teacher, 'GET', '/applications')
    expect(refused.status).toBe(403)
    expect(refused.type).toContain('application/problem+json')
    expect((await call(teacher, 'POST', '/applications', { custom })).status).toBe(403)
    expect((await call(teacher, 'POST', '/connections/x/test')).status).toBe(403)
  })

  it('refuses cross-site writes', async () => {
    const answer = await call(
      admin,
      'POST',
      '/applications',
      { custom },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(answer.status).toBe(403)
  })

  it('creates an application and a numbered LTI 1.1 connection without echoing the secret', async () => {
    const appId = await newApp('Originality')
    const first = await call(admin, 'POST', `/applications/${appId}/connections`, {
      lti11: { consumerKey: 'tii-key-1', secret: SECRET },
      schoolIds: [f.school.id],
    })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      name: 'Originality',
      status: 'active',
      launchUrl: 'https://tii.example.test/lti',
      transferEmail: true,
      schoolIds: [f.school.id],
      customParameters: { course: '$Context.id' },
      lti11: { consumerKey: 'tii-key-1', hasSecret: true },
    })
    expect(first.text).not.toContain(SECRET)
    const second = await call(admin, 'POST', `/applications/${appId}/connections`, {
      lti11: { consumerKey: 'tii-key-2', secret: SECRET },
      schoolIds: [],
    })
    expect(second.body['name']).toBe('Originality 2')
    const page = await call(admin, 'GET', `/applications/${appId}`)
    expect(page.body['connections']).toHaveLength(2)
    expect(page.body['application']).toMatchObject({
      connectionCount: 2,
      enabledTypes: ['assignment-resource', 'learning-tool', 'score-passback'],
    })
    expect(page.text).not.toContain(SECRET)
    expect(server.logText()).not.toContain(SECRET)
  })

  it('refuses a duplicate name, naming the field', async () => {
    const appId = await newApp('Dup App')
    const body = { name: 'Main', lti11: { consumerKey: 'dup-1', secret: 's' }, schoolIds: [] }
    expect((await call(admin, 'POST', `/applications/${appId}/connections`, body)).status).toBe(201)
    const again = await call(admin, 'POST', `/applications/${appId}/connections`, {
      ...body,
      name: 'main ',
      lti11: { consumerKey: 'dup-2', secret: 's' },
    })
    expect(again.status).toBe(400)
    expect(again.body['code']).toBe('ERR_LTI_INVALID_PAYLOAD')
    expect(again.body.errors?.[0]?.path).toBe('body.name')
    const key = await call(admin, 'POST', `/applications/${appId}/connections`, {
      ...body,
      name: 'Other',
    })
    expect(key.body.errors?.[0]?.path).toBe('body.lti11.consumerKey')
  })

  it('refuses an http launch URL in production and other bad URLs', async () => {
    const appId = await newApp('Http App')
    const answer = await call(admin, 'POST', `/applications/${appId}/connections`, {
      launchUrl: 'http://localhost/lti',
      lti11: { consumerKey: 'http-1', secret: 's' },
      lti13: {
        loginUrl: 'javascript:alert(1)',
        redirectUris: ['https://u:p@tool.test/x'],
        jwksUrl: 'https://tool.test/jwks',
      },
    })
    expect(answer.status).toBe(400)
    const paths = answer.body.errors?.map((e) => e.path)
    expect(paths).toEqual(['body.launchUrl', 'body.lti13.loginUrl', 'body.lti13.redirectUris.0'])
    expect(answer.body.errors?.[0]?.message).toBe('launchUrl must start with https://')
    const app = await call(admin, 'POST', '/applications', {
      custom: { ...custom, name: 'X', launchUrl: 'http://x.test' },
    })
    expect(app.body.errors?.[0]?.path).toBe('body.launchUrl')
    expect(await call(admin, 'GET', `/applications/${appId}`)).toMatchObject({
      body: { connections: [] },
    })
  })

  it('refuses a school already taken by another connection of the application, and unlicensed ones', async () => {
    const appId = await newApp('Schools App')
    const a = await call(admin, 'POST', `/applications/${appId}/connections`, {
      name: 'HS',
      lti11: { consumerKey: 'sch-1', secret: 's' },
    })
    // Default: every licensed school not taken.
    expect(a.body['schoolIds']).toEqual([f.school.id])
    const b = await call(admin, 'POST', `/applications/${appId}/connections`, {
      name: 'Middle',
      lti11: { consumerKey: 'sch-2', secret: 's' },
      schoolIds: [f.school.id, f.otherSchool.id, 'no-such-school'],
    })
    expect(b.status).toBe(400)
    expect(b.body.errors).toEqual([
      {
        path: 'body.schoolIds.0',
        message: 'North School is already enabled in the connection "HS" of this application',
      },
      {
        path: 'body.schoolIds.1',
        message: 'South School has no learning licence for LTI connections',
      },
      { path: 'body.schoolIds.2', message: 'no school no-such-school' },
    ])
    const schools = await call(admin, 'GET', `/applications/${appId}/schools`)
    expect(schools.text).toContain('"takenBy":"HS"')
    // Another application may use the same school.
    const other = await newApp('Other Provider')
    const c = await call(admin, 'POST', `/applications/${other}/connections`, {
      lti11: { consumerKey: 'sch-3', secret: 's' },
      schoolIds: [f.school.id],
    })
    expect(c.status).toBe(201)
  })

  it('answers hostile input with precise problems, never a crash', async () => {
    const appId = await newApp('Hostile App')
    const path = `/applications/${appId}/connections`
    const cases: [unknown, string][] = [
      ['{not json', 'ERR_LTI_MALFORMED_JSON'],
      [{ lti11: { consumerKey: 'k', secret: 's' }, extra: 1 }, 'ERR_LTI_INVALID_PAYLOAD'],
      [
        { name: 'x'.repeat(101), lti11: { consumerKey: 'k', secret: 's' } },
        'ERR_LTI_INVALID_PAYLOAD',
      ],
      [
        { customParameters: 'a=1\n'.repeat(20_000), lti11: { consumerKey: 'k', secret: 's' } },
        'ERR_LTI_INVALID_PAYLOAD',
      ],
      [
        { customParameters: 'no equals sign', lti11: { consumerKey: 'k', secret: 's' } },
        'ERR_LTI_INVALID_PAYLOAD',
      ],
      [
        { types: ['embeddable-content'], lti11: { consumerKey: 'k', secret: 's' } },
        'ERR_LTI_INVALID_PAYLOAD',
      ],
      [{ lti11: { consumerKey: 'k' } }, 'ERR_LTI_INVALID_PAYLOAD'],
      [{}, 'ERR_LTI_INVALID_PAYLOAD'],
      [{ lti11: { consumerKey: 7, secret: [] } }, 'ERR_LTI_INVALID_PAYLOAD'],
      [
        {
          lti13: {
            loginUrl: 'https://t.test',
            redirectUris: ['https://t.test'],
            publicJwk: { kty: 'RSA', n: 'x', e: 'AQAB', d: 'private' },
          },
        },
        'ERR_LTI_INVALID_PAYLOAD',
      ],
    ]
    for (const [body, code] of cases) {
      const answer = await call(admin, 'POST', path, body)
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(answer.body['code']).toBe(code)
    }
    const bad = await call(admin, 'POST', path, {
      customParameters: 'ok=1\nbroken',
      lti11: { consumerKey: 'k', secret: 's' },
    })
    expect(bad.body.errors?.[0]).toMatchObject({ path: 'body.customParameters' })
    expect(bad.body.errors?.[0]?.message).toContain('line 2')
    const huge = await call(admin, 'POST', path, {
      lti11: { consumerKey: 'k', secret: 'x'.repeat(2_000_000) },
    })
    expect(huge.status).toBe(413)
    expect(huge.body['code']).toBe('ERR_LTI_INPUT_TOO_LARGE')
    expect((await call(admin, 'GET', `/applications/${appId}`)).body['connections']).toEqual([])
  })

  it('answers 404 for unknown ids', async () => {
    expect((await call(admin, 'GET', '/applications/nope')).status).toBe(404)
    expect(
      (
        await call(admin, 'POST', '/applications/nope/connections', {
          lti11: { consumerKey: 'k', secret: 's' },
        })
      ).status,
    ).toBe(404)
    expect((await call(admin, 'GET', '/connections/nope')).status).toBe(404)
    expect(
      (await call(admin, 'PUT', '/connections/nope', { lti11: { consumerKey: 'k' } })).status,
    ).toBe(404)
    expect((await call(admin, 'DELETE', '/connections/nope')).status).toBe(404)
    expect((await call(admin, 'POST', '/connections/nope/test')).status).toBe(404)
    expect((await call(admin, 'POST', '/connections/nope/reject')).status).toBe(404)
    expect((await call(admin, 'POST', '/applications', { partnerId: 'nope' })).status).toBe(400)
  })

  it('updates a connection keeping its secret and client_id, and deletes it', async () => {
    const appId = await newApp('Update App')
    const created = await call(admin, 'POST', `/applications/${appId}/connections`, {
      lti11: { consumerKey: 'upd-1', secret: SECRET },
      lti13: {
        loginUrl: 'https://t.test/login',
        redirectUris: ['https://t.test/launch'],
        jwksUrl: 'https://t.test/jwks',
      },
      schoolIds: [],
    })
    expect(created.status).toBe(201)
    const id = String(created.body['id'])
    const lti13 = created.body['lti13'] as {
      clientId: string
      deploymentIds: string[]
      issuer: string
    }
    expect(lti13.issuer).toBe('https://lms.example.test')
    expect(lti13.deploymentIds).toHaveLength(1)
    const updated = await call(admin, 'PUT', `/connections/${id}`, {
      name: 'Renamed',
      enabled: false,
      lti11: { consumerKey: 'upd-1' },
      lti13: {
        loginUrl: 'https://t.test/login2',
        redirectUris: ['https://t.test/launch'],
        jwksUrl: 'https://t.test/jwks',
      },
      schoolIds: [f.school.id],
    })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({
      name: 'Renamed',
      status: 'disabled',
      lti11: { hasSecret: true },
    })
    expect((updated.body['lti13'] as { clientId: string }).clientId).toBe(lti13.clientId)
    expect((await call(admin, 'DELETE', `/connections/${id}`)).status).toBe(204)
    expect((await call(admin, 'GET', `/connections/${id}`)).status).toBe(404)
  })

  it('restores catalog defaults only for catalog applications', async () => {
    const appId = await newApp('Custom Only')
    const answer = await call(admin, 'POST', `/applications/${appId}/restore-defaults`)
    expect(answer.status).toBe(400)
    expect((await call(admin, 'DELETE', `/applications/${appId}`)).status).toBe(204)
    expect((await call(admin, 'DELETE', `/applications/${appId}`)).status).toBe(404)
  })
})

describe('Dynamic Registration through the API', () => {
  it('starts a registration, receives the tool, and approves it into an application', async () => {
    const started = await call(admin, 'POST', '/connections/registrations', {
      toolRegistrationUrl: 'https://tool.example.test/register?x=1',
      schoolIds: [f.school.id],
    })
    expect(started.status).toBe(201)
    const url = new URL(String(started.body['url']))
    expect(url.searchParams.get('x')).toBe('1')
    expect(url.searchParams.get('openid_configuration')).toBe(
      'https://lms.example.test/platform/.well-known/openid-configuration',
    )
    const token = url.searchParams.get('registration_token') ?? ''
    expect(token).not.toBe('')
    const registered = await fetch(`${server.url}/platform/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        application_type: 'web',
        response_types: ['id_token'],
        grant_types: ['implicit', 'client_credentials'],
        initiate_login_uri: 'https://tool.example.test/login',
        redirect_uris: ['https://tool.example.test/launch'],
        client_name: 'Registered Quiz',
        jwks_uri: 'https://tool.example.test/jwks',
        token_endpoint_auth_method: 'private_key_jwt',
        scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          domain: 'tool.example.test',
          target_link_uri: 'https://tool.example.test/launch',
          claims: ['iss', 'sub', 'email'],
        },
      }),
    })
    expect(registered.status).toBe(201)
    const pending = await call(admin, 'GET', '/connections?status=pending')
    const list = pending.body as unknown as {
      id: string
      name: string
      registration: { schoolIds: string[]; requestedClaims: string[] }
    }[]
    const entry = list.find((c) => c.name === 'Registered Quiz')
    expect(entry?.registration.schoolIds).toEqual([f.school.id])
    expect(entry?.registration.requestedClaims).toContain('email')
    const appId = await newApp('DR Target')
    const approved = await call(admin, 'POST', `/connections/${entry?.id ?? ''}/approve`, {
      applicationId: appId,
      types: ['score-passback'],
      lti13: {
        loginUrl: 'https://tool.example.test/login',
        redirectUris: ['https://tool.example.test/launch'],
        jwksUrl: 'https://tool.example.test/jwks',
      },
      schoolIds: [f.school.id],
    })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({
      status: 'active',
      applicationId: appId,
      schoolIds: [f.school.id],
    })
    const again = await call(admin, 'POST', `/connections/${entry?.id ?? ''}/approve`, {
      applicationId: appId,
    })
    expect(again.status).toBe(409)
    const http = await call(admin, 'POST', '/connections/registrations', {
      toolRegistrationUrl: 'http://tool.example.test/register',
      schoolIds: [f.school.id],
    })
    expect(http.body.errors?.[0]?.path).toBe('body.toolRegistrationUrl')
  })
})

describe('connections console pages', () => {
  it('are for administrators only', async () => {
    for (const path of ['/console/platform/applications', '/console/platform/registrations']) {
      const asTeacher = await fetch(`${server.url}${path}`, { headers: { cookie: teacher } })
      expect(asTeacher.status, path).toBe(403)
      const asAdmin = await fetch(`${server.url}${path}`, { headers: { cookie: admin } })
      expect(asAdmin.status, path).toBe(200)
    }
    const list = await fetch(`${server.url}/console/platform/applications`, {
      headers: { cookie: admin },
    })
    expect(await list.text()).toContain('Digital Learning Applications')
    const post = await fetch(`${server.url}/console/platform/applications/add`, {
      method: 'POST',
      headers: { cookie: teacher, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'partnerId=x',
    })
    expect(post.status).toBe(403)
  })

  it('re-renders the connection form with the refused fields, saving nothing', async () => {
    const appId = await newApp('Form App')
    const response = await fetch(
      `${server.url}/console/platform/applications/${appId}/connections/new`,
      {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          intent: 'save',
          name: 'Form <b>x</b>',
          launchUrl: 'http://insecure.example.test/lti',
          consumerKey: 'form-key',
          secret: SECRET,
          schoolsShown: '1',
        }).toString(),
      },
    )
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain('Launch URL must start with https://')
    expect(html).not.toContain('launchUrl must')
    expect(html).toContain('Form &lt;b>x&lt;/b>')
    expect(html).not.toContain(SECRET)
    expect((await call(admin, 'GET', `/applications/${appId}`)).body['connections']).toEqual([])
  })

  it('answers a refused cartridge import on the application page, the URL kept next to its message', async () => {
    const appId = await newApp('Cartridge App')
    const importing = (url: string) =>
      fetch(`${server.url}/console/platform/applications/${appId}/connections/import`, {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ url }).toString(),
      })
    const ftp = await importing('ftp://tool.test/x.xml')
    expect([ftp.status, ftp.headers.get('content-type')]).toEqual([
      400,
      expect.stringMatching(/^text\/html/),
    ])
    const html = await ftp.text()
    expectFieldErrorIn(html, 'cartridge-url', 'The cartridge URL must start with https://.')
    expectValueIn(html, 'cartridge-url', 'ftp://tool.test/x.xml')
    expect(html).toContain('<h1>Edit Cartridge App</h1>')
    const empty = await importing('')
    expect(empty.status).toBe(400)
    expectFieldErrorIn(await empty.text(), 'cartridge-url', 'Cartridge URL is required.')
  })

  it('asks before Restore Defaults, then restores and says so', async () => {
    const partnerId = await upsertPartner(
      server.context.db,
      'restore-test',
      { ...DEMO_LTI11_PARTNER, name: 'Restore Test' },
      NOW,
    )
    const created = await call(admin, 'POST', '/applications', { partnerId })
    expect(created.status, created.text).toBe(201)
    const path = `/console/platform/applications/${String(created.body['id'])}`
    const console = (url: string, form?: Record<string, string>) =>
      fetch(`${server.url}${url}`, {
        redirect: 'manual',
        ...(form === undefined
          ? { headers: { cookie: admin } }
          : {
              method: 'POST',
              headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(form).toString(),
            }),
      })
    const page = await (await console(path)).text()
    expect(page).toContain(`href="${path}/restore-defaults"`)
    expect(page).not.toContain(`action="${path}/restore-defaults"`)
    const asking = await console(`${path}/restore-defaults`)
    expect(asking.status).toBe(200)
    const question = await asking.text()
    expect(question).toContain('Restore the catalog defaults of')
    expect(question).toContain('changes made to them here are lost')
    const unticked = await console(`${path}/restore-defaults`, {})
    expect(unticked.status).toBe(400)
    expectFieldErrorIn(
      await unticked.text(),
      'confirm-confirm',
      'Tick "I understand that this cannot be undone" to go ahead.'.replaceAll('"', '&quot;'),
    )
    const done = await console(`${path}/restore-defaults`, { confirm: 'on' })
    expect([done.status, done.headers.get('location')]).toEqual([303, `${path}?done=restored`])
    const after = await (await console(`${path}?done=restored`)).text()
    expect(after).toContain('Defaults restored from the catalog.')
    const custom = await newApp('No Defaults')
    expect(
      (await console(`/console/platform/applications/${custom}/restore-defaults`)).status,
    ).toBe(404)
  })
})
