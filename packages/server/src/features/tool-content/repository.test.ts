import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import {
  getActivity,
  listActivities,
  listQuestions,
  markCompleted,
  markStarted,
  progressOf,
  sqlContentCatalog,
  unmetConditions,
  updateCourseSettings,
} from './repository.js'
import { createCourse, DEMO_COURSE, DEMO_COURSE_EXTERNAL_ID, seedDemoCourse } from './seed.js'

const NOW = Date.UTC(2026, 1, 1)
const dialects = await testDialects()

describe.each(dialects)('tool content on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('the demo seeder is idempotent (found again by external ID)', async () => {
    const { db } = database()
    const ctx = { db, clock: () => NOW }
    const first = await seedDemoCourse(ctx)
    expect(await seedDemoCourse(ctx)).toBe(first)
    expect(await db.selectFrom('tool_courses').select('id').execute()).toHaveLength(1)
  })

  it('the catalog finds courses by external ID and gives the grade activity', async () => {
    const { db } = database()
    const created = await createCourse(db, DEMO_COURSE, NOW)
    const catalog = sqlContentCatalog(db)
    const course = await catalog.findCourseByExternalId(DEMO_COURSE_EXTERNAL_ID)
    expect(course).toMatchObject({
      id: created.courseId,
      gradeActivityId: created.activityIds['quiz'],
    })
    expect(await catalog.findCourseByExternalId('nope')).toBeUndefined()
    expect(await catalog.listActivities(created.courseId)).toHaveLength(2)
    expect(await catalog.getActivity(created.activityIds['quiz'] ?? '')).toMatchObject({
      scoreMaximum: 1,
    })
    expect(await listQuestions(db, created.activityIds['quiz'] ?? '')).toHaveLength(5)
    await updateCourseSettings(db, created.courseId, { externalId: null, gradeActivityId: null })
    expect(await catalog.getCourse(created.courseId)).toEqual({
      id: created.courseId,
      title: DEMO_COURSE.title,
      description: DEMO_COURSE.description,
    })
  })

  it('external IDs are unique', async () => {
    const { db } = database()
    await createCourse(db, DEMO_COURSE, NOW)
    await expect(createCourse(db, DEMO_COURSE, NOW)).rejects.toThrow()
  })

  it('progress: started once, completion keeps the latest result, conditions open activities', async () => {
    const { db } = database()
    const created = await createCourse(db, DEMO_COURSE, NOW)
    const [intro, quiz] = await listActivities(db, created.courseId)
    if (intro === undefined || quiz === undefined) throw new Error('demo course without activities')
    expect(unmetConditions(quiz, await progressOf(db, 'l1', created.courseId))).toEqual([intro.id])
    await markStarted(db, 'l1', intro, NOW)
    await markCompleted(db, 'l1', intro, {}, NOW + 1)
    await markStarted(db, 'l1', intro, NOW + 2)
    const progress = await progressOf(db, 'l1', created.courseId)
    expect(progress.get(intro.id)).toMatchObject({ state: 'completed', completedAt: NOW + 1 })
    expect(unmetConditions(quiz, progress)).toEqual([])
    await markCompleted(db, 'l1', quiz, { score: 0.6, correct: 3, total: 5 }, NOW + 3)
    await markCompleted(db, 'l1', quiz, { score: 0.8, correct: 4, total: 5 }, NOW + 4)
    expect((await progressOf(db, 'l1', created.courseId)).get(quiz.id)).toMatchObject({
      score: 0.8,
      correct: 4,
    })
    expect(await progressOf(db, 'l2', created.courseId)).toEqual(new Map())
    expect(await getActivity(db, 'missing')).toBeUndefined()
  })
})
