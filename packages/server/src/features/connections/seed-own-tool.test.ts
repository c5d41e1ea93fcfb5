/**
 * The demo's pre-connected built-in tool, on both dialects: seeding twice keeps one of every
 * record, and the connection passes Test Connection against this server's own tool.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { seedDemo } from '../../demo/seed.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { DEMO_ADMINISTRATOR_ID } from '../school/index.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'

const dialects = await testDialects()

describe.each(dialects)('the demo tool connection on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  const counts = async (s: TestServer) => {
    const { db } = s.context
    const rows = async (query: { execute(): Promise<unknown[]> }) => (await query.execute()).length
    return {
      applications: await rows(db.selectFrom('platform_applications').select('id')),
      connections: await rows(db.selectFrom('platform_connections').select('id')),
      links: await rows(db.selectFrom('lti_resource_links').select('id')),
      lineItems: await rows(db.selectFrom('lti_line_items').select('id')),
      registrations: await rows(db.selectFrom('tool_registrations').select('id')),
      deployments: await rows(db.selectFrom('tool_deployments').select('deployment_id')),
      publications: await rows(db.selectFrom('tool_publications').select('id')),
    }
  }

  it('is seeded once, and passes Test Connection as the demo administrator', async () => {
    server = await startTestServer({
      database: database(),
      extraFeatures: [testSignInFeature],
      env: { LTIHUB_DEMO: 'true' },
    })
    const first = await counts(server)
    expect(first).toEqual({
      applications: 1,
      connections: 1,
      links: 1,
      lineItems: 1,
      registrations: 1,
      deployments: 1,
      publications: 1,
    })
    await seedDemo(server.context)
    expect(await counts(server)).toEqual(first)

    const connection = await server.context.db
      .selectFrom('platform_connections')
      .select(['id', 'lti13_client_id', 'lti13_login_url'])
      .executeTakeFirstOrThrow()
    expect(connection.lti13_login_url).toBe(`${server.config.publicUrl}/tool/lti/login`)
    const registration = await server.context.db
      .selectFrom('tool_registrations')
      .select(['issuer', 'client_id'])
      .executeTakeFirstOrThrow()
    expect(registration).toEqual({
      issuer: server.config.publicUrl,
      client_id: connection.lti13_client_id,
    })
    const admin = await signInAs(server.url, {
      id: DEMO_ADMINISTRATOR_ID,
      name: 'Demo Administrator',
      roles: ['administrator'],
    })
    const tested = await fetch(`${server.url}/api/platform/connections/${connection.id}/test`, {
      method: 'POST',
      headers: { cookie: admin },
    })
    const result = (await tested.json()) as { ok: boolean; steps: { check: string }[] }
    expect(result.ok, JSON.stringify(result)).toBe(true)
    expect(result.steps.map((step) => step.check)).toEqual([
      'user.email',
      'lti13.login-url',
      'lti13.jwks',
      'lti13.deployments',
    ])
  })
})
