import type { AdmitRequest, GradeOutboxItem, Publication } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../db/schema.js'
import { createDataCipher } from '../../security/index.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { createCourse, DEMO_COURSE } from '../tool-content/seed.js'
import {
  createConsumerKey,
  purgeExpiredSessions,
  savePublication,
  setDeploymentStatus,
  sqlConsumerKeyStore,
  sqlEnrolmentStore,
  sqlGradeOutbox,
  sqlLaunchStateStore,
  sqlPublicationStore,
  sqlRegistrationStore,
  sqlRosterSourceStore,
  sqlSessionStore,
} from '@ltihub/kysely/tool'

const NOW = Date.UTC(2026, 0, 5)
const dialects = await testDialects()

async function cipherCtx() {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ])
  return { cipher: createDataCipher(key), clock: () => NOW }
}

async function publication(
  db: Kysely<Database>,
  overrides: Partial<Publication> = {},
): Promise<Publication> {
  const { courseId } = await createCourse(db, DEMO_COURSE, NOW)
  const value: Publication = {
    id: crypto.randomUUID(),
    name: 'Pub',
    courseId,
    enabled: true,
    roleMapping: { instructor: 'teacher', learner: 'student' },
    grades: { sendBack: true, onlyOnCompletion: false },
    memberSync: { trigger: 'off', mode: 'both' },
    userDefaults: { city: 'Utrecht' },
    ...overrides,
  }
  await savePublication(db, value, NOW)
  return value
}

const admitRequest = (
  publicationId: string,
  courseId: string,
  user: string,
  extra: Partial<AdmitRequest> = {},
): AdmitRequest => ({
  publicationId,
  courseId,
  consumer: 'lti11:key',
  learner: { externalId: `lms:${user}`, givenName: user, defaults: { city: 'Utrecht' } },
  role: 'student',
  now: NOW,
  ...extra,
})

function outboxItem(targetKey: string, overrides: Partial<GradeOutboxItem> = {}): GradeOutboxItem {
  return {
    id: crypto.randomUUID(),
    targetKey,
    platformKey: 'lti13:r1',
    target: {
      kind: 'ags',
      registrationId: 'r1',
      deploymentId: 'd1',
      lineItemUrl: 'https://lms/li',
      userId: 'u',
    },
    score: {
      scoreGiven: 0.8,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    },
    timestamp: new Date(NOW).toISOString(),
    publicationId: 'p',
    learnerId: 'l',
    state: 'pending',
    attempts: 0,
    nextAttemptAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  }
}

describe.each(dialects)('tool repositories on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('registrations: upsert by (issuer, client_id) keeps the id; a recorded deployment is never overwritten', async () => {
    const { db } = database()
    const store = sqlRegistrationStore(db, () => NOW)
    const base = {
      name: 'LMS',
      issuer: 'https://lms.test',
      clientId: 'c1',
      authLoginUrl: 'https://lms.test/auth',
      authTokenUrl: 'https://lms.test/token',
      jwksUrl: 'https://lms.test/jwks',
      deploymentPolicy: 'pending' as const,
      lmsIdPrefix: 'lms',
      enabled: true,
    }
    const first = await store.upsert(base)
    const second = await store.upsert({
      ...base,
      name: 'Renamed',
      authServer: 'https://lms.test/as',
    })
    expect(second.id).toBe(first.id)
    expect(await store.find('https://lms.test', 'c1')).toMatchObject({
      name: 'Renamed',
      authServer: 'https://lms.test/as',
    })
    expect(await store.find('https://lms.test', 'other')).toBeUndefined()
    expect(await store.findByIssuer('https://lms.test')).toHaveLength(1)
    const recorded = await store.recordDeployment({
      registrationId: first.id,
      deploymentId: 'd1',
      status: 'pending',
      firstSeenAt: NOW,
    })
    expect(recorded.status).toBe('pending')
    expect(await setDeploymentStatus(db, first.id, 'd1', 'active')).toBe(true)
    expect(await setDeploymentStatus(db, first.id, 'nope', 'active')).toBe(false)
    const again = await store.recordDeployment({
      registrationId: first.id,
      deploymentId: 'd1',
      status: 'pending',
      firstSeenAt: NOW + 1,
    })
    expect(again).toMatchObject({ status: 'active', firstSeenAt: NOW })
  })

  it('consumer keys: the secret is sealed at rest and opened on read; keys are never overwritten', async () => {
    const { db } = database()
    const ctx = await cipherCtx()
    const key = {
      key: 'k1',
      secret: 's3cret-value',
      name: 'LMS',
      lmsIdPrefix: 'lms',
      enabled: true,
    }
    expect(await createConsumerKey(db, ctx, key)).toBe(true)
    expect(await createConsumerKey(db, ctx, { ...key, secret: 'other' })).toBe(false)
    const row = await db.selectFrom('tool_consumer_keys').selectAll().executeTakeFirstOrThrow()
    expect(row.secret_sealed).not.toContain('s3cret')
    expect(await sqlConsumerKeyStore(db, ctx).find('k1')).toEqual(key)
    expect(await sqlConsumerKeyStore(db, ctx).list()).toHaveLength(1)
    expect(await sqlConsumerKeyStore(db, ctx).find('k2')).toBeUndefined()
  })

  it('launch states are single use, even under concurrent takes, and expire', async () => {
    const { db } = database()
    const store = sqlLaunchStateStore(db)
    const record = {
      state: 's'.repeat(20),
      nonce: 'n',
      registrationId: 'r',
      targetLinkUri: 'https://t',
      bindingHash: 'h',
      expiresAt: NOW + 1000,
    }
    await store.save(record)
    expect(await store.find(record.state, NOW)).toEqual(record)
    const takes = await Promise.all([
      store.take(record.state, NOW),
      store.take(record.state, NOW),
      store.take(record.state, NOW),
    ])
    expect(takes.filter((t) => t !== undefined)).toHaveLength(1)
    await store.save({ ...record, state: 'e'.repeat(20) })
    expect(await store.take('e'.repeat(20), NOW + 1000)).toBeUndefined()
    expect(await store.find('e'.repeat(20), NOW)).toBeUndefined()
  })

  it('sessions expire and are purged', async () => {
    const { db } = database()
    const store = sqlSessionStore(db)
    const session = {
      kind: 'deep-linking' as const,
      id: 'sess1',
      expiresAt: NOW + 10,
      deepLinking: {
        sessionId: 'sess1',
        registrationId: 'r',
        issuer: 'https://i',
        clientId: 'c',
        deploymentId: 'd',
        returnUrl: 'https://r',
        acceptMultiple: false,
        createdAt: NOW,
        expiresAt: NOW + 10,
      },
    }
    await store.save(session)
    expect(await store.get('sess1', NOW)).toEqual(session)
    expect(await store.get('sess1', NOW + 10)).toBeUndefined()
    expect(await purgeExpiredSessions(db, NOW + 10)).toBe(1)
  })

  it('publications round-trip every setting', async () => {
    const { db } = database()
    const pub = await publication(db, {
      activityId: 'a1',
      consumers: [{ kind: 'lti11', consumerKey: 'k' }],
      enrolmentPeriodMs: 1000,
      enrolmentStartsAt: NOW,
      enrolmentEndsAt: NOW + 5,
      maxEnrolledUsers: 3,
    })
    const store = sqlPublicationStore(db)
    expect(await store.get(pub.id)).toEqual(pub)
    expect(await store.listForCourse(pub.courseId)).toEqual([pub])
    expect(await store.list()).toHaveLength(1)
  })

  it('admit: enrolled, existing, reactivated; one licence per subscription; learner upserted by external ID', async () => {
    const { db } = database()
    const pub = await publication(db)
    const store = sqlEnrolmentStore(db, dialect.name)
    const first = await store.admit(admitRequest(pub.id, pub.courseId, 'ada'))
    expect(first).toMatchObject({
      outcome: 'enrolled',
      licenceRecorded: true,
      learner: { externalId: 'lms:ada', defaults: { city: 'Utrecht' } },
    })
    if (first.outcome === 'full' || first.outcome === 'expired') throw new Error('unexpected')
    const second = await store.admit(
      admitRequest(pub.id, pub.courseId, 'ada', {
        learner: { externalId: 'lms:ada', email: 'a@x.test', defaults: {} },
      }),
    )
    expect(second).toMatchObject({
      outcome: 'existing',
      licenceRecorded: false,
      learner: { id: first.learner.id, givenName: 'ada', email: 'a@x.test' },
    })
    await store.unenrol(first.enrolment.id, NOW)
    expect(await store.listActive(pub.id)).toHaveLength(0)
    const third = await store.admit(admitRequest(pub.id, pub.courseId, 'ada'))
    expect(third).toMatchObject({ outcome: 'reactivated', licenceRecorded: false })
    expect(await store.licenceCounts()).toEqual([
      { publicationId: pub.id, consumer: 'lti11:key', subscriptions: 1 },
    ])
    expect(await store.findByExternalId('lms:ada')).toMatchObject({ id: first.learner.id })
    expect(await store.listActive(pub.id, { consumer: 'lti11:other' })).toHaveLength(0)
  })

  it('admit never overbooks: concurrent admissions to one seat enrol exactly one and write nothing for the rest', async () => {
    const { db } = database()
    const pub = await publication(db)
    const store = sqlEnrolmentStore(db, dialect.name)
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((user) =>
        store.admit(admitRequest(pub.id, pub.courseId, user, { maxEnrolled: 1 })),
      ),
    )
    expect(results.filter((r) => r.outcome === 'enrolled')).toHaveLength(1)
    expect(results.filter((r) => r.outcome === 'full')).toHaveLength(4)
    expect(await db.selectFrom('tool_learners').select('id').execute()).toHaveLength(1)
    expect(await db.selectFrom('tool_licences').select('learner_id').execute()).toHaveLength(1)
  })

  it('outbox: enqueue supersedes older pending items; latest by timestamp', async () => {
    const { db } = database()
    const outbox = sqlGradeOutbox(db)
    const older = outboxItem('t1')
    const newer = outboxItem('t1', { timestamp: new Date(NOW + 5).toISOString() })
    await outbox.enqueue(older)
    await outbox.enqueue(newer)
    expect((await outbox.get(older.id))?.state).toBe('superseded')
    expect((await outbox.latest('t1'))?.id).toBe(newer.id)
    expect(await outbox.latest('none')).toBeUndefined()
  })

  it('outbox: two workers claiming at once never get the same row', async () => {
    const { db } = database()
    const outbox = sqlGradeOutbox(db)
    for (let i = 0; i < 12; i += 1)
      await outbox.enqueue(outboxItem(`target-${i}`, { createdAt: NOW + i }))
    const [a, b, c] = await Promise.all([
      outbox.claimDue(NOW, 12, NOW + 60_000),
      outbox.claimDue(NOW, 12, NOW + 60_000),
      outbox.claimDue(NOW, 12, NOW + 60_000),
    ])
    const ids = [...(a ?? []), ...(b ?? []), ...(c ?? [])].map((item) => item.id)
    expect(ids).toHaveLength(12)
    expect(new Set(ids).size).toBe(12)
    expect(await outbox.claimDue(NOW, 12, NOW + 60_000)).toEqual([])
    // After the lease a stuck item may be claimed again.
    expect(await outbox.claimDue(NOW + 60_000, 100, NOW + 120_000)).toHaveLength(12)
  })

  it('outbox: not due yet, busy target, settle, dead letters and resend', async () => {
    const { db } = database()
    const outbox = sqlGradeOutbox(db)
    const later = outboxItem('t-later', { nextAttemptAt: NOW + 1000 })
    await outbox.enqueue(later)
    expect(await outbox.claimDue(NOW, 10, NOW + 100)).toEqual([])
    const [claimed] = await outbox.claimDue(NOW + 1000, 10, NOW + 5000)
    expect(claimed).toMatchObject({ id: later.id, state: 'delivering', leaseUntil: NOW + 5000 })
    // A newer score for the same target waits while the first is in flight.
    await outbox.enqueue(outboxItem('t-later', { timestamp: new Date(NOW + 9).toISOString() }))
    expect(await outbox.claimDue(NOW + 1000, 10, NOW + 5000)).toEqual([])
    await outbox.settle(later.id, {
      state: 'dead',
      at: NOW + 2000,
      attempts: 8,
      lastError: 'HTTP 400',
      lastStatus: 400,
    })
    expect(await outbox.listDead(10)).toEqual([
      expect.objectContaining({
        id: later.id,
        lastError: 'HTTP 400',
        lastStatus: 400,
        attempts: 8,
      }),
    ])
    expect(await outbox.resend(later.id, NOW + 3000)).toBe(true)
    expect(await outbox.resend(later.id, NOW + 3000)).toBe(false)
    expect(await outbox.get(later.id)).toMatchObject({
      state: 'pending',
      attempts: 0,
      nextAttemptAt: NOW + 3000,
    })
    await outbox.settle(later.id, { state: 'delivered', at: NOW + 4000, attempts: 1 })
    expect(await outbox.get(later.id)).toMatchObject({
      state: 'delivered',
      deliveredAt: NOW + 4000,
    })
    await outbox.settle(later.id, {
      state: 'pending',
      at: NOW,
      attempts: 2,
      nextAttemptAt: NOW + 7,
      lastError: 'x',
    })
    expect(await outbox.get(later.id)).toMatchObject({ state: 'pending', nextAttemptAt: NOW + 7 })
  })

  it('roster sources: one per (publication, registration, context), replaced on save', async () => {
    const { db } = database()
    const store = sqlRosterSourceStore(db)
    const source = {
      kind: 'lti13' as const,
      publicationId: 'p',
      registrationId: 'r',
      deploymentId: 'd',
      contextId: 'c',
      membershipsUrl: 'https://lms/m1',
      updatedAt: NOW,
    }
    await store.save(source)
    await store.save({ ...source, membershipsUrl: 'https://lms/m2' })
    expect(await store.list('p')).toEqual([{ ...source, membershipsUrl: 'https://lms/m2' }])
    expect(await store.list('other')).toEqual([])
  })

  it('roster sources: a save without line item URLs keeps the stored ones; LTI 1.1 sources', async () => {
    const { db } = database()
    const store = sqlRosterSourceStore(db)
    const source = {
      kind: 'lti13' as const,
      publicationId: 'p',
      registrationId: 'r',
      deploymentId: 'd',
      contextId: 'c',
      membershipsUrl: 'https://lms/m',
      updatedAt: NOW,
    }
    const lineItems = {
      lineItemUrl: 'https://lms/c/lineitems/1',
      lineItemsUrl: 'https://lms/c/lineitems',
    }
    await store.save({ ...source, ...lineItems })
    await store.save({ ...source, updatedAt: NOW + 1 })
    await store.save({ ...source, lineItemUrl: 'https://lms/c/lineitems/2', updatedAt: NOW + 2 })
    const lti11 = {
      kind: 'lti11' as const,
      publicationId: 'p',
      consumerKey: 'key-1',
      contextId: 'c',
      membershipsUrl: 'https://lms11/m',
      updatedAt: NOW + 3,
    }
    await store.save(lti11)
    expect(await store.list('p')).toEqual([
      { ...source, ...lineItems, lineItemUrl: 'https://lms/c/lineitems/2', updatedAt: NOW + 2 },
      lti11,
    ])
  })
})
