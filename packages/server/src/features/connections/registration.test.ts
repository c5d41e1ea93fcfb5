/**
 * Dynamic Registration over real HTTP, on both dialects: the token is spent only with a stored
 * registration, in one transaction; a development instance registers its own built-in tool.
 */
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, type TestDatabase, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { createSchoolFixture, type SchoolFixture } from '../school/fixture.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'

const dialects = await testDialects()

const TOOL = 'https://tool.example.test'

function registrationBody(extra: Record<string, unknown> = {}) {
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${TOOL}/login`,
    redirect_uris: [`${TOOL}/launch`],
    client_name: 'Registered Quiz',
    jwks_uri: `${TOOL}/jwks`,
    token_endpoint_auth_method: 'private_key_jwt',
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: 'tool.example.test',
      target_link_uri: `${TOOL}/launch`,
    },
    ...extra,
  }
}

/** Makes every insert into `platform_deployments` fail: a failure after the connection row. */
async function breakDeployments(database: TestDatabase): Promise<() => Promise<void>> {
  const { db, dialect } = database
  if (dialect === 'sqlite') {
    await sql`CREATE TRIGGER fail_deployments BEFORE INSERT ON platform_deployments
      BEGIN SELECT RAISE(ABORT, 'deployments are broken'); END`.execute(db)
    return async () => void (await sql`DROP TRIGGER fail_deployments`.execute(db))
  }
  await sql`CREATE FUNCTION fail_deployments() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'deployments are broken'; END $$`.execute(db)
  await sql`CREATE TRIGGER fail_deployments BEFORE INSERT ON platform_deployments
    FOR EACH ROW EXECUTE FUNCTION fail_deployments()`.execute(db)
  return async () => {
    await sql`DROP TRIGGER fail_deployments ON platform_deployments`.execute(db)
    await sql`DROP FUNCTION fail_deployments()`.execute(db)
  }
}

describe.each(dialects)('the registration endpoint on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function start(): Promise<{ server: TestServer; f: SchoolFixture; admin: string }> {
    const started = await startTestServer({
      database: database(),
      extraFeatures: [testSignInFeature],
      env: { PUBLIC_URL: 'https://lms.example.test', LTIHUB_ROLES: 'platform' },
    })
    server = started
    const f = await createSchoolFixture(started.context.db, Date.now())
    const admin = await signInAs(started.url, {
      id: f.admin.id,
      name: 'Ada',
      roles: ['administrator'],
    })
    return { server: started, f, admin }
  }

  async function newToken(s: TestServer, admin: string, schoolId: string): Promise<string> {
    const response = await fetch(`${s.url}/api/platform/connections/registrations`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ toolRegistrationUrl: `${TOOL}/register`, schoolIds: [schoolId] }),
    })
    expect(response.status).toBe(201)
    const { url } = (await response.json()) as { url: string }
    return new URL(url).searchParams.get('registration_token') ?? ''
  }

  function register(s: TestServer, token: string, body: string | object) {
    return fetch(`${s.url}/platform/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  }

  const counts = async (s: TestServer) => ({
    connections: (await s.context.db.selectFrom('platform_connections').select('id').execute())
      .length,
    deployments: (
      await s.context.db.selectFrom('platform_deployments').select('connection_id').execute()
    ).length,
    tokens: (
      await s.context.db.selectFrom('lti_registration_tokens').select('expires_at').execute()
    ).length,
  })

  it('leaves the token usable after malformed bodies, then takes it once', async () => {
    const { server: s, f, admin } = await start()
    const token = await newToken(s, admin, f.school.id)
    const before = await counts(s)
    const malformed: (string | object)[] = [
      '{"client_name": ',
      '[]',
      'null',
      registrationBody({ jwks_uri: undefined }),
      registrationBody({ redirect_uris: ['https://evil.example/launch'] }),
      registrationBody({ token_endpoint_auth_method: 'client_secret_post' }),
      registrationBody({ client_name: 42 }),
      registrationBody({ initiate_login_uri: 'javascript:alert(1)' }),
    ]
    for (const body of malformed) {
      const answer = await register(s, token, body)
      expect(answer.status, JSON.stringify(body)).toBe(400)
      expect(((await answer.json()) as { error: string }).error).toMatch(/^invalid_/)
    }
    expect(await counts(s)).toEqual(before)
    const created = await register(s, token, registrationBody())
    expect(created.status).toBe(201)
    const replay = await register(s, token, registrationBody())
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_token')
    expect(await counts(s)).toEqual({
      connections: before.connections + 1,
      deployments: before.deployments + 1,
      tokens: before.tokens - 1,
    })
  })

  it('keeps nothing, and the token, when storing the registration fails midway', async () => {
    const { server: s, f, admin } = await start()
    const token = await newToken(s, admin, f.school.id)
    const before = await counts(s)
    const repair = await breakDeployments(database())
    const failed = await register(s, token, registrationBody())
    expect(failed.status).toBe(500)
    expect(await counts(s)).toEqual(before)
    await repair()
    expect((await register(s, token, registrationBody())).status).toBe(201)
    expect((await counts(s)).connections).toBe(before.connections + 1)
  })

  it('takes a token once when the same registration arrives twice at the same time', async () => {
    const { server: s, f, admin } = await start()
    const token = await newToken(s, admin, f.school.id)
    const before = await counts(s)
    const answers = await Promise.all([
      register(s, token, registrationBody()),
      register(s, token, registrationBody()),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([201, 401])
    expect((await counts(s)).connections).toBe(before.connections + 1)
  })
})

describe('Dynamic Registration on a development instance', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function startRegistration(s: TestServer, toolRegistrationUrl: string) {
    const f = await createSchoolFixture(s.context.db, Date.now())
    const admin = await signInAs(s.url, { id: f.admin.id, name: 'Ada', roles: ['administrator'] })
    const response = await fetch(`${s.url}/api/platform/connections/registrations`, {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ toolRegistrationUrl, schoolIds: [f.school.id] }),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('registers the built-in tool with the built-in platform over http on localhost', async () => {
    server = await startTestServer({ extraFeatures: [testSignInFeature] })
    const { publicUrl } = server.config
    expect(publicUrl).toMatch(/^http:\/\/localhost:\d+$/)
    const configuration = await fetch(`${server.url}/platform/.well-known/openid-configuration`)
    expect(configuration.status).toBe(200)
    expect(await configuration.json()).toMatchObject({
      issuer: publicUrl,
      registration_endpoint: `${publicUrl}/platform/register`,
    })
    const started = await startRegistration(server, `${publicUrl}/tool/lti/register`)
    expect(started.status).toBe(201)
    // The administrator's browser opens the tool's registration page; the tool registers itself.
    const page = await fetch(String(started.body['url']).replace(publicUrl, server.url))
    expect(page.status, await page.clone().text()).toBe(200)
    const pending = await server.context.db
      .selectFrom('platform_connections')
      .select(['status', 'lti13_login_url'])
      .execute()
    expect(pending).toEqual([{ status: 'pending', lti13_login_url: `${publicUrl}/tool/lti/login` }])
    const platforms = await server.context.db
      .selectFrom('tool_registrations')
      .select('issuer')
      .execute()
    expect(platforms).toEqual([{ issuer: publicUrl }])
  })

  it('refuses an http tool URL that is not on loopback', async () => {
    server = await startTestServer({ extraFeatures: [testSignInFeature] })
    const started = await startRegistration(server, 'http://tool.example.test/register')
    expect(started.status).toBe(400)
    expect(JSON.stringify(started.body)).toContain('the tool registration URL must be https')
  })

  it('is https-only when PUBLIC_URL is https, and absent on a plain http host', async () => {
    server = await startTestServer({
      extraFeatures: [testSignInFeature],
      env: { PUBLIC_URL: 'https://lms.example.test' },
    })
    const started = await startRegistration(server, 'http://localhost:8080/register')
    expect(started.status).toBe(400)
    await server.close()
    server = await startTestServer({
      env: { PUBLIC_URL: 'http://lms.example.test', LTIHUB_ROLES: 'platform' },
    })
    const configuration = await fetch(`${server.url}/platform/.well-known/openid-configuration`)
    expect(configuration.status).toBe(404)
  })
})
