import { describe, expect, it } from 'vitest'
import { createFixture, FIXTURE_START } from '../testing/fixture.js'

const COURSE_CLAIM = { custom: { course: 'SAFE-101' } }

async function enrolled(publication: Parameters<typeof createFixture>[0] = {}) {
  const f = await createFixture(publication)
  await f.launch13({ ...COURSE_CLAIM, lineItemUrl: f.platform.urls.lineItem('1') })
  const launch = f.launches[0]
  if (launch === undefined) throw new Error('launch failed')
  const base = { publicationId: 'publication-1', learnerId: launch.learner.id }
  return { f, base }
}

describe('reporting results and progress', () => {
  it('queues the result of the grade activity on completion, in 0..1 with its original time', async () => {
    const { f, base } = await enrolled()
    const at = FIXTURE_START - 5_000
    const outcome = await f.tool.grades.reportResult({
      ...base,
      activityId: 'activity-final',
      score: 0.8,
      completed: true,
      at,
    })
    expect(outcome.status).toBe('queued')
    const [item] = f.ports.gradeOutbox.all()
    expect(item).toMatchObject({
      state: 'pending',
      attempts: 0,
      timestamp: new Date(at).toISOString(),
      platformKey: 'lti13:registration-1',
      score: {
        scoreGiven: 0.8,
        scoreMaximum: 1,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      },
      target: { kind: 'ags', lineItemUrl: f.platform.urls.lineItem('1'), userId: 'user-1' },
    })
  })

  it.each([
    [
      'grades are not sent back',
      { grades: { sendBack: false, onlyOnCompletion: false } },
      'activity-final',
      true,
      'grades-disabled',
    ],
    ['the activity is not the grade activity', {}, 'activity-intro', true, 'not-grade-activity'],
    [
      'only completion counts and the activity is not completed',
      {},
      'activity-final',
      false,
      'not-completed',
    ],
  ])('skips a result when %s', async (_name, publication, activityId, completed, reason) => {
    const { f, base } = await enrolled({ publication })
    const outcome = await f.tool.grades.reportResult({ ...base, activityId, score: 0.5, completed })
    expect(outcome).toEqual({ status: 'skipped', reason })
    expect(f.ports.gradeOutbox.all()).toEqual([])
  })

  it('sends an unfinished result as pending when not only completion counts', async () => {
    const { f, base } = await enrolled({
      publication: { grades: { sendBack: true, onlyOnCompletion: false } },
    })
    await f.tool.grades.reportResult({
      ...base,
      activityId: 'activity-final',
      score: 0.3,
      completed: false,
    })
    expect(f.ports.gradeOutbox.all()[0]?.score).toEqual({
      scoreGiven: 0.3,
      scoreMaximum: 1,
      activityProgress: 'InProgress',
      gradingProgress: 'Pending',
    })
  })

  it('skips learners who are not enrolled or whose launch gave no line item', async () => {
    const f = await createFixture()
    await f.launch13(COURSE_CLAIM)
    const learnerId = f.launches[0]?.learner.id ?? ''
    const report = {
      publicationId: 'publication-1',
      activityId: 'activity-final',
      score: 1,
      completed: true,
    }
    expect(await f.tool.grades.reportResult({ ...report, learnerId })).toEqual({
      status: 'skipped',
      reason: 'no-grade-target',
    })
    expect(await f.tool.grades.reportResult({ ...report, learnerId: 'someone-else' })).toEqual({
      status: 'skipped',
      reason: 'not-enrolled',
    })
  })

  it('refuses a score outside 0..1 as a programming error', async () => {
    const { f, base } = await enrolled()
    for (const score of [-0.1, 1.01, Number.NaN]) {
      await expect(
        f.tool.grades.reportResult({
          ...base,
          activityId: 'activity-final',
          score,
          completed: true,
        }),
      ).rejects.toThrow(TypeError)
    }
  })

  it('keeps timestamps strictly increasing per line item and user, and supersedes older pending items', async () => {
    const { f, base } = await enrolled()
    const report = { ...base, activityId: 'activity-final', completed: true, at: FIXTURE_START }
    await f.tool.grades.reportResult({ ...report, score: 0.5 })
    await f.tool.grades.reportResult({ ...report, score: 0.6 })
    await f.tool.grades.reportResult({ ...report, score: 0.7, at: FIXTURE_START - 60_000 })
    const items = f.ports.gradeOutbox.all()
    expect(items.map((i) => i.timestamp)).toEqual([
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T10:00:00.001Z',
      '2025-03-01T10:00:00.002Z',
    ])
    expect(items.map((i) => i.state)).toEqual(['superseded', 'superseded', 'pending'])
  })

  it('sends progress as AGS activityProgress, repeating an earlier result so it is not cleared', async () => {
    const { f, base } = await enrolled()
    await f.tool.grades.reportProgress({ ...base, progress: 'started' })
    expect(f.ports.gradeOutbox.all()[0]?.score).toEqual({
      activityProgress: 'Started',
      gradingProgress: 'NotReady',
    })
    await f.tool.grades.reportResult({
      ...base,
      activityId: 'activity-final',
      score: 0.9,
      completed: true,
    })
    await f.tool.grades.reportProgress({ ...base, progress: 'in-progress' })
    expect(f.ports.gradeOutbox.all().at(-1)?.score).toEqual({
      scoreGiven: 0.9,
      scoreMaximum: 1,
      activityProgress: 'InProgress',
      gradingProgress: 'FullyGraded',
    })
  })

  it('skips progress for LTI 1.1 launches, which have no progress', async () => {
    const f = await createFixture()
    await f.tool.handle(
      await f.lti11Request(
        {
          user_id: 'u1',
          lis_outcome_service_url: 'https://lms.example.test/outcomes',
          lis_result_sourcedid: 's1',
        },
        { custom: { course: 'SAFE-101' } },
      ),
    )
    const learnerId = f.launches[0]?.learner.id ?? ''
    const outcome = await f.tool.grades.reportProgress({
      publicationId: 'publication-1',
      learnerId,
      progress: 'completed',
    })
    expect(outcome).toEqual({ status: 'skipped', reason: 'unsupported-by-lti11' })
  })
})
