import { describe, expect, it } from 'vitest'
import { createDataCipher, deriveKeys } from '../../security/index.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { createDistrict, createSchool } from '../school/repository.js'
import {
  createApplication,
  deleteApplication,
  restoreDefaults,
  upsertPartner,
  getApplication,
} from './application-repository.js'
import { ConnectionConflict } from './conflicts.js'
import {
  approveRegistration,
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  nextConnectionName,
  rejectRegistration,
  takenSchools,
  updateConnection,
} from './connection-repository.js'
import type { ApplicationDefaults, ConnectionDraft } from './model.js'
import { createSqlConnectionStore, listActiveConnectionsForSchools } from './store.js'

const dialects = await testDialects()
const ISSUER = 'https://lms.example.test'
const NOW = 1_750_000_000_000

const TURNITIN: ApplicationDefaults = {
  name: 'TurnItIn',
  description: 'Originality checks',
  launchUrl: 'https://tii.example.test/lti',
  supportedTypes: ['score-passback', 'assignment-resource'],
  ltiVersions: ['1.1'],
  customParameters: { course: '$Context.id' },
  transferEmail: true,
}

type DraftOverrides = Omit<Partial<ConnectionDraft>, 'lti11' | 'lti13'> & {
  lti11?: ConnectionDraft['lti11'] | undefined
  lti13?: ConnectionDraft['lti13'] | undefined
}

function draft(overrides: DraftOverrides = {}): ConnectionDraft {
  const base: ConnectionDraft = {
    name: 'TurnItIn',
    status: 'active',
    launchUrl: 'https://tii.example.test/lti',
    transferEmail: true,
    sendName: true,
    types: ['score-passback'],
    learningToolsList: { student: true, parent: false },
    customParameters: { a: '1' },
    lti11: { consumerKey: 'key-1', secret: 'shh-very-secret' },
    schoolIds: [],
  }
  const { lti11, lti13, ...rest } = { ...base, ...overrides }
  return {
    ...rest,
    ...(lti11 === undefined ? {} : { lti11 }),
    ...(lti13 === undefined ? {} : { lti13 }),
  }
}

describe.each(dialects)('connection repositories on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  async function setup() {
    const { db } = database()
    const cipher = createDataCipher(
      (await deriveKeys('connections-test-secret-0123456789')).dataEncryption,
    )
    const district = await createDistrict(db, { name: 'Demo District' }, NOW)
    if (district === undefined) throw new Error('no district')
    const schools = []
    for (const name of ['Arthur Elementary', 'Bell Middle', 'Cole High']) {
      const school = await createSchool(
        db,
        { districtId: district.id, name, ltiLicensed: true },
        NOW,
      )
      if (school === undefined) throw new Error('no school')
      schools.push(school.id)
    }
    const partnerId = await upsertPartner(db, 'turnitin', TURNITIN, NOW)
    const appId = await createApplication(db, { partnerId, defaults: TURNITIN, now: NOW })
    return { db, cipher, schools, appId, partnerId }
  }

  it('creates an LTI 1.1 connection with a sealed secret that the store opens', async () => {
    const { db, cipher, schools, appId } = await setup()
    const id = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({ schoolIds: [schools[0] ?? '', schools[1] ?? ''] }),
      issuer: ISSUER,
      now: NOW,
    })
    const row = await db
      .selectFrom('platform_connections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.lti11_secret_sealed).toMatch(/^v1\./)
    expect(row.lti11_secret_sealed).not.toContain('shh')
    const store = createSqlConnectionStore(db, cipher)
    const found = await store.findByConsumerKey('key-1')
    expect(found?.lti11?.secret).toBe('shh-very-secret')
    expect([...(found?.schoolIds ?? [])].sort()).toEqual([schools[0], schools[1]].sort())
    expect(found?.features).toEqual({
      learningTool: false,
      scorePassback: true,
      assignmentResource: false,
      embeddableContent: false,
    })
    expect(found?.lti13).toBeUndefined()
    expect(await store.findByConsumerKey('key-2')).toBeUndefined()
    const view = await getConnection(db, id)
    expect(JSON.stringify(view)).not.toContain('shh')
    expect(view?.lti11).toEqual({ consumerKey: 'key-1', hasSecret: true })
  })

  it('refuses a secret opened under another row (AAD binds it)', async () => {
    const { db, cipher, appId } = await setup()
    const a = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft(),
      issuer: ISSUER,
      now: NOW,
    })
    const b = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({ name: 'Other', lti11: { consumerKey: 'key-2', secret: 'x' } }),
      issuer: ISSUER,
      now: NOW,
    })
    const sealed = await db
      .selectFrom('platform_connections')
      .select('lti11_secret_sealed')
      .where('id', '=', a)
      .executeTakeFirstOrThrow()
    await db
      .updateTable('platform_connections')
      .set({ lti11_secret_sealed: sealed.lti11_secret_sealed })
      .where('id', '=', b)
      .execute()
    await expect(createSqlConnectionStore(db, cipher).get(b)).rejects.toMatchObject({
      code: 'ERR_LTIHUB_DECRYPTION_FAILED',
    })
  })

  it('creates an LTI 1.3 registration with our client_id and one deployment for its schools', async () => {
    const { db, cipher, schools, appId } = await setup()
    const id = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({
        lti11: undefined,
        lti13: {
          loginUrl: 'https://tool.example.test/login',
          redirectUris: ['https://tool.example.test/launch'],
          jwksUrl: 'https://tool.example.test/jwks',
          allowedScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score', 'bogus'],
        },
        schoolIds: [schools[2] ?? ''],
      }),
      issuer: ISSUER,
      now: NOW,
    })
    const store = createSqlConnectionStore(db, cipher)
    const view = await getConnection(db, id)
    const clientId = view?.lti13?.clientId ?? ''
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/)
    const found = await store.findByClientId(ISSUER, clientId)
    expect(found?.id).toBe(id)
    expect(found?.lti13?.targetLinkUri).toBe('https://tii.example.test/lti')
    expect(found?.lti13?.allowedScopes).toEqual([
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    ])
    expect(found?.lti13?.deployments).toEqual([
      { deploymentId: view?.lti13?.deploymentIds[0], schoolIds: [schools[2]] },
    ])
    expect(await store.findByClientId('https://other.example.test', clientId)).toBeUndefined()
    expect(
      await createSqlConnectionStore(db, cipher, { issuer: 'https://x.test' }).findByClientId(
        ISSUER,
        clientId,
      ),
    ).toBeUndefined()
    // Updating keeps the client_id and the deployment.
    const before = view?.lti13?.deploymentIds
    expect(
      await updateConnection(db, cipher, {
        id,
        draft: draft({
          lti11: undefined,
          lti13: {
            loginUrl: 'https://tool.example.test/login2',
            redirectUris: ['https://tool.example.test/launch'],
            allowedScopes: [],
          },
          schoolIds: [schools[0] ?? ''],
        }),
        issuer: ISSUER,
        now: NOW + 1,
      }),
    ).toBe(true)
    const after = await getConnection(db, id)
    expect(after?.lti13?.clientId).toBe(clientId)
    expect(after?.lti13?.deploymentIds).toEqual(before)
    expect(after?.lti13?.loginUrl).toBe('https://tool.example.test/login2')
    expect(after?.schoolIds).toEqual([schools[0]])
  })

  it('numbers default names and refuses duplicates, case-insensitively', async () => {
    const { db, cipher, appId } = await setup()
    expect(await nextConnectionName(db, appId, 'TurnItIn')).toBe('TurnItIn')
    await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft(),
      issuer: ISSUER,
      now: NOW,
    })
    expect(await nextConnectionName(db, appId, 'TurnItIn')).toBe('TurnItIn 2')
    const error = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({ name: ' turnitin ', lti11: { consumerKey: 'k9', secret: 's' } }),
      issuer: ISSUER,
      now: NOW,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConnectionConflict)
    expect(error).toMatchObject({ field: 'name' })
  })

  it('allows a school in only one connection per application, also in the database', async () => {
    const { db, cipher, schools, appId } = await setup()
    const s0 = schools[0] ?? ''
    await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({ schoolIds: [s0] }),
      issuer: ISSUER,
      now: NOW,
    })
    expect([...(await takenSchools(db, appId)).entries()]).toEqual([[s0, 'TurnItIn']])
    const error = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({
        name: 'TurnItIn 2',
        lti11: { consumerKey: 'k2', secret: 's' },
        schoolIds: [schools[1] ?? '', s0],
      }),
      issuer: ISSUER,
      now: NOW,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ field: 'schoolIds.1' })
    // Nothing half-written.
    expect(await listConnections(db, appId)).toHaveLength(1)
    // The unique index itself refuses a second row, whatever the code does.
    const other = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({ name: 'TurnItIn 2', lti11: { consumerKey: 'k2', secret: 's' } }),
      issuer: ISSUER,
      now: NOW,
    })
    await expect(
      db
        .insertInto('platform_connection_schools')
        .values({ connection_id: other, application_id: appId, school_id: s0, deployment_id: null })
        .execute(),
    ).rejects.toThrow()
  })

  it('refuses a consumer key used by another connection', async () => {
    const { db, cipher, appId } = await setup()
    await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft(),
      issuer: ISSUER,
      now: NOW,
    })
    await expect(
      createConnection(db, cipher, {
        applicationId: appId,
        draft: draft({ name: 'B' }),
        issuer: ISSUER,
        now: NOW,
      }),
    ).rejects.toMatchObject({ field: 'lti11.consumerKey' })
  })

  it('keeps the stored secret when an update omits it, and requires one to create', async () => {
    const { db, cipher, appId } = await setup()
    const id = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft(),
      issuer: ISSUER,
      now: NOW,
    })
    await updateConnection(db, cipher, {
      id,
      draft: draft({ lti11: { consumerKey: 'key-1' } }),
      issuer: ISSUER,
      now: NOW,
    })
    expect((await createSqlConnectionStore(db, cipher).get(id))?.lti11?.secret).toBe(
      'shh-very-secret',
    )
    await expect(
      createConnection(db, cipher, {
        applicationId: appId,
        draft: draft({ name: 'C', lti11: { consumerKey: 'k3' } }),
        issuer: ISSUER,
        now: NOW,
      }),
    ).rejects.toMatchObject({ field: 'lti11.secret' })
    expect(
      await updateConnection(db, cipher, { id: 'nope', draft: draft(), issuer: ISSUER, now: NOW }),
    ).toBe(false)
  })

  it('stores a Dynamic Registration as pending, then approves it into an application', async () => {
    const { db, cipher, schools, appId } = await setup()
    const store = createSqlConnectionStore(db, cipher, { clock: () => NOW })
    const pending = await store.createPending({
      name: 'Registered Tool',
      lti13: {
        issuer: ISSUER,
        initiateLoginUri: 'https://tool.example.test/login',
        redirectUris: ['https://tool.example.test/launch'],
        targetLinkUri: 'https://tool.example.test/launch',
        jwksUri: 'https://tool.example.test/jwks',
        allowedScopes: [],
      },
      customParameters: { x: '$User.id' },
      requestedClaims: ['email'],
      contacts: ['admin@tool.example.test'],
      schoolIds: [schools[0] ?? ''],
      requestedBy: 'demo:administrator',
    })
    expect(pending.status).toBe('pending')
    expect(pending.features.scorePassback).toBe(false)
    expect(pending.schoolIds).toEqual([schools[0]])
    expect(pending.lti13?.deployments[0]?.schoolIds).toEqual([schools[0]])
    expect((await listConnections(db, null)).map((c) => c.id)).toEqual([pending.id])
    expect(await takenSchools(db, appId)).toEqual(new Map())
    const lti13 = pending.lti13
    if (lti13 === undefined) throw new Error('no lti13')
    const approved = await approveRegistration(db, cipher, {
      id: pending.id,
      applicationId: appId,
      draft: draft({
        name: 'Registered Tool',
        lti11: undefined,
        lti13: {
          loginUrl: lti13.initiateLoginUri,
          redirectUris: lti13.redirectUris,
          allowedScopes: [],
          jwksUrl: 'https://tool.example.test/jwks',
        },
        schoolIds: [schools[0] ?? ''],
      }),
      now: NOW,
    })
    expect(approved).toBe(true)
    const active = await store.findByClientId(ISSUER, lti13.clientId)
    expect(active?.status).toBe('active')
    expect(active?.lti13?.deployments).toEqual([
      { deploymentId: lti13.deployments[0]?.deploymentId, schoolIds: [schools[0]] },
    ])
    expect(
      await approveRegistration(db, cipher, {
        id: pending.id,
        applicationId: appId,
        draft: draft({
          lti11: undefined,
          lti13: { loginUrl: 'https://a.test', redirectUris: [], allowedScopes: [] },
        }),
        now: NOW,
      }),
    ).toBe(false)
    expect(
      (await listActiveConnectionsForSchools(db, cipher, [schools[0] ?? ''])).map((c) => c.id),
    ).toEqual([pending.id])
  })

  it('rejects a pending registration and nothing else', async () => {
    const { db, cipher, appId } = await setup()
    const store = createSqlConnectionStore(db, cipher)
    const pending = await store.createPending({
      name: '  ',
      lti13: {
        issuer: ISSUER,
        initiateLoginUri: 'https://t.test/l',
        redirectUris: ['https://t.test/r'],
        targetLinkUri: 'https://t.test/r',
        allowedScopes: [],
      },
      customParameters: {},
      requestedClaims: [],
      contacts: [],
      schoolIds: [],
      requestedBy: 'x',
    })
    expect(pending.name).toBe('Registered tool')
    const active = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft(),
      issuer: ISSUER,
      now: NOW,
    })
    expect(await rejectRegistration(db, active)).toBe(false)
    expect(await rejectRegistration(db, pending.id)).toBe(true)
    expect(await store.get(pending.id)).toBeUndefined()
    expect(await db.selectFrom('platform_deployments').selectAll().execute()).toEqual([])
  })

  it('restores catalog defaults and deletes an application with its connections', async () => {
    const { db, cipher, schools, appId } = await setup()
    await db
      .updateTable('platform_applications')
      .set({ launch_url: 'https://changed.test' })
      .execute()
    expect(await restoreDefaults(db, appId, NOW + 5)).toBe(true)
    expect((await getApplication(db, appId))?.launchUrl).toBe(TURNITIN.launchUrl)
    expect(await restoreDefaults(db, 'nope', NOW)).toBeUndefined()
    const custom = await createApplication(db, {
      partnerId: null,
      defaults: { ...TURNITIN, name: 'Custom' },
      now: NOW,
    })
    expect(await restoreDefaults(db, custom, NOW)).toBe(false)
    await expect(
      createApplication(db, { partnerId: null, defaults: TURNITIN, now: NOW }),
    ).rejects.toMatchObject({ field: 'name' })
    const id = await createConnection(db, cipher, {
      applicationId: appId,
      draft: draft({ schoolIds: [schools[0] ?? ''] }),
      issuer: ISSUER,
      now: NOW,
    })
    expect(await deleteApplication(db, appId)).toBe(true)
    expect(await getConnection(db, id)).toBeUndefined()
    expect(await db.selectFrom('platform_connection_schools').selectAll().execute()).toEqual([])
    expect(await deleteConnection(db, id)).toBe(false)
  })
})
