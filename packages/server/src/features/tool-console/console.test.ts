import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ADMINISTRATOR } from '../../console/feature.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { DEMO_CONSUMER_KEY } from '../tool-lti/index.js'

async function signIn(server: TestServer): Promise<string> {
  const response = await fetch(`${server.url}/console/sign-in/demo`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url },
    body: new URLSearchParams({ identity: DEMO_ADMINISTRATOR.id, next: '/console' }),
  })
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

describe('tool console over HTTP', () => {
  let server: TestServer
  let cookie: string
  let courseId: string
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_DEMO: 'true', LTIHUB_ROLES: 'tool' } })
    cookie = await signIn(server)
    courseId = (
      await server.context.db.selectFrom('tool_courses').select('id').executeTakeFirstOrThrow()
    ).id
  })
  afterAll(async () => {
    await server.close()
  })

  const get = (path: string) =>
    fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
  const post = (path: string, body: Record<string, string> | string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: typeof body === 'string' ? body : new URLSearchParams(body),
      redirect: 'manual',
    })

  it('demo data is idempotent: one demo course and one demo key after seeding again', async () => {
    const { seedDemo } = await import('../../demo/seed.js')
    await seedDemo(server.context)
    expect(await server.context.db.selectFrom('tool_courses').select('id').execute()).toHaveLength(
      1,
    )
    expect(
      await server.context.db.selectFrom('tool_consumer_keys').select('key').execute(),
    ).toHaveLength(1)
  })

  it('creates an LTI 1.1 key with a sealed, generated secret and lists it', async () => {
    expect(
      (
        await post('/console/tool/consumer-keys', {
          name: 'Pluto LMS',
          lmsId: 'pluto',
          key: 'pluto-key',
        })
      ).status,
    ).toBe(303)
    const html = await (await get('/console/tool/consumer-keys')).text()
    expect(html).toContain('pluto-key')
    expect(html).toContain('Pluto LMS')
    const duplicate = await post('/console/tool/consumer-keys', {
      name: 'Again',
      lmsId: 'pluto',
      key: 'pluto-key',
    })
    expect(duplicate.status).toBe(409)
    expect(await duplicate.text()).not.toContain('secret_sealed')
  })

  it.each([
    [{ name: '', lmsId: 'x', key: '' }],
    [{ name: 'A', lmsId: 'has:colon', key: '' }],
    [{ name: 'A', lmsId: 'ok', key: '<script>' }],
  ])('answers a malformed key form with the form again, values kept %#', async (body) => {
    const response = await post('/console/tool/consumer-keys', body)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toContain('text/html')
    const html = await response.text()
    expect(html).toContain('data-testid="form-errors"')
    expect(html).toContain('aria-invalid="true"')
    if (body.lmsId !== '') expect(html).toContain(`value="${body.lmsId}"`)
  })

  it('registers a platform by hand, refuses http URLs, approves a pending deployment', async () => {
    const form = {
      name: 'Pluto 1.3',
      issuer: 'https://pluto.example.test',
      clientId: 'cid',
      authLoginUrl: 'https://pluto.example.test/auth',
      authTokenUrl: 'https://pluto.example.test/token',
      jwksUrl: 'https://pluto.example.test/jwks',
      lmsId: 'pluto13',
      deploymentPolicy: 'pending',
    }
    expect(
      (
        await post('/console/tool/platforms', {
          ...form,
          jwksUrl: 'http://pluto.example.test/jwks',
        })
      ).status,
    ).toBe(400)
    expect((await post('/console/tool/platforms', form)).status).toBe(303)
    const registration = await server.context.db
      .selectFrom('tool_registrations')
      .selectAll()
      .executeTakeFirstOrThrow()
    await server.context.db
      .insertInto('tool_deployments')
      .values({
        registration_id: registration.id,
        deployment_id: 'dep-1',
        status: 'pending',
        first_seen_at: 1,
      })
      .execute()
    expect(await (await get(`/console/tool/platforms/${registration.id}`)).text()).toContain(
      'Approve',
    )
    const approve = await post('/console/tool/platforms/deployments', {
      registrationId: registration.id,
      deploymentId: 'dep-1',
      status: 'active',
    })
    expect(approve.status).toBe(303)
    const row = await server.context.db
      .selectFrom('tool_deployments')
      .select('status')
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('active')
    expect(
      (
        await post('/console/tool/platforms/deployments', {
          registrationId: 'x',
          deploymentId: 'y',
          status: 'active',
        })
      ).status,
    ).toBe(404)
  })

  it('publish form: clear errors for bad input, nothing saved; a valid form saves one publication', async () => {
    const base = {
      name: 'P',
      target: 'course',
      enabled: 'on',
      roleInstructor: 'teacher',
      roleLearner: 'student',
      memberSyncTrigger: 'off',
      memberSyncMode: 'enrol-new',
    }
    const bad = await post(`/console/tool/courses/${courseId}/publish`, {
      ...base,
      maxEnrolledUsers: '-3',
      startsOn: '2030-01-01',
      endsOn: '2029-01-01',
    })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('Maximum enrolled users must be a whole number.')
    expect(html).toContain('Enrolment ends must be after Enrolment starts.')
    expect(
      await server.context.db.selectFrom('tool_publications').select('id').execute(),
    ).toHaveLength(0)
    expect(
      (
        await post(`/console/tool/courses/${courseId}/publish`, {
          ...base,
          target: 'not-an-activity',
        })
      ).status,
    ).toBe(400)
    expect((await post('/console/tool/courses/nope/publish', base)).status).toBe(404)
    const good = await post(`/console/tool/courses/${courseId}/publish`, {
      ...base,
      consumer: `lti11:${DEMO_CONSUMER_KEY}`,
      maxEnrolledUsers: '5',
    })
    expect(good.status).toBe(303)
    const saved = await server.context.db
      .selectFrom('tool_publications')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(saved).toMatchObject({
      max_enrolled_users: 5,
      consumers: JSON.stringify([{ kind: 'lti11', consumerKey: DEMO_CONSUMER_KEY }]),
    })
    const published = await (await get(`/console/tool/courses/${courseId}/published`)).text()
    expect(published).toContain(DEMO_CONSUMER_KEY)
  })

  it('course settings: external ID and "Base course grade on"; a foreign activity is refused', async () => {
    expect(
      (
        await post(`/console/tool/courses/${courseId}`, {
          externalId: 'bad id!',
          gradeActivityId: '',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await post(`/console/tool/courses/${courseId}`, {
          externalId: 'X1',
          gradeActivityId: 'foreign',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await post(`/console/tool/courses/${courseId}`, {
          externalId: 'LAB-2',
          gradeActivityId: '',
        })
      ).status,
    ).toBe(303)
    const course = await server.context.db
      .selectFrom('tool_courses')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(course).toMatchObject({ external_id: 'LAB-2', grade_activity_id: null })
  })

  it('course settings save as authoring does: a content page is refused as the grade activity', async () => {
    const activities = await server.context.db
      .selectFrom('tool_activities')
      .select(['id', 'kind'])
      .where('course_id', '=', courseId)
      .execute()
    const page = activities.find((a) => a.kind === 'page')?.id ?? ''
    const quiz = activities.find((a) => a.kind === 'quiz')?.id ?? ''
    const settings = await (await get(`/console/tool/courses/${courseId}`)).text()
    expect(settings).toContain(`value="${quiz}"`)
    expect(settings).not.toContain(`value="${page}"`)

    const refused = await post(`/console/tool/courses/${courseId}`, {
      externalId: 'LAB-3',
      gradeActivityId: page,
    })
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('Only a quiz yields a score to base the grade on.')
    expect(html).toContain('value="LAB-3"')
    const unchanged = await server.context.db
      .selectFrom('tool_courses')
      .select(['external_id', 'grade_activity_id'])
      .where('id', '=', courseId)
      .executeTakeFirstOrThrow()
    expect(unchanged).toEqual({ external_id: 'LAB-2', grade_activity_id: null })

    expect(
      (
        await post(`/console/tool/courses/${courseId}`, {
          externalId: 'LAB-2',
          gradeActivityId: quiz,
        })
      ).status,
    ).toBe(303)
    expect(
      await server.context.db
        .selectFrom('tool_courses')
        .select('grade_activity_id')
        .where('id', '=', courseId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ grade_activity_id: quiz })
    expect(
      (await post('/console/tool/courses/nope', { externalId: '', gradeActivityId: '' })).status,
    ).toBe(404)
  })

  it('the Courses page links to course authoring', async () => {
    const html = await (await get('/console/tool/courses')).text()
    expect(html).toContain('href="/console/tool/authoring/new"')
    expect(html).toContain(`href="/console/tool/authoring/${courseId}"`)
    expect(html).toContain('Edit content')
  })

  it('grade deliveries: Resend of an item that is not dead is refused; pages answer', async () => {
    expect((await post('/console/tool/grades/unknown/resend', '')).status).toBe(409)
    expect(await (await get('/console/tool/grades')).text()).toContain('No dead letters')
    expect((await get('/console/tool/licences')).status).toBe(200)
  })

  it('refuses a cross-site post and a visitor without a session', async () => {
    const crossSite = await fetch(`${server.url}/console/tool/consumer-keys`, {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'name=x&lmsId=y&key=z',
      redirect: 'manual',
    })
    expect(crossSite.status).toBe(403)
    expect((await fetch(`${server.url}/console/tool/courses`, { redirect: 'manual' })).status).toBe(
      303,
    )
  })
})
