import type { AdmitRequest, Publication } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../db/schema.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { createCourse, DEMO_COURSE } from '../tool-content/seed.js'
import { savePublication, sqlEnrolmentStore } from '@ltihub/kysely/tool'

const NOW = Date.UTC(2026, 0, 5)
const DAY = 86_400_000

async function publication(db: Kysely<Database>): Promise<Publication> {
  const { courseId } = await createCourse(db, DEMO_COURSE, NOW)
  const value: Publication = {
    id: crypto.randomUUID(),
    name: 'Pub',
    courseId,
    enabled: true,
    enrolmentPeriodMs: DAY,
    roleMapping: { instructor: 'teacher', learner: 'student' },
    grades: { sendBack: true, onlyOnCompletion: false },
    memberSync: { trigger: 'off', mode: 'both' },
    userDefaults: {},
  }
  await savePublication(db, value, NOW)
  return value
}

function request(pub: Publication, now: number, extra: Partial<AdmitRequest> = {}): AdmitRequest {
  return {
    publicationId: pub.id,
    courseId: pub.courseId,
    consumer: 'lti13:r1',
    learner: { externalId: 'lms:ada', givenName: 'Ada', email: 'ada@x.test', defaults: {} },
    role: 'student',
    now,
    expiresAt: now + DAY,
    ...extra,
  }
}

describe.each(await testDialects())('sqlEnrolmentStore.admit on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('answers expired for an active enrolment past its end, and writes nothing', async () => {
    const { db } = database()
    const pub = await publication(db)
    const store = sqlEnrolmentStore(db, dialect.name)
    const first = await store.admit(request(pub, NOW))
    if (first.outcome !== 'enrolled') throw new Error(`unexpected ${first.outcome}`)
    const later = NOW + DAY
    const expired = await store.admit(
      request(pub, later, { learner: { externalId: 'lms:ada', givenName: 'Bea', defaults: {} } }),
    )
    expect(expired).toEqual({ outcome: 'expired', enrolment: first.enrolment })
    expect(await store.findByExternalId('lms:ada')).toEqual(first.learner)
    expect(await store.find(pub.id, first.learner.id)).toEqual(first.enrolment)
  })

  it('keeps an unchanged learner as stored and still renews the enrolment', async () => {
    const { db } = database()
    const pub = await publication(db)
    const store = sqlEnrolmentStore(db, dialect.name)
    const first = await store.admit(request(pub, NOW))
    if (first.outcome !== 'enrolled') throw new Error(`unexpected ${first.outcome}`)
    const again = await store.admit(request(pub, NOW + 1000, { contextId: 'c-2', role: 'teacher' }))
    expect(again).toMatchObject({
      outcome: 'existing',
      licenceRecorded: false,
      learner: first.learner,
      enrolment: { id: first.enrolment.id, contextId: 'c-2', role: 'teacher' },
    })
    const renamed = await store.admit(
      request(pub, NOW + 2000, {
        learner: { externalId: 'lms:ada', familyName: 'Lovelace', defaults: {} },
      }),
    )
    expect(renamed).toMatchObject({
      outcome: 'existing',
      learner: { id: first.learner.id, givenName: 'Ada', familyName: 'Lovelace' },
    })
    expect(await store.findByExternalId('lms:ada')).toMatchObject({ familyName: 'Lovelace' })
  })

  it('records one licence per subscription, not again when an enrolment is reactivated', async () => {
    const { db } = database()
    const pub = await publication(db)
    const store = sqlEnrolmentStore(db, dialect.name)
    const first = await store.admit(request(pub, NOW))
    if (first.outcome !== 'enrolled') throw new Error(`unexpected ${first.outcome}`)
    await store.unenrol(first.enrolment.id, NOW)
    const back = await store.admit(request(pub, NOW + 2 * DAY))
    expect(back).toMatchObject({
      outcome: 'reactivated',
      licenceRecorded: false,
      enrolment: { status: 'active', startedAt: NOW + 2 * DAY, expiresAt: NOW + 3 * DAY },
    })
    expect(await store.licenceCounts()).toEqual([
      { publicationId: pub.id, consumer: 'lti13:r1', subscriptions: 1 },
    ])
  })
})
