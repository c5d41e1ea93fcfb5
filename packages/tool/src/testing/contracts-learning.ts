/** The contract checks of learners and enrolments, the grade outbox and roster sources. */
import type { AdmitRequest } from '../ports.js'
import type { GradeOutboxItem } from '../records.js'
import {
  assert,
  course,
  NOW,
  publicationOf,
  RACERS,
  type ToolContractCheck,
  type ToolPortsUnderTest,
} from './contracts-support.js'

function admission(externalId: string, overrides: Partial<AdmitRequest> = {}): AdmitRequest {
  return {
    publicationId: 'p1',
    courseId: course.id,
    consumer: 'lti11:k1',
    contextId: 'ctx-1',
    learner: { externalId, givenName: 'Ada', defaults: { country: 'NL' } },
    role: 'student',
    now: NOW,
    ...overrides,
  }
}

async function published({ publish }: ToolPortsUnderTest): Promise<void> {
  await publish(course, publicationOf('p1'))
}

function outboxItem(
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
      lineItemUrl: 'https://platform.example/li/1',
      userId: targetKey,
    },
    score: {
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
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

const LEASE = NOW + 30_000

const enrolmentChecks: readonly ToolContractCheck[] = [
  {
    name: 'enrolments: admit enrols once, then finds the learner existing, with one licence',
    async run(subject) {
      await published(subject)
      const { ports } = subject
      const first = await ports.enrolments.admit(admission('plat:u1'))
      assert(first.outcome === 'enrolled', `first admission enrols (got ${first.outcome})`)
      assert(first.outcome === 'enrolled' && first.licenceRecorded, 'and records a licence')
      const again = await ports.enrolments.admit(
        admission('plat:u1', {
          learner: { externalId: 'plat:u1', givenName: 'Ada L.', defaults: {} },
        }),
      )
      assert(again.outcome === 'existing', `a second launch finds it (got ${again.outcome})`)
      assert(again.outcome === 'existing' && !again.licenceRecorded, 'without a second licence')
      const learner = await ports.learners.findByExternalId('plat:u1')
      assert(learner?.givenName === 'Ada L.', 'the profile follows the launch')
      assert(learner?.defaults.country === 'NL', 'defaults stay those of the creation')
      assert((await ports.learners.get(learner?.id ?? '-'))?.id === learner?.id, 'get by id')
      assert(
        (await ports.enrolments.find('p1', learner?.id ?? '-'))?.status === 'active',
        'find returns the active enrolment',
      )
      const counts = await ports.enrolments.licenceCounts()
      assert(counts.length === 1 && counts[0]?.subscriptions === 1, 'one licence counted')
    },
  },
  {
    name: 'enrolments: a full publication refuses and writes nothing, even when raced',
    async run(subject) {
      await published(subject)
      const { ports } = subject
      const raced = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          ports.enrolments.admit(admission(`plat:r${i}`, { maxEnrolled: 2 })),
        ),
      )
      const enrolled = raced.filter((r) => r.outcome === 'enrolled').length
      assert(enrolled === 2, `exactly the 2 seats are given (got ${enrolled})`)
      assert(raced.filter((r) => r.outcome === 'full').length === RACERS - 2, 'the rest: full')
      assert((await ports.enrolments.listActive('p1')).length === 2, 'two active enrolments')
      for (let i = 0; i < RACERS; i += 1) {
        const result = raced[i]
        const learner = await ports.learners.findByExternalId(`plat:r${i}`)
        if (result?.outcome === 'full')
          assert(learner === undefined, 'a refused launch: no account')
      }
      const seated = raced.findIndex((r) => r.outcome === 'enrolled')
      const back = await ports.enrolments.admit(admission(`plat:r${seated}`, { maxEnrolled: 2 }))
      assert(back.outcome === 'existing', 'a seated learner still gets in when full')
    },
  },
  {
    name: 'enrolments: an enrolment past its end answers expired and changes nothing',
    async run(subject) {
      await published(subject)
      const { ports } = subject
      const first = await ports.enrolments.admit(admission('plat:u1', { expiresAt: NOW + 10 }))
      assert(first.outcome === 'enrolled', 'enrolled with an end')
      const late = await ports.enrolments.admit(
        admission('plat:u1', {
          now: NOW + 10,
          learner: { externalId: 'plat:u1', givenName: 'Changed', defaults: {} },
        }),
      )
      assert(late.outcome === 'expired', `at its end: expired (got ${late.outcome})`)
      const learner = await ports.learners.findByExternalId('plat:u1')
      assert(learner?.givenName === 'Ada', 'the expired launch wrote nothing')
    },
  },
  {
    name: 'enrolments: unenrol then launch reactivates without a second licence; filters hold',
    async run(subject) {
      await published(subject)
      const { ports } = subject
      const first = await ports.enrolments.admit(admission('plat:u1'))
      if (first.outcome !== 'enrolled') throw new Error(`port contract violated: ${first.outcome}`)
      await ports.enrolments.admit(
        admission('plat:u2', { consumer: 'lti13:r1', contextId: 'ctx-2' }),
      )
      await ports.enrolments.unenrol(first.enrolment.id, NOW + 1)
      assert((await ports.enrolments.listActive('p1')).length === 1, 'unenrolled: not active')
      const back = await ports.enrolments.admit(admission('plat:u1', { now: NOW + 2 }))
      assert(back.outcome === 'reactivated', `back: reactivated (got ${back.outcome})`)
      assert(back.outcome === 'reactivated' && !back.licenceRecorded, 'no second licence')
      const byConsumer = await ports.enrolments.listActive('p1', { consumer: 'lti13:r1' })
      assert(byConsumer.length === 1 && byConsumer[0]?.contextId === 'ctx-2', 'by consumer')
      const byContext = await ports.enrolments.listActive('p1', { contextId: 'ctx-1' })
      assert(byContext.length === 1, 'by context')
      assert((await ports.enrolments.listActive('p2')).length === 0, 'other publication: none')
      const total = (await ports.enrolments.licenceCounts()).reduce(
        (n, c) => n + c.subscriptions,
        0,
      )
      assert(total === 2, `one licence per subscription (got ${total})`)
    },
  },
]

const outboxChecks: readonly ToolContractCheck[] = [
  {
    name: 'outbox: enqueue supersedes the pending items of the target; latest is the newest',
    async run({ ports }) {
      await ports.gradeOutbox.enqueue(outboxItem('o1', 'u1', NOW))
      await ports.gradeOutbox.enqueue(outboxItem('o2', 'u1', NOW + 1))
      await ports.gradeOutbox.enqueue(outboxItem('o3', 'u2', NOW + 2))
      assert((await ports.gradeOutbox.get('o1'))?.state === 'superseded', 'older: superseded')
      assert((await ports.gradeOutbox.get('o3'))?.state === 'pending', 'other target: kept')
      assert((await ports.gradeOutbox.latest('u1'))?.id === 'o2', 'latest of the target')
      assert((await ports.gradeOutbox.latest('u9')) === undefined, 'unknown target: none')
    },
  },
  {
    name: 'outbox: racing claims hand every due item to exactly one worker',
    async run({ ports }) {
      for (let i = 0; i < 6; i += 1) {
        await ports.gradeOutbox.enqueue(outboxItem(`o${i}`, `u${i}`, NOW + i))
      }
      await ports.gradeOutbox.enqueue(outboxItem('later', 'u9', NOW, { nextAttemptAt: NOW + 5000 }))
      const claims = await Promise.all(
        Array.from({ length: RACERS }, () => ports.gradeOutbox.claimDue(NOW + 10, 3, LEASE)),
      )
      const ids = claims.flat().map((item) => item.id)
      assert(ids.length === 6, `the 6 due items are claimed (got ${ids.length})`)
      assert(new Set(ids).size === ids.length, 'no item is handed out twice')
      assert(!ids.includes('later'), 'an item not yet due is not claimed')
      const item = await ports.gradeOutbox.get('o0')
      assert(item?.state === 'delivering' && item.leaseUntil === LEASE, 'claimed: delivering')
      assert((await ports.gradeOutbox.claimDue(NOW + 10, 10, LEASE)).length === 0, 'none left')
    },
  },
  {
    name: 'outbox: claims go oldest first, one item per target at a time, skipping platforms',
    async run({ ports }) {
      await ports.gradeOutbox.enqueue(outboxItem('a', 'u1', NOW))
      await ports.gradeOutbox.enqueue(outboxItem('b', 'u2', NOW + 1, { platformKey: 'lti11:k1' }))
      await ports.gradeOutbox.enqueue(outboxItem('c', 'u3', NOW + 2))
      const first = await ports.gradeOutbox.claimDue(NOW + 10, 1, LEASE)
      assert(first.length === 1 && first[0]?.id === 'a', 'the oldest first')
      const skipped = await ports.gradeOutbox.claimDue(NOW + 10, 5, LEASE, {
        skipPlatforms: ['lti11:k1'],
      })
      assert(skipped.length === 1 && skipped[0]?.id === 'c', 'a skipped platform stays')
      // A newer score of u1 while `a` is in flight waits for it.
      await ports.gradeOutbox.enqueue(outboxItem('a2', 'u1', NOW + 3))
      const next = await ports.gradeOutbox.claimDue(NOW + 10, 5, LEASE)
      assert(next.length === 1 && next[0]?.id === 'b', 'not a target already in flight')
    },
  },
  {
    name: 'outbox: an expired lease is claimed again, resumed; settle, dead and resend',
    async run({ ports }) {
      await ports.gradeOutbox.enqueue(outboxItem('a', 'u1', NOW))
      await ports.gradeOutbox.claimDue(NOW, 1, NOW + 100)
      assert((await ports.gradeOutbox.claimDue(NOW + 99, 1, NOW + 500)).length === 0, 'leased')
      const resumed = await ports.gradeOutbox.claimDue(NOW + 100, 1, NOW + 500)
      assert(resumed[0]?.id === 'a' && resumed[0].resumed === true, 'expired lease: resumed')
      await ports.gradeOutbox.settle('a', {
        state: 'dead',
        at: NOW + 200,
        attempts: 5,
        lastError: 'HTTP 400',
        lastStatus: 400,
      })
      const dead = await ports.gradeOutbox.listDead(10)
      assert(dead.length === 1 && dead[0]?.lastStatus === 400, 'dead items are listed')
      assert(await ports.gradeOutbox.resend('a', NOW + 300), 'a dead item is sent again')
      assert(!(await ports.gradeOutbox.resend('a', NOW + 300)), 'but only a dead one')
      const again = await ports.gradeOutbox.get('a')
      assert(again?.state === 'pending' && again.attempts === 0, 'pending with no attempts')
      await ports.gradeOutbox.claimDue(NOW + 300, 1, NOW + 400)
      await ports.gradeOutbox.settle('a', { state: 'delivered', at: NOW + 301, attempts: 1 })
      const done = await ports.gradeOutbox.get('a')
      assert(done?.state === 'delivered' && done.deliveredAt === NOW + 301, 'delivered')
      assert((await ports.gradeOutbox.claimDue(NOW + 1000, 5, NOW + 2000)).length === 0, 'done')
    },
  },
]

const rosterChecks: readonly ToolContractCheck[] = [
  {
    name: 'roster sources: save replaces by context and keeps a known line item',
    async run({ ports }) {
      const source = {
        kind: 'lti13' as const,
        publicationId: 'p1',
        registrationId: 'r1',
        deploymentId: 'd1',
        contextId: 'ctx-1',
        membershipsUrl: 'https://platform.example/members',
        lineItemUrl: 'https://platform.example/li/1',
        updatedAt: NOW,
      }
      await ports.rosterSources.save(source)
      const { lineItemUrl: _dropped, ...withoutLineItem } = source
      await ports.rosterSources.save({ ...withoutLineItem, updatedAt: NOW + 1 })
      await ports.rosterSources.save({
        kind: 'lti11',
        publicationId: 'p2',
        consumerKey: 'k1',
        contextId: 'ctx-1',
        membershipsUrl: 'https://platform.example/v1',
        updatedAt: NOW + 2,
      })
      const p1 = await ports.rosterSources.list('p1')
      assert(p1.length === 1, 'one source per context')
      const stored = p1[0]
      assert(
        stored?.kind === 'lti13' && stored.lineItemUrl === source.lineItemUrl,
        'the line item is kept',
      )
      assert(stored?.updatedAt === NOW + 1, 'the rest is replaced')
      assert((await ports.rosterSources.list()).length === 2, 'list without filter has both')
      assert((await ports.rosterSources.list('p3')).length === 0, 'other publication: none')
    },
  },
]

export const learningChecks: readonly ToolContractCheck[] = [
  ...enrolmentChecks,
  ...outboxChecks,
  ...rosterChecks,
]
