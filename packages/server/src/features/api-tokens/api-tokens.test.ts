import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { expectFieldErrorIn, expectValueIn } from '../../testing/form-checks.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { LAST_USE_INTERVAL_MS } from './service.js'

const dialects = await testDialects()
const DAY_MS = 24 * 60 * 60 * 1000
const TOKEN = /lth_[A-Za-z0-9_-]{43}/

/** Posts the console's "New token" form; returns the response and the token value it shows. */
async function createToken(
  server: TestServer,
  cookie: string,
  fields: { name: string; scopes: string[]; expires?: string; expiresOn?: string },
) {
  const form = new URLSearchParams({ name: fields.name, expires: fields.expires ?? '30' })
  for (const scope of fields.scopes) form.append('scopes', scope)
  if (fields.expiresOn !== undefined) form.set('expiresOn', fields.expiresOn)
  const response = await fetch(`${server.url}/console/account/api-tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  })
  const html = await response.text()
  return { status: response.status, html, value: TOKEN.exec(html)?.[0] }
}

async function api(
  server: TestServer,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  }
}

async function tokenRow(server: TestServer, name: string) {
  return server.context.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
}

describe.each(dialects)('API tokens on $name', (dialect) => {
  const database = useTestDatabase(dialect, { migrate: false })
  let server: TestServer | undefined
  let now = Date.UTC(2026, 8, 1)
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function start() {
    now = Date.UTC(2026, 8, 1)
    server = await startTestServer({
      database: database(),
      extraFeatures: [testSignInFeature],
      clock: () => now,
    })
    return server
  }

  it('lets a token call /api until it is revoked, within its scopes and its owner’s roles', async () => {
    const s = await start()
    const cookie = await signInAs(s.url, { id: 'tok-admin', name: 'Ada', roles: ['administrator'] })
    const created = await createToken(s, cookie, {
      name: 'Roster export',
      scopes: ['platform:read', 'tool:read'],
    })
    expect(created.status).toBe(201)
    expect(created.html).toContain('shown only this once')
    const value = created.value ?? ''
    expect(value).toMatch(TOKEN)

    expect((await api(s, value, 'GET', '/platform/schools')).status).toBe(200)
    expect((await api(s, value, 'GET', '/tool/courses')).status).toBe(200)

    // Beyond the token's scopes: 403 insufficient_scope, before the body is looked at.
    const write = await api(s, value, 'POST', '/platform/schools', { name: '' })
    expect(write.status).toBe(403)
    expect(write.challenge).toContain('error="insufficient_scope"')
    expect(write.json).toMatchObject({
      code: 'ERR_LTIHUB_API_TOKEN_SCOPE',
      claim: 'platform:write',
    })

    // A bearer write carries no cookie, so no same-origin check: it reaches validation.
    const writer = (await createToken(s, cookie, { name: 'Writer', scopes: ['platform:write'] }))
      .value
    const crossSite = await fetch(`${s.url}/api/platform/schools`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${writer ?? ''}`,
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ name: '' }),
    })
    expect(crossSite.status).toBe(400)

    // The last use is written once a minute at most, with the address.
    const first = await tokenRow(s, 'Roster export')
    expect(Number(first.last_used_at)).toBe(now)
    expect(first.last_used_address).toBe('127.0.0.1')
    now += 10_000
    await api(s, value, 'GET', '/platform/schools')
    expect(Number((await tokenRow(s, 'Roster export')).last_used_at)).toBe(now - 10_000)
    now += LAST_USE_INTERVAL_MS
    await api(s, value, 'GET', '/platform/schools')
    expect(Number((await tokenRow(s, 'Roster export')).last_used_at)).toBe(now)

    // Revoked from the console (confirmation, then a notice): refused at once.
    const page = await fetch(`${s.url}/console/account/api-tokens/${first.id}/revoke`, {
      headers: { cookie },
    })
    expect(await page.text()).toContain('Revoke “Roster export”?')
    const revoked = await fetch(`${s.url}/console/account/api-tokens/${first.id}/revoke`, {
      method: 'POST',
      headers: { cookie },
      redirect: 'manual',
    })
    expect(revoked.status).toBe(303)
    const list = await fetch(`${s.url}${revoked.headers.get('location') ?? ''}`, {
      headers: { cookie },
    })
    expect(await list.text()).toContain('Token “Roster export” was revoked')
    const refused = await api(s, value, 'GET', '/platform/schools')
    expect(refused.status).toBe(401)
    expect(refused.challenge).toBe('Bearer realm="ltihub", error="invalid_token"')
    expect(refused.json).toMatchObject({ code: 'ERR_LTIHUB_API_TOKEN_INVALID' })
  })

  it('refuses a token whose owner was demoted or disabled, and an expired one', async () => {
    const s = await start()
    const cookie = await signInAs(s.url, { id: 'tok-owner', name: 'Olu', roles: ['administrator'] })
    const value =
      (await createToken(s, cookie, { name: 'Both', scopes: ['platform:read', 'tool:read'] }))
        .value ?? ''
    expect((await api(s, value, 'GET', '/platform/schools')).status).toBe(200)

    // Demoted to author: the platform scope is gone at the next request, the tool scope stays.
    await s.context.db
      .updateTable('console_people')
      .set({ roles: JSON.stringify(['author']) })
      .where('id', '=', 'tok-owner')
      .execute()
    const demoted = await api(s, value, 'GET', '/platform/schools')
    expect(demoted.status).toBe(403)
    expect(demoted.challenge).toContain('insufficient_scope')
    expect((await api(s, value, 'GET', '/tool/courses')).status).toBe(200)

    // Disabled: the token is worth nothing.
    await s.context.db
      .insertInto('accounts')
      .values({
        person_id: 'tok-owner',
        password_hash: null,
        sso_only: 0,
        disabled: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    expect((await api(s, value, 'GET', '/tool/courses')).status).toBe(401)

    // Expired a week on.
    const other = await signInAs(s.url, { id: 'tok-author', name: 'Ana', roles: ['author'] })
    const weekly =
      (await createToken(s, other, { name: 'Weekly', scopes: ['tool:read'], expires: '7' }))
        .value ?? ''
    expect((await api(s, value, 'GET', '/tool/courses')).status).toBe(401)
    expect((await api(s, weekly, 'GET', '/tool/courses')).status).toBe(200)
    now += 7 * DAY_MS + 1
    const expired = await api(s, weekly, 'GET', '/tool/courses')
    expect(expired.status).toBe(401)
    expect(expired.challenge).toContain('invalid_token')
  })

  it('keeps no token value in clear in the database or the log', async () => {
    const s = await start()
    const cookie = await signInAs(s.url, { id: 'tok-quiet', name: 'Quinn', roles: ['author'] })
    const value = (await createToken(s, cookie, { name: 'Quiet', scopes: ['tool:write'] })).value
    expect(value).toMatch(TOKEN)
    await api(s, value ?? '', 'GET', '/tool/courses')
    await api(s, value ?? '', 'POST', '/tool/courses', { title: '' })
    await api(s, `${value ?? ''}x`, 'GET', '/tool/courses')
    const secret = (value ?? '').slice(4)
    const dump: string[] = []
    for (const table of await s.context.db.introspection.getTables()) {
      const rows = await s.context.db
        .selectFrom(table.name as 'api_tokens')
        .selectAll()
        .execute()
      dump.push(JSON.stringify(rows))
    }
    expect(dump.join('\n')).toContain('Quiet')
    expect(dump.join('\n')).not.toContain(secret)
    expect(s.logText()).toContain('API token created')
    expect(s.logText()).not.toContain(secret)
  })
})

describe('the API tokens page', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('keeps what was typed, names each refusal, and offers only the scopes of one’s roles', async () => {
    server = await startTestServer({ extraFeatures: [testSignInFeature] })
    const teacher = await signInAs(server.url, { id: 'tok-t', name: 'Tess', roles: ['teacher'] })
    const page = await (
      await fetch(`${server.url}/console/account/api-tokens`, { headers: { cookie: teacher } })
    ).text()
    expect(page).toContain('value="platform:write"')
    expect(page).not.toContain('value="tool:read"')

    const refused = await createToken(server, teacher, {
      name: 'Sync job',
      scopes: ['tool:write'],
      expires: 'custom',
      expiresOn: '2000-01-01',
    })
    expect(refused.status).toBe(400)
    expect(refused.value).toBeUndefined()
    expect(refused.html).toContain('value="Sync job"')
    expect(refused.html).toContain('Your roles do not allow tool:write')
    expect(refused.html).toContain('Enter an expiry date after today')
    expect(refused.html).toContain('aria-describedby="new-token-scopes-error"')
    expectFieldErrorIn(refused.html, 'new-token-expiresOn', 'Enter an expiry date after today.')
    expectValueIn(refused.html, 'new-token-expiresOn', '2000-01-01')

    const student = await signInAs(server.url, { id: 'tok-s', name: 'Sam', roles: ['student'] })
    const none = await (
      await fetch(`${server.url}/console/account/api-tokens`, { headers: { cookie: student } })
    ).text()
    expect(none).toContain('Your roles give no access to the REST API')
  })

  it('lets administrators see and revoke anyone’s token, and nobody else', async () => {
    server = await startTestServer({ extraFeatures: [testSignInFeature] })
    const author = await signInAs(server.url, { id: 'tok-a', name: 'Aya', roles: ['author'] })
    await createToken(server, author, { name: 'Aya’s sync', scopes: ['tool:read'] })
    const id = (await tokenRow(server, 'Aya’s sync')).id
    const other = await signInAs(server.url, { id: 'tok-b', name: 'Ben', roles: ['author'] })
    const foreign = await fetch(`${server.url}/console/account/api-tokens/${id}/revoke`, {
      method: 'POST',
      headers: { cookie: other },
    })
    expect(foreign.status).toBe(404)

    const admin = await signInAs(server.url, {
      id: 'tok-ad',
      name: 'Ada',
      roles: ['administrator'],
    })
    const list = await (
      await fetch(`${server.url}/console/account/api-tokens`, { headers: { cookie: admin } })
    ).text()
    expect(list).toContain('Everyone’s tokens')
    expect(list).toContain('Aya’s sync')
    const revoked = await fetch(`${server.url}/console/account/api-tokens/${id}/revoke`, {
      method: 'POST',
      headers: { cookie: admin },
      redirect: 'manual',
    })
    expect(revoked.status).toBe(303)
    expect((await tokenRow(server, 'Aya’s sync')).revoked_by).toBe('tok-ad')
  })
})
