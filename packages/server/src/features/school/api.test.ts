import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { findUserByLogin } from './repository.js'
import { createSchoolFixture, type SchoolFixture } from './fixture.js'
import { callApi, itemsOf, signInAs, testSignInFeature } from './test-session.js'

const NOW = Date.UTC(2026, 8, 1)

let server: TestServer
let f: SchoolFixture
let districtId: string
const cookies: Record<'admin' | 'teacher' | 'assistant' | 'student', string> = {
  admin: '',
  teacher: '',
  assistant: '',
  student: '',
}

beforeAll(async () => {
  server = await startTestServer({ extraFeatures: [testSignInFeature], clock: () => NOW })
  f = await createSchoolFixture(server.context.db, NOW)
  districtId = f.school.districtId
  cookies.admin = await signInAs(server.url, {
    id: f.admin.id,
    name: 'Ada',
    roles: ['administrator'],
  })
  cookies.teacher = await signInAs(server.url, {
    id: f.teacher.id,
    name: 'Tom',
    roles: ['teacher'],
  })
  cookies.assistant = await signInAs(server.url, {
    id: f.assistant.id,
    name: 'Tia',
    roles: ['teacher'],
  })
  cookies.student = await signInAs(server.url, {
    id: f.student.id,
    name: 'Sam',
    roles: ['student'],
  })
})

afterAll(async () => {
  await server.close()
})

type Who = keyof typeof cookies

function call(who: Who | undefined, method: string, path: string, body?: unknown) {
  return callApi(server.url, who === undefined ? undefined : cookies[who], method, path, body)
}

describe('school API access', () => {
  it('requires a console session, and a school role', async () => {
    const anonymous = await call(undefined, 'GET', '/schools')
    expect(anonymous.status).toBe(401)
    expect(anonymous.type).toContain('application/problem+json')
    expect((await call('student', 'GET', '/schools')).status).toBe(403)
    const forged = await fetch(`${server.url}/api/platform/schools`, {
      headers: { cookie: `${cookies.admin.split('=')[0]}=forged` },
    })
    expect(forged.status).toBe(401)
  })

  it('refuses cross-site writes even with a valid session', async () => {
    const response = await fetch(`${server.url}/api/platform/schools`, {
      method: 'POST',
      headers: {
        cookie: cookies.admin,
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ districtId, name: 'Forged School', ltiLicensed: true }),
    })
    expect(response.status).toBe(403)
    const schools = itemsOf(await call('admin', 'GET', '/schools'))
    expect(schools.map((s) => s['name'])).not.toContain('Forged School')
  })

  it('keeps administrators’ routes from teachers', async () => {
    const attempts = [
      await call('teacher', 'POST', '/schools', { districtId, name: 'X', ltiLicensed: true }),
      await call('teacher', 'GET', '/users'),
      await call('teacher', 'POST', '/courses', { schoolId: f.school.id, title: 'X', code: 'X' }),
      await call('teacher', 'POST', `/sections/${f.section.id}/enrolments`, {
        userId: f.student.id,
        role: 'student',
      }),
      await call('teacher', 'PUT', `/users/${f.parent.id}/students/${f.formerStudent.id}`),
    ]
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403])
  })

  it('refuses before it validates: 403 and 404 for invalid bodies the caller may not send', async () => {
    // An administrators' route: the teacher learns nothing from the body's validation.
    expect((await call('teacher', 'POST', '/schools', '{"broken')).status).toBe(403)
    expect((await call('teacher', 'PATCH', `/users/${f.student.id}`, { kind: 7 })).status).toBe(403)
    // A section the teacher does not teach is unknown to them, whatever the body.
    const other = `/sections/${f.otherSection.id}/assignments`
    expect((await call('teacher', 'POST', other, { title: '' })).status).toBe(404)
    expect((await call('teacher', 'POST', other, '{"broken')).status).toBe(404)
    // The assistant may read the section but not change it: 403 before the body is read.
    const assignment = `/assignments/${f.pointsAssignment.id}`
    expect((await call('assistant', 'PATCH', assignment, { title: 42 })).status).toBe(403)
    expect((await call('teacher', 'PATCH', assignment, { title: 42 })).status).toBe(400)
  })
})

describe('schools and users', () => {
  it('creates a school, refusing duplicates, unknown districts and malformed bodies', async () => {
    const created = await call('admin', 'POST', '/schools', {
      districtId,
      name: 'East School',
      ltiLicensed: true,
    })
    expect(created.status).toBe(201)
    expect(Object.keys(created.json ?? {}).sort()).toEqual([
      'districtId',
      'id',
      'ltiLicensed',
      'name',
    ])
    const duplicate = await call('admin', 'POST', '/schools', {
      districtId,
      name: 'East School',
      ltiLicensed: false,
    })
    expect(duplicate.status).toBe(409)
    expect(
      (
        await call('admin', 'POST', '/schools', {
          districtId: 'nope',
          name: 'Y',
          ltiLicensed: true,
        })
      ).status,
    ).toBe(422)
    const wrongTypes = await call('admin', 'POST', '/schools', {
      districtId: 7,
      name: '',
      ltiLicensed: 'yes',
    })
    expect(wrongTypes.status).toBe(400)
    expect(wrongTypes.json?.['code']).toBe('ERR_LTI_INVALID_PAYLOAD')
    const paths = (wrongTypes.json?.['errors'] as { path: string }[]).map((e) => e.path).sort()
    expect(paths).toEqual(['body.districtId', 'body.ltiLicensed', 'body.name'])
    const extra = await call('admin', 'POST', '/schools', {
      districtId,
      name: 'Z',
      ltiLicensed: true,
      admin: true,
    })
    expect(extra.status).toBe(400)
    const malformed = await call('admin', 'POST', '/schools', '{"name": ')
    expect(malformed.status).toBe(400)
    expect(malformed.json?.['code']).toBe('ERR_LTI_MALFORMED_JSON')
    const oversize = await call('admin', 'POST', '/schools', {
      districtId,
      name: 'x'.repeat(2_000_000),
      ltiLicensed: true,
    })
    expect(oversize.status).toBe(413)
    const tooLong = await call('admin', 'POST', '/schools', {
      districtId,
      name: 'x'.repeat(201),
      ltiLicensed: true,
    })
    expect(tooLong.status).toBe(400)
  })

  it('renames and licenses a school; 404 for an unknown one, 409 for a taken name', async () => {
    const renamed = await call('admin', 'PATCH', `/schools/${f.otherSchool.id}`, {
      ltiLicensed: true,
    })
    expect(renamed.json).toMatchObject({ ltiLicensed: true, name: 'South School' })
    expect((await call('admin', 'PATCH', '/schools/unknown', { ltiLicensed: true })).status).toBe(
      404,
    )
    expect(
      (await call('admin', 'PATCH', `/schools/${f.otherSchool.id}`, { name: 'North School' }))
        .status,
    ).toBe(409)
  })

  it('lists the schools a teacher belongs to, and every school to administrators', async () => {
    expect(itemsOf(await call('teacher', 'GET', '/schools')).map((s) => s['id'])).toEqual([
      f.school.id,
    ])
    expect(itemsOf(await call('admin', 'GET', '/schools')).length).toBeGreaterThanOrEqual(2)
  })

  it('creates users with schools atomically: a bad school leaves no user behind', async () => {
    const body = {
      districtId,
      kind: 'teacher',
      givenName: 'Nia',
      familyName: 'New',
      email: 'nia.new@example.edu',
      loginName: 'nia',
      externalLearningTools: false,
      schoolIds: [f.school.id, 'unknown-school'],
    }
    expect((await call('admin', 'POST', '/users', body)).status).toBe(422)
    expect(await findUserByLogin(server.context.db, 'nia')).toBeUndefined()
    const created = await call('admin', 'POST', '/users', { ...body, schoolIds: [f.school.id] })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      loginName: 'nia',
      schoolIds: [f.school.id],
      studentIds: [],
    })
    expect(Object.keys(created.json ?? {}).sort()).toEqual(
      [
        'districtId',
        'email',
        'externalLearningTools',
        'familyName',
        'givenName',
        'id',
        'kind',
        'loginName',
        'schoolIds',
        'studentIds',
      ].sort(),
    )
    expect((await call('admin', 'POST', '/users', { ...body, schoolIds: [] })).status).toBe(409)
    expect(
      (await call('admin', 'POST', '/users', { ...body, loginName: 'Bad Name!' })).status,
    ).toBe(400)
    expect(
      (await call('admin', 'POST', '/users', { ...body, loginName: 'x2', email: 'not-an-email' }))
        .status,
    ).toBe(400)
    expect(
      (await call('admin', 'POST', '/users', { ...body, loginName: 'x3', kind: 'superuser' }))
        .status,
    ).toBe(400)
  })

  it('toggles the External Learning Tools right', async () => {
    const off = await call('admin', 'PATCH', `/users/${f.teacher.id}`, {
      externalLearningTools: false,
    })
    expect(off.json).toMatchObject({ externalLearningTools: false })
    const on = await call('admin', 'PATCH', `/users/${f.teacher.id}`, {
      externalLearningTools: true,
    })
    expect(on.json).toMatchObject({ externalLearningTools: true })
    expect(
      (await call('admin', 'PATCH', '/users/unknown', { externalLearningTools: true })).status,
    ).toBe(404)
    expect(
      (await call('admin', 'PATCH', `/users/${f.teacher.id}`, { externalLearningTools: 1 })).status,
    ).toBe(400)
  })

  it('links parents to students only', async () => {
    expect(
      (await call('admin', 'PUT', `/users/${f.parent.id}/students/${f.formerStudent.id}`)).status,
    ).toBe(204)
    const parent = await call('admin', 'GET', `/users/${f.parent.id}`)
    expect((parent.json?.['studentIds'] as string[]).sort()).toEqual(
      [f.student.id, f.formerStudent.id].sort(),
    )
    expect(
      (await call('admin', 'PUT', `/users/${f.teacher.id}/students/${f.student.id}`)).status,
    ).toBe(422)
    expect(
      (await call('admin', 'PUT', `/users/${f.parent.id}/students/${f.teacher.id}`)).status,
    ).toBe(422)
    expect((await call('admin', 'PUT', `/users/${f.parent.id}/students/unknown`)).status).toBe(404)
    expect(
      (await call('admin', 'DELETE', `/users/${f.parent.id}/students/${f.formerStudent.id}`))
        .status,
    ).toBe(204)
    expect(
      (await call('admin', 'DELETE', `/users/${f.parent.id}/students/${f.formerStudent.id}`))
        .status,
    ).toBe(404)
  })

  it('lets a teacher read only their own user record', async () => {
    expect((await call('teacher', 'GET', `/users/${f.teacher.id}`)).status).toBe(200)
    expect((await call('teacher', 'GET', `/users/${f.student.id}`)).status).toBe(404)
  })
})
