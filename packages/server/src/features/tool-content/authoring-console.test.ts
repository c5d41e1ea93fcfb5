import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { signInAs, testSignInFeature } from '../school/test-session.js'
import { savePublication } from '@ltihub/kysely/tool'
import { getCourse, listActivities, listQuestions } from './repository.js'

const NOW = Date.UTC(2026, 3, 1)
const BASE = '/console/tool/authoring'

let server: TestServer
const cookies = { admin: '', author: '', learner: '' }
type Who = keyof typeof cookies

beforeAll(async () => {
  server = await startTestServer({
    env: { LTIHUB_ROLES: 'tool' },
    extraFeatures: [testSignInFeature],
    clock: () => NOW,
  })
  cookies.admin = await signInAs(server.url, { id: 'a', name: 'Ada', roles: ['administrator'] })
  cookies.author = await signInAs(server.url, { id: 'w', name: 'Wil', roles: ['author'] })
  cookies.learner = await signInAs(server.url, { id: 'l', name: 'Lea', roles: ['learner'] })
})

afterAll(async () => {
  await server.close()
})

async function get(who: Who | undefined, path: string) {
  const response = await fetch(`${server.url}${path}`, {
    headers: who === undefined ? {} : { cookie: cookies[who] },
    redirect: 'manual',
  })
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location'),
  }
}

type Form = Record<string, string | string[]>

async function post(who: Who | undefined, path: string, form: Form = {}, headers = {}) {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(form)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one)
  }
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...(who === undefined ? {} : { cookie: cookies[who] }), ...headers },
    body,
    redirect: 'manual',
  })
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location'),
  }
}

/** Creates a course through the form and returns its id. */
async function newCourse(who: Who, form: Form): Promise<string> {
  const created = await post(who, `${BASE}/new`, form)
  expect(created.status).toBe(303)
  const match = /^\/console\/tool\/authoring\/([\w-]+)\?saved=created$/.exec(created.location ?? '')
  return match?.[1] ?? ''
}

/** Adds an activity through the form and returns its id. */
async function newActivity(course: string, form: Form): Promise<string> {
  const before = new Set((await listActivities(server.context.db, course)).map((a) => a.id))
  expect((await post('author', `${BASE}/${course}/activities/new`, form)).status).toBe(303)
  const added = (await listActivities(server.context.db, course)).find((a) => !before.has(a.id))
  return added?.id ?? ''
}

describe('course authoring in the console', () => {
  it('creates a course, lists it escaped, and refuses a taken or malformed external ID', async () => {
    const id = await newCourse('admin', {
      title: '<script>alert(1)</script> Chemistry',
      externalId: 'CHEM-101',
      description: 'Acids\r\nand bases',
    })
    expect(await getCourse(server.context.db, id)).toMatchObject({
      externalId: 'CHEM-101',
      description: 'Acids\nand bases',
    })
    const list = await get('author', BASE)
    expect(list.status).toBe(200)
    expect(list.html).toContain('&lt;script>alert(1)&lt;/script> Chemistry')
    expect(list.html).not.toContain('<script>alert(1)')
    expect((await get('admin', `${BASE}/${id}?saved=created`)).html).toContain('Course created')

    const duplicate = await post('author', `${BASE}/new`, {
      title: 'Again',
      externalId: 'CHEM-101',
    })
    expect(duplicate.status).toBe(400)
    expect(duplicate.html).toContain('another course has this external ID')
    expect(duplicate.html).toContain('aria-invalid="true"')
    expect(duplicate.html).toContain('value="Again"')
    const malformed = await post('author', `${BASE}/new`, { title: 'X', externalId: 'has space' })
    expect(malformed.status).toBe(400)
    expect(malformed.html).toContain('letters, digits, dot, dash and underscore only')
    const edited = await post('author', `${BASE}/${id}`, {
      title: 'Chemistry',
      externalId: 'CHEM-101',
      description: '',
    })
    expect([edited.status, edited.location]).toEqual([303, `${BASE}/${id}?saved=details`])
  })

  it('refuses oversize and missing text with the field named, and writes nothing', async () => {
    const count = async () =>
      (await server.context.db.selectFrom('tool_courses').select('id').execute()).length
    const before = await count()
    const cases: [Form, string][] = [
      [{ title: 'x'.repeat(201) }, 'at most 200 characters'],
      [{ title: 'ok', description: 'x'.repeat(2001) }, 'at most 2,000 characters'],
      [{ title: '   ' }, 'a title is required'],
      [{}, 'a title is required'],
      [{ title: ['a', 'b'] }, 'title'],
    ]
    for (const [form, message] of cases) {
      const response = await post('author', `${BASE}/new`, form)
      expect(response.status).toBe(400)
      expect(response.html).toContain(message)
    }
    const course = await newCourse('author', { title: 'Limits' })
    const page = await post('author', `${BASE}/${course}/activities/new`, {
      kind: 'page',
      title: 'Long',
      body: 'x'.repeat(20_001),
    })
    expect(page.status).toBe(400)
    expect(page.html).toContain('at most 20,000 characters')
    expect(await listActivities(server.context.db, course)).toEqual([])
    expect(await count()).toBe(before + 1)
  })

  it('builds a course of a page and a quiz with questions, and bases the grade on the quiz', async () => {
    const course = await newCourse('author', { title: 'Lab safety', externalId: 'LAB-2' })
    const page = await newActivity(course, {
      kind: 'page',
      title: 'Rules',
      body: '# Rules\n\n- goggles',
    })
    const quiz = await newActivity(course, { kind: 'quiz', title: 'Check', body: '' })
    const quizPage = await get('author', `${BASE}/${course}/activities/${quiz}`)
    expect(quizPage.html).toContain('learners cannot complete this quiz')

    const added = await post('author', `${BASE}/${course}/activities/${quiz}/questions`, {
      prompt: 'What goes over your eyes?',
      choices: ['Sunglasses', 'Goggles', '', '', '', ''],
      correctIndex: '1',
    })
    expect(added.status).toBe(303)
    const bad = await post('author', `${BASE}/${course}/activities/${quiz}/questions`, {
      prompt: 'Which?',
      choices: ['A', '', '', '', '', ''],
      correctIndex: '4',
    })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('give at least two choices')
    expect(bad.html).toContain('>Which?</textarea>')
    expect(bad.html).toContain('Mark the correct answer.')
    const [question] = await listQuestions(server.context.db, quiz)
    expect(question).toMatchObject({ choices: ['Sunglasses', 'Goggles'], correctIndex: 1 })

    const refused = await post('author', `${BASE}/${course}/grade`, { gradeActivityId: page })
    expect(refused.status).toBe(400)
    expect(refused.html).toContain('Only a quiz yields a score')
    expect(
      (await post('author', `${BASE}/${course}/grade`, { gradeActivityId: quiz })).status,
    ).toBe(303)
    expect((await getCourse(server.context.db, course))?.gradeActivityId).toBe(quiz)
    const coursePage = await get('author', `${BASE}/${course}`)
    expect(coursePage.html).toContain('course grade')
    expect(coursePage.html).toContain('Quiz, 1 question')
    // Authors do not publish: the links to publishing are for administrators.
    expect(coursePage.html).not.toContain('Publish as LTI tool')
    expect((await get('admin', `${BASE}/${course}`)).html).toContain('Publish as LTI tool')
  })

  it('sets conditions, refusing a cycle, and moves activities', async () => {
    const course = await newCourse('author', { title: 'Ordered' })
    const a = await newActivity(course, { kind: 'page', title: 'A', body: '' })
    const b = await newActivity(course, { kind: 'page', title: 'B', body: '' })
    const conditions = (activity: string, requires: string[]) =>
      post('author', `${BASE}/${course}/activities/${activity}/conditions`, { requires })
    expect((await conditions(b, [a])).status).toBe(303)
    const cycle = await conditions(a, [b])
    expect(cycle.status).toBe(400)
    expect(cycle.html).toContain('These conditions would never open: A → B → A.')
    expect((await conditions(a, [a])).status).toBe(400)
    expect((await conditions(a, ['not-an-activity'])).status).toBe(400)
    expect((await conditions(b, [])).status).toBe(303)
    expect((await listActivities(server.context.db, course)).map((x) => x.requires)).toEqual([
      [],
      [],
    ])

    const move = (activity: string, direction: string) =>
      post('author', `${BASE}/${course}/activities/${activity}/move`, { direction })
    expect((await move(b, 'up')).location).toBe(`${BASE}/${course}?saved=order`)
    expect((await listActivities(server.context.db, course)).map((x) => x.title)).toEqual([
      'B',
      'A',
    ])
    expect((await move(b, 'sideways')).status).toBe(400)
    expect((await move('unknown', 'up')).status).toBe(404)
  })

  it('answers unknown ids and activities of another course with 404', async () => {
    const one = await newCourse('author', { title: 'One' })
    const two = await newCourse('author', { title: 'Two' })
    const page = await newActivity(one, { kind: 'page', title: 'Mine', body: '' })
    expect((await get('author', `${BASE}/nope`)).status).toBe(404)
    expect((await get('author', `${BASE}/${two}/activities/${page}`)).status).toBe(404)
    expect(
      (await post('author', `${BASE}/${two}/activities/${page}`, { title: 'x', body: '' })).status,
    ).toBe(404)
    expect((await post('author', `${BASE}/${two}/activities/${page}/delete`)).status).toBe(404)
    expect((await post('author', `${BASE}/nope/grade`, { gradeActivityId: '' })).status).toBe(404)
    expect((await get('author', `${BASE}/${one}/activities/${page}/questions/q`)).status).toBe(404)
    expect(
      (
        await post('author', `${BASE}/${one}/activities/${page}/questions`, {
          prompt: 'Q',
          choices: ['a', 'b'],
          correctIndex: '0',
        })
      ).status,
    ).toBe(400)
    // Fastify refuses an oversize path parameter before the route runs.
    expect((await get('author', `${BASE}/${'x'.repeat(500)}`)).status).toBe(414)
    expect(await listActivities(server.context.db, two)).toEqual([])
  })

  it('deletes activities and courses, but not the grade quiz nor a published course', async () => {
    const course = await newCourse('author', { title: 'Doomed', externalId: 'DOOM' })
    const quiz = await newActivity(course, { kind: 'quiz', title: 'Final', body: '' })
    await post('author', `${BASE}/${course}/grade`, { gradeActivityId: quiz })
    const confirm = await get('author', `${BASE}/${course}/activities/${quiz}/delete`)
    expect(confirm.html).toContain('choose another grade activity first')
    const refused = await post('author', `${BASE}/${course}/activities/${quiz}/delete`)
    expect(refused.status).toBe(400)
    expect(await listActivities(server.context.db, course)).toHaveLength(1)

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
      NOW,
    )
    expect((await get('author', `${BASE}/${course}/delete`)).html).toContain('cannot be deleted')
    const published = await post('author', `${BASE}/${course}/delete`)
    expect(published.status).toBe(400)
    expect(published.html).toContain('published as 1 LTI tool')
    expect(await getCourse(server.context.db, course)).toBeDefined()

    await server.context.db
      .deleteFrom('tool_publications')
      .where('course_id', '=', course)
      .execute()
    const deleted = await post('author', `${BASE}/${course}/delete`)
    expect([deleted.status, deleted.location]).toEqual([303, `${BASE}?saved=deleted`])
    expect(await getCourse(server.context.db, course)).toBeUndefined()
  })

  it('is for administrators and authors only, and refuses cross-site posts', async () => {
    expect((await get('learner', BASE)).status).toBe(403)
    expect((await post('learner', `${BASE}/new`, { title: 'Learner course' })).status).toBe(403)
    const anonymous = await get(undefined, BASE)
    expect(anonymous.status).toBe(303)
    expect(anonymous.location).toMatch(/^\/console\/sign-in/)
    expect((await post(undefined, `${BASE}/new`, { title: 'Nobody' })).status).toBe(401)
    for (const headers of [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      expect((await post('admin', `${BASE}/new`, { title: 'Forged' }, headers)).status).toBe(403)
    }
    const titles = (
      await server.context.db.selectFrom('tool_courses').select('title').execute()
    ).map((row) => row.title)
    expect(titles).not.toContain('Learner course')
    expect(titles).not.toContain('Forged')
    expect(titles).not.toContain('Nobody')
  })
})
