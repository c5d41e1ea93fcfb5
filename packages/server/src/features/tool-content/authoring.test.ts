import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { savePublication } from '@ltihub/kysely/tool'
import {
  addActivity,
  deleteActivity,
  moveActivity,
  reorderActivities,
  updateActivity,
} from './activity-authoring.js'
import { type Authoring, ContentRefusal } from './authoring.js'
import type { QuestionInput } from './authoring-schema.js'
import { createCourseRecord, deleteCourse, updateCourse } from './course-authoring.js'
import { addQuestion, deleteQuestion, moveQuestion, updateQuestion } from './question-authoring.js'
import {
  getCourse,
  listActivities,
  listQuestions,
  markCompleted,
  progressOf,
} from './repository.js'

const NOW = Date.UTC(2026, 2, 1)
const dialects = await testDialects()

const question = (prompt: string, correctIndex = 0): QuestionInput => ({
  prompt,
  choices: ['yes', 'no'],
  correctIndex,
})

/** Expects `promise` to be refused with this status and field. */
async function refused(promise: Promise<unknown>, status: 400 | 404, field?: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(ContentRefusal)
  expect((error as ContentRefusal).status).toBe(status)
  if (field !== undefined) expect((error as ContentRefusal).field).toBe(field)
  return (error as ContentRefusal).message
}

describe.each(dialects)('course authoring on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  const authoringOf = (): Authoring => ({
    db: database().db,
    dialect: database().dialect,
    clock: () => NOW,
  })
  const newCourse = (a: Authoring, externalId: string | null = null) =>
    createCourseRecord(a, { title: 'Chemistry', externalId, description: null })

  it('creates a course, refuses a taken external ID, and edits details', async () => {
    const a = authoringOf()
    const course = await newCourse(a, 'CHEM-1')
    expect(course).toEqual({ id: course.id, title: 'Chemistry', externalId: 'CHEM-1' })
    expect(await refused(newCourse(a, 'CHEM-1'), 400, 'externalId')).toMatch(/external ID/)
    const other = await newCourse(a, null)
    await newCourse(a, null)
    await refused(updateCourse(a, other.id, { externalId: 'CHEM-1' }), 400, 'externalId')
    const changed = await updateCourse(a, other.id, {
      title: 'Physics',
      externalId: 'PHY-1',
      description: 'Forces',
    })
    expect(changed).toMatchObject({ title: 'Physics', externalId: 'PHY-1', description: 'Forces' })
    await updateCourse(a, other.id, { externalId: null })
    expect((await getCourse(a.db, other.id))?.externalId).toBeUndefined()
    await refused(updateCourse(a, 'missing', { title: 'x' }), 404)
  })

  it('adds pages and quizzes in order, with questions, and edits them', async () => {
    const a = authoringOf()
    const course = await newCourse(a)
    const intro = await addActivity(a, course.id, { kind: 'page', title: 'Intro', body: 'Hi' })
    const quiz = await addActivity(a, course.id, {
      kind: 'quiz',
      title: 'Quiz',
      body: '',
      requires: [intro],
      questions: [question('One'), question('Two', 1)],
    })
    const activities = await listActivities(a.db, course.id)
    expect(activities.map((x) => [x.title, x.kind, x.requires])).toEqual([
      ['Intro', 'page', []],
      ['Quiz', 'quiz', [intro]],
    ])
    const before = await listQuestions(a.db, quiz)
    expect(before.map((q) => [q.prompt, q.correctIndex])).toEqual([
      ['One', 0],
      ['Two', 1],
    ])
    // Replacing the list keeps the ids place by place and drops the surplus.
    await updateActivity(a, course.id, quiz, { title: 'Final quiz', questions: [question('Uno')] })
    const after = await listQuestions(a.db, quiz)
    expect(after.map((q) => [q.id, q.prompt])).toEqual([[before[0]?.id, 'Uno']])
    await refused(updateActivity(a, course.id, intro, { questions: [] }), 400, 'questions')
    await refused(updateActivity(a, course.id, 'missing', { title: 'x' }), 404)
  })

  it('refuses conditions that form a cycle, name another course, or the activity itself', async () => {
    const a = authoringOf()
    const course = await newCourse(a)
    const first = await addActivity(a, course.id, { kind: 'page', title: 'A', body: '' })
    const second = await addActivity(a, course.id, {
      kind: 'page',
      title: 'B',
      body: '',
      requires: [first],
    })
    const third = await addActivity(a, course.id, {
      kind: 'page',
      title: 'C',
      body: '',
      requires: [second],
    })
    expect(await refused(updateActivity(a, course.id, first, { requires: [third] }), 400)).toBe(
      'these conditions would never open: A → C → B → A',
    )
    await refused(updateActivity(a, course.id, first, { requires: [first] }), 400, 'requires')
    const elsewhere = await newCourse(a)
    const foreign = await addActivity(a, elsewhere.id, { kind: 'page', title: 'X', body: '' })
    await refused(updateActivity(a, course.id, first, { requires: [foreign] }), 400, 'requires')
    await refused(
      addActivity(a, course.id, { kind: 'page', title: 'D', body: '', requires: [foreign] }),
      400,
      'requires',
    )
    await updateActivity(a, course.id, third, { requires: [first, second] })
    expect((await listActivities(a.db, course.id))[2]?.requires).toEqual([first, second])
  })

  it('moves and reorders activities; a reorder must list each activity once', async () => {
    const a = authoringOf()
    const course = await newCourse(a)
    const ids: string[] = []
    for (const title of ['A', 'B', 'C']) {
      ids.push(await addActivity(a, course.id, { kind: 'page', title, body: '' }))
    }
    const titles = async () => (await listActivities(a.db, course.id)).map((x) => x.title)
    await moveActivity(a, course.id, ids[2] ?? '', 'up')
    expect(await titles()).toEqual(['A', 'C', 'B'])
    await moveActivity(a, course.id, ids[0] ?? '', 'up')
    expect(await titles()).toEqual(['A', 'C', 'B'])
    await reorderActivities(a, course.id, [ids[1] ?? '', ids[0] ?? '', ids[2] ?? ''])
    expect(await titles()).toEqual(['B', 'A', 'C'])
    for (const order of [ids.slice(0, 2), [...ids, ids[0] ?? ''], [ids[0], ids[0], ids[1]]]) {
      await refused(reorderActivities(a, course.id, order as string[]), 400, 'activityIds')
    }
    await refused(moveActivity(a, course.id, 'missing', 'down'), 404)
  })

  it('bases the grade on a quiz of the course only, and keeps it from being deleted', async () => {
    const a = authoringOf()
    const course = await newCourse(a)
    const page = await addActivity(a, course.id, { kind: 'page', title: 'Read', body: '' })
    const quiz = await addActivity(a, course.id, {
      kind: 'quiz',
      title: 'Test',
      body: '',
      requires: [page],
      questions: [question('Q')],
    })
    await refused(updateCourse(a, course.id, { gradeActivityId: page }), 400, 'gradeActivityId')
    await refused(updateCourse(a, course.id, { gradeActivityId: 'nope' }), 400, 'gradeActivityId')
    await updateCourse(a, course.id, { gradeActivityId: quiz })
    expect(await refused(deleteActivity(a, course.id, quiz), 400)).toMatch(/grade/)
    // Deleting the page drops it from the quiz's conditions, with the learners' progress.
    await markCompleted(
      a.db,
      'learner',
      {
        id: page,
        courseId: course.id,
        position: 0,
        kind: 'page',
        title: '',
        body: '',
        requires: [],
      },
      {},
      NOW,
    )
    await deleteActivity(a, course.id, page)
    const [left] = await listActivities(a.db, course.id)
    expect([left?.id, left?.requires, left?.position]).toEqual([quiz, [], 0])
    expect(await progressOf(a.db, 'learner', course.id)).toEqual(new Map())
    await updateCourse(a, course.id, { gradeActivityId: null })
    await deleteActivity(a, course.id, quiz)
    expect(await listActivities(a.db, course.id)).toEqual([])
  })

  it('refuses to delete a published course or an activity published on its own', async () => {
    const a = authoringOf()
    const course = await newCourse(a, 'PUB-1')
    const page = await addActivity(a, course.id, { kind: 'page', title: 'P', body: '' })
    await savePublication(
      a.db,
      {
        id: 'pub-1',
        name: 'For the LMS',
        courseId: course.id,
        activityId: page,
        enabled: true,
        roleMapping: { instructor: 'teacher', learner: 'student' },
        grades: { sendBack: true, onlyOnCompletion: true },
        memberSync: { trigger: 'off', mode: 'enrol-new' },
        userDefaults: {},
      },
      NOW,
    )
    expect(await refused(deleteCourse(a, course.id), 400, '')).toMatch(/published as 1 LTI tool/)
    expect(await refused(deleteActivity(a, course.id, page), 400)).toMatch(/published/)
    expect(await getCourse(a.db, course.id)).toBeDefined()
    await a.db.deleteFrom('tool_publications').execute()
    await deleteCourse(a, course.id)
    expect(await getCourse(a.db, course.id)).toBeUndefined()
    expect(await a.db.selectFrom('tool_activities').select('id').execute()).toEqual([])
    await refused(deleteCourse(a, course.id), 404)
  })

  it('edits, moves and deletes the questions of a quiz of the course only', async () => {
    const a = authoringOf()
    const course = await newCourse(a)
    const page = await addActivity(a, course.id, { kind: 'page', title: 'P', body: '' })
    const quiz = await addActivity(a, course.id, { kind: 'quiz', title: 'Q', body: '' })
    const first = await addQuestion(a, course.id, quiz, question('First'))
    const second = await addQuestion(a, course.id, quiz, question('Second'))
    const ids = { courseId: course.id, activityId: quiz }
    await moveQuestion(a, { ...ids, questionId: second }, 'up')
    await updateQuestion(
      a,
      { ...ids, questionId: first },
      { ...question('First!'), choices: ['a', 'b', 'c'], correctIndex: 2 },
    )
    expect((await listQuestions(a.db, quiz)).map((q) => [q.prompt, q.correctIndex])).toEqual([
      ['Second', 0],
      ['First!', 2],
    ])
    await deleteQuestion(a, { ...ids, questionId: second })
    expect((await listQuestions(a.db, quiz)).map((q) => [q.position, q.prompt])).toEqual([
      [0, 'First!'],
    ])
    await refused(addQuestion(a, course.id, page, question('x')), 400)
    const other = await newCourse(a)
    await refused(addQuestion(a, other.id, quiz, question('x')), 404)
    await refused(deleteQuestion(a, { ...ids, questionId: 'missing' }), 404)
  })

  it('serialises concurrent condition changes so no cycle slips in', async () => {
    const a = authoringOf()
    const course = await newCourse(a)
    const x = await addActivity(a, course.id, { kind: 'page', title: 'X', body: '' })
    const y = await addActivity(a, course.id, { kind: 'page', title: 'Y', body: '' })
    const results = await Promise.allSettled([
      updateActivity(a, course.id, x, { requires: [y] }),
      updateActivity(a, course.id, y, { requires: [x] }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const requires = (await listActivities(a.db, course.id)).map((r) => r.requires.length)
    expect(requires.sort()).toEqual([0, 1])
  })
})
