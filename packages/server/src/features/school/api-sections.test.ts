import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { listAssignments } from './assignments-repository.js'
import { createSchoolFixture, type SchoolFixture } from './fixture.js'
import { listSections } from './sections-repository.js'
import { callApi, itemsOf, signInAs, testSignInFeature } from './test-session.js'

const NOW = Date.UTC(2026, 8, 1)

let server: TestServer
let f: SchoolFixture
const cookies = { admin: '', teacher: '', assistant: '' }
type Who = keyof typeof cookies

beforeAll(async () => {
  server = await startTestServer({ extraFeatures: [testSignInFeature], clock: () => NOW })
  f = await createSchoolFixture(server.context.db, NOW)
  cookies.admin = await signInAs(server.url, {
    id: f.admin.id,
    name: 'A',
    roles: ['administrator'],
  })
  cookies.teacher = await signInAs(server.url, { id: f.teacher.id, name: 'T', roles: ['teacher'] })
  cookies.assistant = await signInAs(server.url, {
    id: f.assistant.id,
    name: 'S',
    roles: ['teacher'],
  })
})

afterAll(async () => {
  await server.close()
})

function call(who: Who, method: string, path: string, body?: unknown) {
  return callApi(server.url, cookies[who], method, path, body)
}

describe('courses and sections', () => {
  it('creates courses and sections, refusing duplicates and unknown parents', async () => {
    const course = await call('admin', 'POST', '/courses', {
      schoolId: f.school.id,
      title: 'Geometry',
      code: 'GEO-1',
    })
    expect(course.status).toBe(201)
    const courseId = String(course.json?.['id'])
    expect(
      (
        await call('admin', 'POST', '/courses', {
          schoolId: f.school.id,
          title: 'G',
          code: 'GEO-1',
        })
      ).status,
    ).toBe(409)
    expect(
      (await call('admin', 'POST', '/courses', { schoolId: 'nope', title: 'G', code: 'G' })).status,
    ).toBe(422)
    const section = await call('admin', 'POST', '/sections', {
      courseId,
      label: 'Period 4',
      term: '2026-27',
      startsAt: NOW,
      endsAt: NOW + 86_400_000,
    })
    expect(section.status).toBe(201)
    expect(section.json).toMatchObject({
      schoolId: f.school.id,
      courseCode: 'GEO-1',
      copiedFrom: null,
    })
    expect(
      (await call('admin', 'POST', '/sections', { courseId, label: 'Period 4', term: '2026-27' }))
        .status,
    ).toBe(409)
    expect(
      (await call('admin', 'POST', '/sections', { courseId: 'nope', label: 'P', term: 'T' }))
        .status,
    ).toBe(422)
    const backwards = await call('admin', 'POST', '/sections', {
      courseId,
      label: 'P9',
      term: 'T',
      startsAt: 10,
      endsAt: 5,
    })
    expect(backwards.status).toBe(422)
    expect(
      (await call('admin', 'POST', '/sections', { courseId, label: 'P9', term: 'T', startsAt: -1 }))
        .status,
    ).toBe(400)
  })

  it('copies a section with its assignments and records the history', async () => {
    const copy = await call('admin', 'POST', `/sections/${f.section.id}/copy`, {
      label: 'Period 1',
      term: '2027-28',
    })
    expect(copy.status).toBe(201)
    const section = copy.json?.['section'] as Record<string, unknown>
    expect(section['copiedFrom']).toBe(f.section.id)
    const mapping = copy.json?.['assignmentIds'] as Record<string, string>
    expect(Object.keys(mapping).sort()).toEqual(
      [f.pointsAssignment.id, f.marksAssignment.id].sort(),
    )
    const copied = await listAssignments(server.context.db, String(section['id']))
    expect(copied.map((a) => [a.title, a.scoring, a.pointsPossible, a.copiedFrom]).sort()).toEqual([
      ['Essay', 'marks', null, f.marksAssignment.id],
      ['Quiz 1', 'points', 20, f.pointsAssignment.id],
    ])
    expect(
      (
        await call('admin', 'POST', `/sections/${f.section.id}/copy`, {
          label: 'Period 1',
          term: '2027-28',
        })
      ).status,
    ).toBe(409)
    expect(
      (await call('admin', 'POST', '/sections/unknown/copy', { label: 'P', term: 'T' })).status,
    ).toBe(404)
    expect(
      (await call('teacher', 'POST', `/sections/${f.section.id}/copy`, { label: 'P', term: 'T' }))
        .status,
    ).toBe(403)
  })

  it('shows teachers their own sections only, and hides others as unknown', async () => {
    const mine = itemsOf(await call('teacher', 'GET', '/sections')).map((s) => s['id'])
    expect(mine).toEqual([f.section.id])
    const all = await listSections(server.context.db)
    expect(itemsOf(await call('admin', 'GET', '/sections')).length).toBe(all.length)
    expect((await call('teacher', 'GET', `/sections/${f.otherSection.id}`)).status).toBe(404)
    expect((await call('teacher', 'GET', `/sections/${f.otherSection.id}/enrolments`)).status).toBe(
      404,
    )
    expect(
      (await call('teacher', 'GET', `/sections/${f.otherSection.id}/assignments`)).status,
    ).toBe(404)
    expect((await call('teacher', 'GET', `/sections/${f.otherSection.id}/grades`)).status).toBe(404)
    const courses = itemsOf(await call('teacher', 'GET', `/courses?schoolId=${f.otherSchool.id}`))
    expect(courses).toEqual([])
  })
})

describe('enrolments', () => {
  it('lists a section roster for its teacher', async () => {
    const roster = itemsOf(await call('teacher', 'GET', `/sections/${f.section.id}/enrolments`))
    expect(roster).toHaveLength(4)
    expect(roster.find((r) => r['userId'] === f.formerStudent.id)).toMatchObject({
      status: 'inactive',
    })
  })

  it('refuses another school’s users, wrong kinds, duplicates and unknown users', async () => {
    const path = `/sections/${f.otherSection.id}/enrolments`
    expect(
      (await call('admin', 'POST', path, { userId: f.student.id, role: 'student' })).status,
    ).toBe(422)
    const own = `/sections/${f.section.id}/enrolments`
    expect(
      (await call('admin', 'POST', own, { userId: f.parent.id, role: 'student' })).status,
    ).toBe(422)
    expect(
      (await call('admin', 'POST', own, { userId: f.student.id, role: 'teacher' })).status,
    ).toBe(422)
    expect(
      (await call('admin', 'POST', own, { userId: f.student.id, role: 'student' })).status,
    ).toBe(409)
    expect((await call('admin', 'POST', own, { userId: 'nobody', role: 'student' })).status).toBe(
      422,
    )
    expect((await call('admin', 'POST', own, { userId: f.student.id, role: 'owner' })).status).toBe(
      400,
    )
    expect(
      (
        await call('admin', 'POST', '/sections/unknown/enrolments', {
          userId: f.student.id,
          role: 'student',
        })
      ).status,
    ).toBe(404)
  })

  it('changes status, refuses a role the user’s kind cannot hold, and removes', async () => {
    const path = `/sections/${f.section.id}/enrolments/${f.formerStudent.id}`
    expect((await call('admin', 'PATCH', path, { status: 'active' })).json).toMatchObject({
      status: 'active',
      role: 'student',
    })
    expect((await call('admin', 'PATCH', path, { role: 'teacher' })).status).toBe(422)
    expect((await call('admin', 'PATCH', path, { status: 'inactive' })).json).toMatchObject({
      status: 'inactive',
    })
    expect(
      (
        await call('admin', 'PATCH', `/sections/${f.section.id}/enrolments/nobody`, {
          status: 'active',
        })
      ).status,
    ).toBe(404)
    expect(
      (await call('admin', 'DELETE', `/sections/${f.otherSection.id}/enrolments/${f.student.id}`))
        .status,
    ).toBe(404)
  })
})

describe('assignments and the grade book', () => {
  it('lets the section’s teacher manage assignments, not an assistant or another section', async () => {
    const path = `/sections/${f.section.id}/assignments`
    const created = await call('teacher', 'POST', path, {
      title: 'Lab report',
      scoring: 'points',
      pointsPossible: 50,
      dueAt: NOW + 1000,
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      scoring: 'points',
      pointsPossible: 50,
      sectionId: f.section.id,
    })
    const rubric = await call('teacher', 'POST', path, { title: 'Poster', scoring: 'rubric' })
    expect(rubric.json).toMatchObject({ scoring: 'rubric', pointsPossible: null })
    expect((await call('assistant', 'POST', path, { title: 'X', scoring: 'marks' })).status).toBe(
      403,
    )
    expect((await call('assistant', 'GET', path)).status).toBe(200)
    expect(
      (
        await call('teacher', 'POST', `/sections/${f.otherSection.id}/assignments`, {
          title: 'X',
          scoring: 'marks',
        })
      ).status,
    ).toBe(404)
    expect((await call('teacher', 'POST', path, { title: 'X', scoring: 'points' })).status).toBe(
      400,
    )
    expect(
      (await call('teacher', 'POST', path, { title: 'X', scoring: 'points', pointsPossible: 0 }))
        .status,
    ).toBe(400)
    expect(
      (await call('teacher', 'POST', path, { title: 'X', scoring: 'marks', pointsPossible: 5 }))
        .status,
    ).toBe(400)
    expect((await call('teacher', 'POST', path, { title: 'X', scoring: 'stars' })).status).toBe(400)
    const id = String(created.json?.['id'])
    const renamed = await call('teacher', 'PATCH', `/assignments/${id}`, { title: 'Lab report 1' })
    expect(renamed.json).toMatchObject({ title: 'Lab report 1', pointsPossible: 50 })
    expect((await call('teacher', 'DELETE', `/assignments/${id}`)).status).toBe(204)
    expect((await call('teacher', 'GET', `/assignments/${id}`)).status).toBe(404)
  })

  it('takes teachers’ grades: points for points assignments, marks otherwise, students only', async () => {
    const points = `/assignments/${f.pointsAssignment.id}/grades`
    expect(
      (await call('teacher', 'PUT', `${points}/${f.student.id}`, { points: 15, comment: 'Good' }))
        .status,
    ).toBe(204)
    expect((await call('teacher', 'PUT', `${points}/${f.student.id}`, { mark: 'A' })).status).toBe(
      422,
    )
    expect((await call('teacher', 'PUT', `${points}/${f.teacher.id}`, { points: 1 })).status).toBe(
      422,
    )
    expect((await call('teacher', 'PUT', `${points}/${f.parent.id}`, { points: 1 })).status).toBe(
      422,
    )
    expect((await call('teacher', 'PUT', `${points}/${f.student.id}`, { points: -1 })).status).toBe(
      400,
    )
    expect(
      (await call('teacher', 'PUT', `${points}/${f.student.id}`, { points: '15' })).status,
    ).toBe(400)
    const marks = `/assignments/${f.marksAssignment.id}/grades/${f.student.id}`
    expect((await call('teacher', 'PUT', marks, { points: 3 })).status).toBe(422)
    expect((await call('teacher', 'PUT', marks, { mark: 'B+' })).status).toBe(204)
    expect((await call('assistant', 'PUT', marks, { mark: 'A' })).status).toBe(403)

    const grades = itemsOf(await call('teacher', 'GET', points))
    expect(grades).toEqual([
      {
        assignmentId: f.pointsAssignment.id,
        studentId: f.student.id,
        points: 15,
        pointsPossible: 20,
        percentage: 75,
        mark: null,
        comment: 'Good',
        source: 'manual',
        scoredAt: new Date(NOW).toISOString(),
      },
    ])
    const book = itemsOf(await call('assistant', 'GET', `/sections/${f.section.id}/grades`))
    expect(book.map((g) => [g['assignmentId'], g['mark'] ?? g['points']]).sort()).toEqual(
      [
        [f.marksAssignment.id, 'B+'],
        [f.pointsAssignment.id, 15],
      ].sort(),
    )
  })

  it('keeps the scoring of graded assignments', async () => {
    const path = `/assignments/${f.pointsAssignment.id}`
    const change = await call('teacher', 'PATCH', path, { scoring: { scoring: 'marks' } })
    expect(change.status).toBe(409)
    expect((await call('teacher', 'GET', path)).json).toMatchObject({
      scoring: 'points',
      pointsPossible: 20,
    })
    expect((await call('teacher', 'GET', `/assignments/unknown`)).status).toBe(404)
    expect(
      (await call('teacher', 'GET', `/assignments/${f.pointsAssignment.id}/grades?x=1`)).status,
    ).toBe(400)
  })
})
