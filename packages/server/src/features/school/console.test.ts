import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectFieldErrorIn, expectValueIn } from '../../testing/form-checks.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { findGradeEntry, listAssignments, writeManualGrade } from './assignments-repository.js'
import { createSchoolFixture, type SchoolFixture } from './fixture.js'
import { createSqlGradeBook } from './grade-book.js'
import { addUserToSchool, createSchool, createUser, findSchool, findUser } from './repository.js'
import { findEnrolment } from './sections-repository.js'
import { signInAs, testSignInFeature } from './test-session.js'

const NOW = Date.UTC(2026, 8, 1)

let server: TestServer
let f: SchoolFixture
const cookies = { admin: '', teacher: '', assistant: '', student: '' }
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
  cookies.student = await signInAs(server.url, { id: f.student.id, name: 'St', roles: ['student'] })
})

afterAll(async () => {
  await server.close()
})

async function page(who: Who, path: string) {
  const response = await fetch(`${server.url}${path}`, {
    headers: { cookie: cookies[who] },
    redirect: 'manual',
  })
  return { status: response.status, html: await response.text() }
}

async function post(who: Who, path: string, form: Record<string, string>, headers = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { cookie: cookies[who], ...headers },
    body: new URLSearchParams(form),
    redirect: 'manual',
  })
  return {
    status: response.status,
    location: response.headers.get('location'),
    headers: response.headers.get('content-type') ?? '',
    html: await response.text(),
  }
}

describe('school console for administrators', () => {
  it('lists schools with escaped names and toggles the licence', async () => {
    const db = server.context.db
    const district = f.school.districtId
    await createSchool(
      db,
      { districtId: district, name: '<script>alert(1)</script>', ltiLicensed: false },
      NOW,
    )
    const schools = await page('admin', '/console/platform/schools')
    expect(schools.status).toBe(200)
    expect(schools.html).toContain('North School')
    expect(schools.html).toContain('&lt;script>alert(1)&lt;/script>')
    expect(schools.html).not.toContain('<script>alert(1)')
    const toggled = await post('admin', `/console/platform/schools/${f.otherSchool.id}/licence`, {
      ltiLicensed: '1',
    })
    expect([toggled.status, toggled.location]).toEqual([
      303,
      '/console/platform/schools?done=licence-on',
    ])
    expect((await findSchool(db, f.otherSchool.id))?.ltiLicensed).toBe(true)
    expect(
      (await post('admin', '/console/platform/schools/unknown/licence', { ltiLicensed: '1' }))
        .status,
    ).toBe(404)
    expect(
      (
        await post('admin', `/console/platform/schools/${f.school.id}/licence`, {
          ltiLicensed: 'yes',
        })
      ).status,
    ).toBe(400)
  })

  it('shows people with their email and toggles the External Learning Tools right', async () => {
    const people = await page('admin', '/console/platform/people')
    expect(people.status).toBe(200)
    expect(people.html).toContain('tom.teacher@example.edu')
    expect(people.html).toContain('of Sam Student')
    const revoked = await post('admin', `/console/platform/people/${f.teacher.id}/tool-right`, {
      externalLearningTools: '0',
    })
    expect(revoked.status).toBe(303)
    expect((await findUser(server.context.db, f.teacher.id))?.externalLearningTools).toBe(false)
    await post('admin', `/console/platform/people/${f.teacher.id}/tool-right`, {
      externalLearningTools: '1',
    })
    expect((await findUser(server.context.db, f.teacher.id))?.externalLearningTools).toBe(true)
  })

  it('refuses a cross-site toggle', async () => {
    const forged = await post(
      'admin',
      `/console/platform/people/${f.teacher.id}/tool-right`,
      { externalLearningTools: '0' },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(forged.status).toBe(403)
    expect((await findUser(server.context.db, f.teacher.id))?.externalLearningTools).toBe(true)
  })
})

describe('school console for teachers', () => {
  it('keeps administrator pages and other sections from teachers, and everything from students', async () => {
    expect((await page('teacher', '/console/platform/schools')).status).toBe(403)
    expect((await page('teacher', '/console/platform/people')).status).toBe(403)
    expect(
      (
        await post('teacher', `/console/platform/people/${f.teacher.id}/tool-right`, {
          externalLearningTools: '1',
        })
      ).status,
    ).toBe(403)
    expect((await page('teacher', `/console/platform/sections/${f.otherSection.id}`)).status).toBe(
      404,
    )
    expect((await page('student', '/console/platform/courses')).status).toBe(403)
  })

  it('lists the teacher’s own courses and section roster', async () => {
    const courses = await page('teacher', '/console/platform/courses')
    expect(courses.status).toBe(200)
    expect(courses.html).toContain('Algebra')
    expect(courses.html).not.toContain('Biology')
    const section = await page('teacher', `/console/platform/sections/${f.section.id}`)
    expect(section.html).toContain('Fay Former')
    expect(section.html).toContain('inactive')
  })

  it('adds assignments from the form, re-showing the form on invalid input', async () => {
    const path = `/console/platform/sections/${f.section.id}/assignments`
    const created = await post('teacher', path, {
      title: 'Worksheet',
      scoring: 'points',
      pointsPossible: '50',
      summary: '',
    })
    expect([created.status, created.location]).toEqual([303, path])
    const invalid = await post('teacher', path, {
      title: 'Broken',
      scoring: 'points',
      pointsPossible: '',
    })
    expect(invalid.status).toBe(400)
    expect(invalid.html).toContain('pointsPossible')
    expect((await post('teacher', path, { title: 'Stars', scoring: 'stars' })).status).toBe(400)
    expect((await post('assistant', path, { title: 'Nope', scoring: 'marks' })).status).toBe(403)
    const titles = (await listAssignments(server.context.db, f.section.id)).map((a) => a.title)
    expect(titles).toContain('Worksheet')
    expect(titles).not.toContain('Broken')
    expect(titles).not.toContain('Nope')
    const listed = await page('assistant', path)
    expect(listed.html).toContain('50 points')
    expect(listed.html).not.toContain('New assignment')
  })

  it('shows the grade book with tool and teacher grades', async () => {
    const grades = createSqlGradeBook(server.context.db, () => NOW)
    await grades.write({
      assignmentId: f.pointsAssignment.id,
      userId: f.student.id,
      points: 14,
      pointsPossible: 20,
      source: { connectionId: 'c1', protocol: 'ags' },
      timestamp: new Date(NOW).toISOString(),
      timestampMs: NOW,
    })
    await writeManualGrade(
      server.context.db,
      { assignment: f.marksAssignment, studentId: f.student.id, mark: 'B+' },
      NOW,
    )
    const book = await page('teacher', `/console/platform/sections/${f.section.id}/grades`)
    expect(book.status).toBe(200)
    expect(book.html).toContain('70%')
    expect(book.html).toContain('B+')
    expect(book.html).toContain('Sam Student')
    expect(book.html).not.toContain('Tom Teacher</td>')
  })

  it('takes grades from the grade book form, refusing what does not fit', async () => {
    const path = `/console/platform/sections/${f.section.id}/grades`
    const saved = await post('teacher', path, {
      studentId: f.formerStudent.id,
      assignmentId: f.pointsAssignment.id,
      value: '18',
      comment: 'Late',
    })
    expect([saved.status, saved.location]).toEqual([303, path])
    expect(
      await findGradeEntry(server.context.db, f.pointsAssignment.id, f.formerStudent.id),
    ).toMatchObject({
      points: 18,
      percentage: 90,
      comment: 'Late',
      source: 'manual',
    })
    const words = await post('teacher', path, {
      studentId: f.student.id,
      assignmentId: f.pointsAssignment.id,
      value: 'lots',
      comment: 'Kept',
    })
    expect(words.status).toBe(400)
    expect(words.headers).toMatch(/^text\/html/)
    expectFieldErrorIn(words.html, 'grade-value', 'Points or mark must be a number of 0 or more.')
    expectValueIn(words.html, 'grade-value', 'lots')
    expectValueIn(words.html, 'grade-comment', 'Kept')
    expect(words.html).toContain(`<option value="${f.student.id}" selected>`)
    const blank = await post('teacher', path, {
      studentId: f.student.id,
      assignmentId: f.pointsAssignment.id,
      value: ' ',
      comment: 'Still here',
    })
    expect(blank.status).toBe(400)
    expectFieldErrorIn(blank.html, 'grade-value', 'Points or mark is required.')
    expectValueIn(blank.html, 'grade-comment', 'Still here')
    const teacher = await post('teacher', path, {
      studentId: f.teacher.id,
      assignmentId: f.marksAssignment.id,
      value: 'A',
    })
    expect(teacher.status).toBe(400)
    expect(teacher.html).toContain('does not fit')
    const elsewhere = await post(
      'teacher',
      `/console/platform/sections/${f.otherSection.id}/grades`,
      {
        studentId: f.student.id,
        assignmentId: f.pointsAssignment.id,
        value: '1',
      },
    )
    expect(elsewhere.status).toBe(404)
    expect(
      (
        await post('assistant', path, {
          studentId: f.student.id,
          assignmentId: f.marksAssignment.id,
          value: 'A',
        })
      ).status,
    ).toBe(403)
    expect((await page('assistant', path)).html).not.toContain('Enter a grade')
  })
})

describe('enrolment forms', () => {
  it('enrols a member of the section’s school and toggles the status', async () => {
    const db = server.context.db
    const newcomer = await createUser(
      db,
      {
        districtId: f.school.districtId,
        kind: 'student',
        givenName: 'Neo',
        familyName: 'Newcomer',
        email: null,
        loginName: 'neo',
        externalLearningTools: false,
      },
      NOW,
    )
    if (newcomer === undefined) throw new Error('fixture')
    await addUserToSchool(db, newcomer.id, f.school.id)
    const section = `/console/platform/sections/${f.section.id}`
    expect((await page('admin', section)).html).toContain('Neo Newcomer (student)')
    const headmaster = await post('admin', `${section}/enrolments`, {
      userId: newcomer.id,
      role: 'headmaster',
    })
    expect([headmaster.status, headmaster.headers.startsWith('text/html')]).toEqual([400, true])
    expectFieldErrorIn(headmaster.html, 'enrol-role', 'Choose one of the offered values for Role.')
    expect(headmaster.html).toContain(`<option value="${newcomer.id}" selected>`)
    const enrolled = await post('admin', `${section}/enrolments`, {
      userId: newcomer.id,
      role: 'student',
    })
    expect([enrolled.status, enrolled.location]).toEqual([303, section])
    expect(await findEnrolment(db, f.section.id, newcomer.id)).toMatchObject({
      role: 'student',
      status: 'active',
    })
    const again = await post('admin', `${section}/enrolments`, {
      userId: newcomer.id,
      role: 'student',
    })
    expect(again.status).toBe(400)
    expect(again.html).toContain('already recorded')
    const wrongSchool = await post(
      'admin',
      `/console/platform/sections/${f.otherSection.id}/enrolments`,
      {
        userId: newcomer.id,
        role: 'student',
      },
    )
    expect(wrongSchool.status).toBe(400)
    expect(await findEnrolment(db, f.otherSection.id, newcomer.id)).toBeUndefined()
    const off = await post('admin', `${section}/enrolments/${newcomer.id}/status`, {
      status: 'inactive',
    })
    expect(off.status).toBe(303)
    expect((await findEnrolment(db, f.section.id, newcomer.id))?.status).toBe('inactive')
    expect(
      (await post('admin', `${section}/enrolments/nobody/status`, { status: 'active' })).status,
    ).toBe(404)
    const gone = await post('admin', `${section}/enrolments/${newcomer.id}/status`, {
      status: 'gone',
    })
    expect([gone.status, gone.headers.startsWith('text/html')]).toEqual([400, true])
    expect(gone.html).toContain('Choose Activate or Deactivate')
    expect((await findEnrolment(db, f.section.id, newcomer.id))?.status).toBe('inactive')
    expect(
      (await post('teacher', `${section}/enrolments`, { userId: newcomer.id, role: 'student' }))
        .status,
    ).toBe(403)
    expect((await page('teacher', section)).html).not.toContain('Deactivate')
  })
})
