import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import {
  launch11,
  launch13,
  learnerUrl,
  LMS11_PREFIX,
  LMS13_PREFIX,
  publish,
  setUpTool,
  takeDemoQuiz,
  type ToolAddress,
  toolAddress,
  type ToolWorld,
} from './testing/flow.js'
import { TestPlatform } from './testing/test-platform.js'
import { ltiToolOf } from './tool.js'

const ada = { id: 'u-1', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.test' }
const alan = { id: 'u-2', givenName: 'Alan', familyName: 'Turing', email: 'alan@example.test' }

describe('tool role over HTTP with an independent platform', () => {
  let server: TestServer
  let platform: TestPlatform
  let world: ToolWorld
  let tool: ToolAddress
  const clock = { offset: 0 }
  beforeEach(async () => {
    clock.offset = 0
    server = await startTestServer({
      env: { LTIHUB_ROLES: 'tool' },
      clock: () => Date.now() + clock.offset,
    })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    world = await setUpTool(server.context, platform)
    tool = toolAddress(server)
  })
  afterEach(async () => {
    await server.close()
    await platform.close()
  })

  const learnerCount = async () =>
    (await server.context.db.selectFrom('tool_learners').select('id').execute()).length

  it('LTI 1.1 (custom parameter course): account, quiz 4 of 5, 0.8 back, licence counted', async () => {
    const publication = await publish(server.context, world)
    const response = await launch11(platform, tool, '/tool/lti/launch', ada, {
      custom: { course: DEMO_COURSE_EXTERNAL_ID },
    })
    const course = learnerUrl(tool, response)
    const page = await fetch(course)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain(
      `frame-ancestors 'self' ${platform.origin}`,
    )
    expect(await page.text()).toContain('Safe Lab Practice')

    const learner = await server.context.db
      .selectFrom('tool_learners')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(learner.external_id).toBe(`${LMS11_PREFIX}:u-1`)
    expect(learner.given_name).toBe('Ada')
    expect(JSON.parse(learner.defaults)).toMatchObject({ country: 'NL', language: 'en' })

    expect(await takeDemoQuiz(course, world, 4)).toContain('4 of 5')
    const report = await ltiToolOf(server.context).grades.deliverDue()
    expect(report.delivered).toBe(1)
    expect(platform.outcomes).toEqual([{ sourcedId: 'sourced-u-1', score: 0.8 }])

    const licences = await ltiToolOf(server.context).publishing.licenceReport()
    expect(licences).toEqual([
      expect.objectContaining({
        publicationId: publication.id,
        consumer: 'lti11:lms-key',
        subscriptions: 1,
      }),
    ])
  })

  it('LTI 1.1 with the external ID in the launch URL', async () => {
    await publish(server.context, world)
    const response = await launch11(
      platform,
      tool,
      `/tool/lti/launch/${DEMO_COURSE_EXTERNAL_ID}`,
      alan,
    )
    const course = learnerUrl(tool, response)
    expect(await (await fetch(course)).text()).toContain('Welcome, Alan Turing')
  })

  it('LTI 1.3: account with the LMS ID prefix, quiz 4 of 5, AGS score 0.8', async () => {
    await publish(server.context, world)
    const response = await launch13(platform, tool, alan, { course: DEMO_COURSE_EXTERNAL_ID })
    const course = learnerUrl(tool, response)
    const learner = await server.context.db
      .selectFrom('tool_learners')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(learner.external_id).toBe(`${LMS13_PREFIX}:u-2`)
    await takeDemoQuiz(course, world, 4)
    await ltiToolOf(server.context).grades.deliverDue()
    expect(platform.scores).toHaveLength(1)
    expect(platform.scores[0]?.score).toMatchObject({
      userId: 'u-2',
      scoreGiven: 0.8,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    })
  })

  it('LTI 1.3: progress goes back, Started on the first activity and InProgress after a page', async () => {
    await publish(server.context, world)
    const response = await launch13(platform, tool, alan, { course: DEMO_COURSE_EXTERNAL_ID })
    const course = learnerUrl(tool, response)
    expect((await fetch(`${course}/activity/${world.introId}`)).status).toBe(200)
    await ltiToolOf(server.context).grades.deliverDue()
    expect(platform.scores).toHaveLength(1)
    expect(platform.scores[0]?.score).toMatchObject({
      userId: 'u-2',
      activityProgress: 'Started',
      gradingProgress: 'NotReady',
    })
    expect(platform.scores[0]?.score).not.toHaveProperty('scoreGiven')
    const done = await fetch(`${course}/activity/${world.introId}/complete`, {
      method: 'POST',
      redirect: 'manual',
    })
    expect(done.status).toBe(303)
    await ltiToolOf(server.context).grades.deliverDue()
    expect(platform.scores).toHaveLength(2)
    expect(platform.scores[1]?.score).toMatchObject({ activityProgress: 'InProgress' })
  })

  it('refuses enrolment past the maximum with a clear page, an error code and no account', async () => {
    await publish(server.context, world, { maxEnrolledUsers: 1 })
    learnerUrl(
      tool,
      await launch11(platform, tool, '/tool/lti/launch', ada, {
        custom: { course: DEMO_COURSE_EXTERNAL_ID },
      }),
    )
    const refused = await launch11(platform, tool, '/tool/lti/launch', alan, {
      custom: { course: DEMO_COURSE_EXTERNAL_ID },
    })
    expect(refused.status).toBe(403)
    const html = await refused.text()
    expect(html).toContain('<code id="ltihub-error-code">ERR_LTI_ENROLMENT_FULL</code>')
    expect(await learnerCount()).toBe(1)
  })

  it.each([
    ['ERR_LTI_ENROLMENT_NOT_STARTED', { enrolmentStartsAt: Date.now() + 86_400_000 }],
    ['ERR_LTI_ENROLMENT_ENDED', { enrolmentEndsAt: Date.now() - 1000 }],
  ] as const)('refuses enrolment outside the dates: %s', async (code, dates) => {
    await publish(server.context, world, dates)
    const refused = await launch11(platform, tool, '/tool/lti/launch', ada, {
      custom: { course: DEMO_COURSE_EXTERNAL_ID },
    })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(await refused.text()).toContain(`<code id="ltihub-error-code">${code}</code>`)
    expect(await learnerCount()).toBe(0)
  })

  it('member sync enrols a member who never launched', async () => {
    const publication = await publish(server.context, world, {
      memberSync: { trigger: 'scheduled', mode: 'enrol-new' },
    })
    platform.members = [
      {
        user_id: 'u-2',
        roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        status: 'Active',
      },
      {
        user_id: 'm-9',
        roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        status: 'Active',
        given_name: 'Grace',
      },
    ]
    learnerUrl(tool, await launch13(platform, tool, alan, { course: DEMO_COURSE_EXTERNAL_ID }))
    await ltiToolOf(server.context).roster.syncScheduled()
    const member = await server.context.db
      .selectFrom('tool_learners')
      .selectAll()
      .where('external_id', '=', `${LMS13_PREFIX}:m-9`)
      .executeTakeFirstOrThrow()
    const enrolment = await server.context.db
      .selectFrom('tool_enrolments')
      .selectAll()
      .where('learner_id', '=', member.id)
      .executeTakeFirstOrThrow()
    expect(enrolment).toMatchObject({ publication_id: publication.id, status: 'active' })
  })
})
