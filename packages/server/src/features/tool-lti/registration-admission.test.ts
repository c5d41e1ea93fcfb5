import type { PlatformRegistration } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_ADMINISTRATOR } from '../../console/feature.js'
import type { Database } from '../../db/schema.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import {
  acceptsDynamicRegistration,
  discardPendingRegistration,
  MAX_PENDING_REGISTRATIONS,
  pendingRegistrationCount,
  pendingRegistrationIds,
  registrationAdmission,
  setAcceptsDynamicRegistration,
} from './registration-admission.js'
import { setDeploymentStatus, sqlRegistrationStore } from '@ltihub/kysely/tool'
import { TestPlatform } from './testing/test-platform.js'

const NOW = Date.UTC(2026, 0, 5)
const dialects = await testDialects()

/** A registration of `name`, stored as Dynamic Registration stores one unless told otherwise. */
async function registration(
  db: Kysely<Database>,
  name: string,
  overrides: Partial<PlatformRegistration> = {},
): Promise<PlatformRegistration> {
  return sqlRegistrationStore(db, () => NOW).upsert({
    name,
    issuer: `https://${name}.example.test`,
    clientId: `client-${name}`,
    authLoginUrl: `https://${name}.example.test/auth`,
    authTokenUrl: `https://${name}.example.test/token`,
    jwksUrl: `https://${name}.example.test/jwks`,
    deploymentPolicy: 'pending',
    lmsIdPrefix: name,
    enabled: true,
    ...overrides,
  })
}

async function deployment(db: Kysely<Database>, registrationId: string, status: string) {
  await sqlRegistrationStore(db, () => NOW).recordDeployment({
    registrationId,
    deploymentId: 'dep-1',
    status: 'pending',
    firstSeenAt: NOW,
  })
  if (status !== 'pending') {
    await setDeploymentStatus(db, registrationId, 'dep-1', status as 'active' | 'disabled')
  }
}

describe.each(dialects)('Dynamic Registration admission on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('accepts until an administrator turns it off', async () => {
    const { db } = database()
    expect(await acceptsDynamicRegistration(db)).toBe(true)
    await setAcceptsDynamicRegistration(db, false, NOW)
    expect(await acceptsDynamicRegistration(db)).toBe(false)
    expect(await registrationAdmission(db)).toBe('closed')
    await setAcceptsDynamicRegistration(db, true, NOW + 1)
    expect(await registrationAdmission(db)).toBe('open')
  })

  it('counts only registrations no administrator has decided on', async () => {
    const { db } = database()
    const bare = await registration(db, 'bare')
    const waiting = await registration(db, 'waiting')
    await deployment(db, waiting.id, 'pending')
    await deployment(db, (await registration(db, 'approved')).id, 'active')
    await deployment(db, (await registration(db, 'refused')).id, 'disabled')
    await registration(db, 'trusted', { deploymentPolicy: 'accept' })
    await registration(db, 'off', { enabled: false })
    expect(await pendingRegistrationCount(db)).toBe(2)
    expect(await pendingRegistrationIds(db)).toEqual(new Set([bare.id, waiting.id]))
  })

  it('is full at the cap', async () => {
    const { db } = database()
    for (let i = 1; i < MAX_PENDING_REGISTRATIONS; i++) await registration(db, `p${i}`)
    expect(await registrationAdmission(db)).toBe('open')
    await registration(db, 'last')
    expect(await registrationAdmission(db)).toBe('full')
  })

  it('discards a waiting registration with its deployments, never a decided one', async () => {
    const { db } = database()
    const waiting = await registration(db, 'waiting')
    await deployment(db, waiting.id, 'pending')
    const approved = await registration(db, 'approved')
    await deployment(db, approved.id, 'active')
    expect(await discardPendingRegistration(db, approved.id)).toBe(false)
    expect(await discardPendingRegistration(db, 'unknown')).toBe(false)
    expect(await discardPendingRegistration(db, waiting.id)).toBe(true)
    expect(await discardPendingRegistration(db, waiting.id)).toBe(false)
    const left = await db.selectFrom('tool_registrations').select('id').execute()
    expect(left.map((row) => row.id)).toEqual([approved.id])
    const deployments = await db.selectFrom('tool_deployments').select('registration_id').execute()
    expect(deployments.map((row) => row.registration_id)).toEqual([approved.id])
  })
})

describe('Dynamic Registration admission over HTTP', () => {
  let server: TestServer
  let platform: TestPlatform
  let cookie: string
  beforeEach(async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool', LTIHUB_DEMO: 'true' } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`, Date.now, {
      issuerIsOrigin: true,
    })
    const signIn = await fetch(`${server.url}/console/sign-in/demo`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url },
      body: new URLSearchParams({ identity: DEMO_ADMINISTRATOR.id, next: '/console' }),
    })
    cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  })
  afterEach(async () => {
    await server.close()
    await platform.close()
  })

  const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        cookie,
        origin: server.url,
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(body),
      redirect: 'manual',
    })
  const platformsPage = async () =>
    (await fetch(`${server.url}/console/tool/platforms`, { headers: { cookie } })).text()
  const register = () => {
    const url = new URL(`${server.url}/tool/lti/register`)
    url.searchParams.set('openid_configuration', platform.registrations.openidConfigurationUrl)
    url.searchParams.set('registration_token', 'registration-token-1')
    return fetch(url)
  }
  const errorCode = async (response: Response) =>
    /<code id="ltihub-error-code">([^<]*)<\/code>/.exec(await response.text())?.[1]
  const registrationCount = async () =>
    (await server.context.db.selectFrom('tool_registrations').select('id').execute()).length

  it('turned off in the console: the page answers ERR_LTI_DR_CLOSED and creates nothing', async () => {
    expect(await platformsPage()).toMatch(/name="accept" checked/)
    expect((await post('/console/tool/platforms/dynamic-registration', {})).status).toBe(303)
    expect(await platformsPage()).not.toMatch(/name="accept" checked/)
    const refused = await register()
    expect(refused.status).toBe(403)
    expect(refused.headers.get('content-type')).toContain('text/html')
    expect(await errorCode(refused)).toBe('ERR_LTI_DR_CLOSED')
    expect(platform.registrations.received).toEqual([])
    expect(await registrationCount()).toBe(0)

    const on = await post('/console/tool/platforms/dynamic-registration', { accept: 'on' })
    expect(on.status).toBe(303)
    expect((await register()).status).toBe(200)
    expect(await registrationCount()).toBe(1)
  })

  it(`refuses a new registration while ${MAX_PENDING_REGISTRATIONS} wait; discarding one reopens it`, async () => {
    const { db } = server.context
    for (let i = 0; i < MAX_PENDING_REGISTRATIONS; i++) await registration(db, `flood${i}`)
    expect(await platformsPage()).toContain(
      `Waiting for approval: ${MAX_PENDING_REGISTRATIONS} of at most ${MAX_PENDING_REGISTRATIONS}`,
    )
    const refused = await register()
    expect(refused.status).toBe(429)
    expect(await errorCode(refused)).toBe('ERR_LTI_DR_TOO_MANY_PENDING')
    expect(platform.registrations.received).toEqual([])
    expect(await registrationCount()).toBe(MAX_PENDING_REGISTRATIONS)

    const [first] = await pendingRegistrationIds(db)
    expect(await platformsPage()).toContain(`name="registrationId" value="${first}"`)
    const discard = await post('/console/tool/platforms/discard', { registrationId: first ?? '' })
    expect(discard.status).toBe(303)
    expect((await register()).status).toBe(200)
    expect(await registrationCount()).toBe(MAX_PENDING_REGISTRATIONS)
  })

  const SETTING = '/console/tool/platforms/dynamic-registration'
  const DISCARD = '/console/tool/platforms/discard'
  it.each([
    ['a switch value other than "on"', SETTING, { accept: 'yes' }, 400],
    ['a repeated switch', SETTING, { accept: ['on', 'on'] }, 400],
    ['a discard without an id', DISCARD, {}, 400],
    ['an oversize id', DISCARD, { registrationId: 'x'.repeat(201) }, 400],
    ['an unknown registration', DISCARD, { registrationId: 'unknown' }, 409],
  ])('refuses %s (%s)', async (_name, path, fields, status) => {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) {
      for (const one of [value].flat()) body.append(name, one)
    }
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    })
    expect(response.status).toBe(status)
    expect(await acceptsDynamicRegistration(server.context.db)).toBe(true)
  })

  it('lets neither a visitor nor a cross-site form turn it off', async () => {
    const visitor = await fetch(`${server.url}/console/tool/platforms/dynamic-registration`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    })
    expect(visitor.status).toBe(401)
    const crossSite = await post(
      '/console/tool/platforms/dynamic-registration',
      {},
      { origin: 'https://evil.example' },
    )
    expect(crossSite.status).toBe(403)
    expect(await acceptsDynamicRegistration(server.context.db)).toBe(true)
  })
})
