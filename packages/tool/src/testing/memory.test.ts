import { describe, expect, it } from 'vitest'
import type { GradeOutboxItem } from '../records.js'
import { MemoryEnrolmentStore } from './memory-enrolments.js'
import { MemoryGradeOutbox } from './memory-outbox.js'
import { MemoryLaunchStateStore } from './memory-sessions.js'

const admit = (externalId: string, maxEnrolled?: number) => ({
  publicationId: 'p1',
  courseId: 'c1',
  consumer: 'lti11:k',
  learner: { externalId, defaults: { country: 'NL' } },
  role: 'student',
  now: 1,
  ...(maxEnrolled === undefined ? {} : { maxEnrolled }),
})

function item(
  id: string,
  targetKey: string,
  createdAt: number,
  overrides: Partial<GradeOutboxItem> = {},
): GradeOutboxItem {
  return {
    id,
    targetKey,
    platformKey: 'lti13:r1',
    target: {
      kind: 'ags',
      registrationId: 'r1',
      deploymentId: 'd1',
      lineItemUrl: 'https://x/li',
      userId: 'u',
    },
    score: {
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      scoreGiven: 1,
      scoreMaximum: 1,
    },
    timestamp: new Date(createdAt).toISOString(),
    publicationId: 'p1',
    learnerId: 'l1',
    state: 'pending',
    attempts: 0,
    nextAttemptAt: createdAt,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  }
}

describe('memory ports', () => {
  it('admit writes nothing at all when the publication is full', async () => {
    const store = new MemoryEnrolmentStore()
    expect((await store.admit(admit('a:1', 1))).outcome).toBe('enrolled')
    expect(await store.admit(admit('a:2', 1))).toEqual({ outcome: 'full' })
    expect(store.learners().map((l) => l.externalId)).toEqual(['a:1'])
    expect((await store.admit(admit('a:1', 1))).outcome).toBe('existing')
  })

  it('admit reactivates an unenrolled learner without a second licence', async () => {
    const store = new MemoryEnrolmentStore()
    const first = await store.admit(admit('a:1'))
    if (first.outcome === 'full') throw new Error('full')
    await store.unenrol(first.enrolment.id, 2)
    const again = await store.admit(admit('a:1'))
    expect(again).toMatchObject({ outcome: 'reactivated', licenceRecorded: false })
    expect(await store.licenceCounts()).toEqual([
      { publicationId: 'p1', consumer: 'lti11:k', subscriptions: 1 },
    ])
  })

  it('admit answers expired for an active enrolment past its end, and writes nothing', async () => {
    const store = new MemoryEnrolmentStore()
    const first = await store.admit({
      ...admit('a:1'),
      learner: { externalId: 'a:1', defaults: {} },
      expiresAt: 10,
    })
    if (first.outcome !== 'enrolled') throw new Error(first.outcome)
    const late = await store.admit({
      ...admit('a:1'),
      learner: { externalId: 'a:1', givenName: 'Changed', defaults: {} },
      now: 10,
    })
    expect(late).toEqual({ outcome: 'expired', enrolment: first.enrolment })
    expect(store.learners()).toEqual([first.learner])
  })

  it('a launch state is taken once, and never after it expired', async () => {
    const states = new MemoryLaunchStateStore()
    const record = {
      state: 's',
      nonce: 'n',
      registrationId: 'r',
      targetLinkUri: 'https://t',
      bindingHash: 'h',
      expiresAt: 10,
    }
    await states.save(record)
    expect(await states.find('s', 5)).toEqual(record)
    expect(await states.take('s', 5)).toEqual(record)
    expect(await states.take('s', 5)).toBeUndefined()
    await states.save(record)
    expect(await states.take('s', 10)).toBeUndefined()
  })

  it('claims due items once, leases them, and keeps one user’s scores in order', async () => {
    const outbox = new MemoryGradeOutbox()
    await outbox.enqueue(item('a', 'k1', 1))
    await outbox.enqueue(item('b', 'k2', 2))
    await outbox.enqueue(item('c', 'k2', 3, { state: 'pending' }))
    expect((await outbox.get('b'))?.state).toBe('superseded')
    await outbox.enqueue(item('d', 'k3', 4, { nextAttemptAt: 100 }))
    const claimed = await outbox.claimDue(10, 10, 70)
    expect(claimed.map((i) => i.id)).toEqual(['a', 'c'])
    expect(await outbox.claimDue(10, 10, 70)).toEqual([])
    // A crashed worker's lease runs out: the items come back.
    expect((await outbox.claimDue(70, 10, 130)).map((i) => i.id)).toEqual(['a', 'c'])
    await outbox.settle('a', { state: 'delivered', at: 80, attempts: 1 })
    expect(await outbox.get('a')).toMatchObject({ state: 'delivered', deliveredAt: 80 })
    expect(await outbox.get('a')).not.toHaveProperty('leaseUntil')
  })

  it('does not claim an item while another of the same user is being delivered', async () => {
    const outbox = new MemoryGradeOutbox()
    await outbox.enqueue(item('a', 'k1', 1))
    await outbox.claimDue(5, 10, 50)
    await outbox.enqueue(item('b', 'k1', 6))
    expect(await outbox.claimDue(7, 10, 50)).toEqual([])
    await outbox.settle('a', { state: 'delivered', at: 8, attempts: 1 })
    expect((await outbox.claimDue(9, 10, 50)).map((i) => i.id)).toEqual(['b'])
  })

  it('resends only dead items', async () => {
    const outbox = new MemoryGradeOutbox()
    await outbox.enqueue(item('a', 'k1', 1))
    expect(await outbox.resend('a', 5)).toBe(false)
    await outbox.settle('a', {
      state: 'dead',
      at: 2,
      attempts: 3,
      lastError: 'HTTP 409',
      lastStatus: 409,
    })
    expect(await outbox.resend('a', 5)).toBe(true)
    expect(await outbox.get('a')).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 5 })
  })
})
