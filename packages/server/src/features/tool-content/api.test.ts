import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { savePublication } from '@ltihub/kysely/tool'

const API = '/api/tool/courses'

let server: TestServer
const cookies = { admin: '', author: '', learner: '' }
type Who = keyof typeof cookies

beforeAll(async () => {
  server = await startTestServer({
    env: { LTIHUB_ROLES: 'tool' },
    extraFeatures: [testSignInFeature],
    clock: () => Date.UTC(2026, 3, 1),
  })
  cookies.admin = await signInAs(server.url, { id: 'a', name: 'Ada', roles: ['administrator'] })
  cookies.author = await signInAs(server.url, { id: 'w', name: 'Wil', roles: ['author'] })
  cookies.learner = await signInAs(server.url, { id: 'l', name: 'Lea', roles: ['learner'] })
})

afterAll(async () => {
  await server.close()
})

interface Result {
  readonly status: number
  readonly type: string | null
  readonly json: Record<string, unknown>
}

/** Calls the API; a string body is sent as is (malformed JSON), anything else as JSON. */
async function call(
  who: Who | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Result> {
  const response = await fetch(`${server.url}${API}${path}`, {
    method,
    headers: {
      ...(who === undefined ? {} : { cookie: cookies[who] }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  }
}

const errorsOf = (result: Result) =>
  (result.json['errors'] ?? []) as { path: string; message: string }[]

async function createCourse(body: Record<string, unknown>): Promise<string> {
  const created = await call('author', 'POST', '', body)
  expect(created.status).toBe(201)
  return created.json['id'] as string
}

describe('content API access', () => {
  it('requires an author or administrator session, and same-site writes', async () => {
    const anonymous = await call(undefined, 'GET', '')
    expect(anonymous.status).toBe(401)
    expect(anonymous.type).toContain('application/problem+json')
    expect((await call('learner', 'GET', '')).status).toBe(403)
    expect((await call('learner', 'POST', '', { title: 'Nope' })).status).toBe(403)
    expect((await call('admin', 'GET', '')).status).toBe(200)
    const forged = await call(
      'author',
      'POST',
      '',
      { title: 'Forged' },
      { origin: 'https://evil.example' },
    )
    expect(forged.status).toBe(403)
    const crossSite = await call(
      'author',
      'POST',
      '',
      { title: 'Forged' },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(crossSite.status).toBe(403)
    const titles = ((await call('author', 'GET', '')).json as unknown as { title: string }[]).map(
      (course) => course.title,
    )
    expect(titles).not.toContain('Forged')
    expect(titles).not.toContain('Nope')
  })
})

describe('content API', () => {
  it('creates, reads, changes and lists courses; refuses a duplicate external ID', async () => {
    const id = await createCourse({ title: 'API course', externalId: 'API-1' })
    const course = await call('author', 'GET', `/${id}`)
    expect(course.json).toEqual({
      id,
      title: 'API course',
      externalId: 'API-1',
      description: null,
      gradeActivityId: null,
      activityCount: 0,
      publicationCount: 0,
      activities: [],
    })
    const duplicate = await call('author', 'POST', '', { title: 'Twin', externalId: 'API-1' })
    expect(duplicate.status).toBe(400)
    expect(duplicate.type).toContain('application/problem+json')
    expect(errorsOf(duplicate)).toEqual([
      { path: 'body.externalId', message: 'another course has this external ID' },
    ])
    const other = await createCourse({ title: 'Other' })
    expect(
      errorsOf(await call('author', 'PATCH', `/${other}`, { externalId: 'API-1' }))[0]?.path,
    ).toBe('body.externalId')
    const patched = await call('author', 'PATCH', `/${id}`, {
      description: 'About it',
      externalId: null,
    })
    expect(patched.json).toMatchObject({
      title: 'API course',
      description: 'About it',
      externalId: null,
    })
    const list = (await call('author', 'GET', '')).json as unknown as { id: string }[]
    expect(list.map((c) => c.id)).toEqual(expect.arrayContaining([id, other]))
  })

  it('adds a page and a quiz, sets conditions and the grade, reorders, refusing bad input', async () => {
    const course = await createCourse({ title: 'Built by API' })
    const page = await call('author', 'POST', `/${course}/activities`, {
      kind: 'page',
      title: 'Read me',
      body: 'Text',
    })
    expect(page.status).toBe(201)
    const pageId = page.json['id'] as string
    const quiz = await call('author', 'POST', `/${course}/activities`, {
      kind: 'quiz',
      title: 'Quiz',
      requires: [pageId],
      questions: [
        { prompt: 'Two and two?', choices: ['3', '4'], correctIndex: 1 },
        { prompt: 'Sky?', choices: ['blue', 'green', 'red'], correctIndex: 0 },
      ],
    })
    expect(quiz.status).toBe(201)
    const quizId = quiz.json['id'] as string
    expect(quiz.json).toMatchObject({ kind: 'quiz', requires: [pageId], body: '' })
    expect((quiz.json['questions'] as unknown[]).length).toBe(2)

    const cycle = await call('author', 'PATCH', `/${course}/activities/${pageId}`, {
      requires: [quizId],
    })
    expect(cycle.status).toBe(400)
    expect(errorsOf(cycle)[0]).toEqual({
      path: 'body.requires',
      message: 'these conditions would never open: Read me → Quiz → Read me',
    })
    expect((await call('author', 'PATCH', `/${course}`, { gradeActivityId: pageId })).status).toBe(
      400,
    )
    const graded = await call('author', 'PATCH', `/${course}`, { gradeActivityId: quizId })
    expect(graded.json['gradeActivityId']).toBe(quizId)

    const reordered = await call('author', 'PUT', `/${course}/order`, {
      activityIds: [quizId, pageId],
    })
    expect((reordered.json['activities'] as { id: string }[]).map((a) => a.id)).toEqual([
      quizId,
      pageId,
    ])
    expect(
      (await call('author', 'PUT', `/${course}/order`, { activityIds: [quizId] })).status,
    ).toBe(400)

    const replaced = await call('author', 'PATCH', `/${course}/activities/${quizId}`, {
      questions: [{ prompt: 'Only one', choices: ['a', 'b'], correctIndex: 0 }],
    })
    expect(replaced.json['questions']).toEqual([
      expect.objectContaining({ prompt: 'Only one', choices: ['a', 'b'], correctIndex: 0 }),
    ])
    expect((await call('author', 'DELETE', `/${course}/activities/${quizId}`)).status).toBe(400)
    expect((await call('author', 'DELETE', `/${course}/activities/${pageId}`)).status).toBe(204)
    expect(
      (await call('author', 'GET', `/${course}/activities/${quizId}`)).json['requires'],
    ).toEqual([])
  })

  it.each([
    [{ kind: 'video', title: 'x' }],
    [{ kind: 'page', title: '' }],
    [{ kind: 'page', title: 'x'.repeat(201) }],
    [{ kind: 'page', title: 'x', body: 'x'.repeat(20_001) }],
    [{ kind: 'page', title: 'x', body: 42 }],
    [{ kind: 'page', title: 'x', requires: 'not-a-list' }],
    [{ kind: 'page', title: 'x', requires: Array.from({ length: 201 }, (_, i) => `a${i}`) }],
    [
      {
        kind: 'quiz',
        title: 'x',
        questions: [{ prompt: 'q', choices: ['a', 'b'], correctIndex: 2 }],
      },
    ],
    [{ kind: 'quiz', title: 'x', questions: [{ prompt: 'q', choices: ['a'], correctIndex: 0 }] }],
    [
      {
        kind: 'quiz',
        title: 'x',
        questions: [{ prompt: 'q', choices: ['a', 'b'], correctIndex: -1 }],
      },
    ],
    [
      {
        kind: 'quiz',
        title: 'x',
        questions: [{ prompt: 'q', choices: ['a', 'b'], correctIndex: 0.5 }],
      },
    ],
    [
      {
        kind: 'quiz',
        title: 'x',
        questions: Array(101).fill({ prompt: 'q', choices: ['a', 'b'], correctIndex: 0 }),
      },
    ],
    [{ kind: 'page', title: 'x', requires: ['unknown-activity'] }],
    ['{"kind": "page", "title": '],
    [[]],
  ])('refuses a bad activity with a problem %#, writing nothing', async (body) => {
    const course = await createCourse({ title: 'Hostile' })
    const response = await call('author', 'POST', `/${course}/activities`, body)
    expect(response.status).toBe(400)
    expect(response.type).toContain('application/problem+json')
    expect(response.json['status']).toBe(400)
    expect((await call('author', 'GET', `/${course}`)).json['activities']).toEqual([])
  })

  it('answers unknown courses and activities of another course with 404', async () => {
    const one = await createCourse({ title: 'One' })
    const two = await createCourse({ title: 'Two' })
    const page = (await call('author', 'POST', `/${one}/activities`, { kind: 'page', title: 'P' }))
      .json['id'] as string
    for (const [method, path, body] of [
      ['GET', '/missing', undefined],
      ['PATCH', '/missing', { title: 'x' }],
      ['DELETE', '/missing', undefined],
      ['POST', '/missing/activities', { kind: 'page', title: 'x' }],
      ['GET', `/${two}/activities/${page}`, undefined],
      ['PATCH', `/${two}/activities/${page}`, { title: 'x' }],
      ['DELETE', `/${two}/activities/${page}`, undefined],
    ] as const) {
      const response = await call('author', method, path, body)
      expect([method, path, response.status]).toEqual([method, path, 404])
    }
    expect((await call('author', 'GET', `/${one}/activities/${page}`)).json['title']).toBe('P')
  })

  it('deletes a course unless it is published', async () => {
    const course = await createCourse({ title: 'Published' })
    await savePublication(
      server.context.db,
      {
        id: crypto.randomUUID(),
        name: 'LMS',
        courseId: course,
        enabled: true,
        roleMapping: { instructor: 'teacher', learner: 'student' },
        grades: { sendBack: true, onlyOnCompletion: true },
        memberSync: { trigger: 'off', mode: 'enrol-new' },
        userDefaults: {},
      },
      Date.UTC(2026, 3, 1),
    )
    const refused = await call('author', 'DELETE', `/${course}`)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused)[0]?.message).toMatch(/published as 1 LTI tool/)
    expect((await call('author', 'GET', `/${course}`)).json['publicationCount']).toBe(1)
    const unpublished = await createCourse({ title: 'Draft' })
    expect((await call('author', 'DELETE', `/${unpublished}`)).status).toBe(204)
    expect((await call('author', 'GET', `/${unpublished}`)).status).toBe(404)
  })
})

describe('issue 9 regressions', () => {
  it('issue 9: PATCH /api/tool/courses/:id with {} changes nothing and answers the course, not 500', async () => {
    const id = await createCourse({ title: 'Unchanged', description: 'Kept' })
    const before = await call('author', 'GET', `/${id}`)
    const patched = await call('author', 'PATCH', `/${id}`, {})
    expect(patched.status).toBe(200)
    expect(patched.json).toEqual(before.json)
    // The same for an unknown course: still a 404, never a 500.
    const unknown = await call('author', 'PATCH', '/no-such-course', {})
    expect(unknown.status).toBe(404)
    expect(unknown.type).toContain('application/problem+json')
  })
})
