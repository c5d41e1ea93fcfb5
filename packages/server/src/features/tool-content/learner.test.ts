import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/server.js'
import {
  launch11,
  learnerUrl,
  publish,
  setUpTool,
  toolAddress,
  type ToolWorld,
} from '../tool-lti/testing/flow.js'
import { TestPlatform } from '../tool-lti/testing/test-platform.js'
import { DEMO_COURSE_EXTERNAL_ID } from './seed.js'

describe('learner pages after a launch', () => {
  let server: TestServer
  let platform: TestPlatform
  let world: ToolWorld
  let course: string
  beforeAll(async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool' } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    world = await setUpTool(server.context, platform)
    await publish(server.context, world)
    const user = { id: 'u-5', givenName: '<b>Bo</b>', familyName: 'Lee', email: 'bo@example.test' }
    const tool = toolAddress(server)
    course = learnerUrl(
      tool,
      await launch11(platform, tool, '/tool/lti/launch', user, {
        custom: { course: DEMO_COURSE_EXTERNAL_ID },
      }),
    )
  })
  afterAll(async () => {
    await server.close()
    await platform.close()
  })

  it('shows the course, escaped, framable only by the platform, with no script allowed', async () => {
    const response = await fetch(course)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`frame-ancestors 'self' ${platform.origin}`)
    expect(csp).not.toContain('script-src')
    expect(csp).toContain("default-src 'none'")
    const html = await response.text()
    expect(html).toContain('&lt;b>Bo&lt;/b>')
    expect(html).toContain('locked')
  })

  it('keeps the quiz closed until the page before it is complete', async () => {
    const locked = await fetch(`${course}/activity/${world.quizId}`)
    expect(locked.status).toBe(403)
    expect(await locked.text()).toContain('Complete the earlier activities first')
    const answers = await fetch(`${course}/activity/${world.quizId}/answers`, {
      method: 'POST',
      body: new URLSearchParams({}),
    })
    expect(answers.status).toBe(403)
  })

  it('refuses incomplete or out-of-range answers and records nothing', async () => {
    await fetch(`${course}/activity/${world.introId}/complete`, {
      method: 'POST',
      redirect: 'manual',
    })
    const page = await (await fetch(`${course}/activity/${world.quizId}`)).text()
    const names = [...page.matchAll(/name="(q_[^"]+)" value="0"/g)].map((m) => m[1] ?? '')
    const outOfRange = new URLSearchParams(names.map((name) => [name, '7']))
    for (const body of [
      new URLSearchParams(),
      outOfRange,
      new URLSearchParams(names.map((name) => [name, 'x'])),
    ]) {
      const response = await fetch(`${course}/activity/${world.quizId}/answers`, {
        method: 'POST',
        body,
      })
      expect(response.status).toBe(400)
      expect(await response.text()).toContain('Answer every question')
    }
    expect(
      await server.context.db.selectFrom('tool_grade_outbox').select('id').execute(),
    ).toHaveLength(0)
    const quizProgress = await server.context.db
      .selectFrom('tool_progress')
      .select('state')
      .where('activity_id', '=', world.quizId)
      .executeTakeFirst()
    expect(quizProgress?.state).toBe('started')
  })

  it('answers an unknown session, activity or a page marked as a quiz with clear pages', async () => {
    const unknown = await fetch(`${server.url}/tool/learn/${'z'.repeat(30)}`)
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('ERR_LTI_SESSION_UNKNOWN')
    expect((await fetch(`${course}/activity/not-there`)).status).toBe(404)
    expect(
      (await fetch(`${course}/activity/${world.quizId}/complete`, { method: 'POST' })).status,
    ).toBe(400)
    expect((await fetch(`${server.url}/tool/learn/short`)).status).toBe(400)
  })

  it('the grade job delivers on its own within seconds', async () => {
    const page = await (await fetch(`${course}/activity/${world.quizId}`)).text()
    const names = [...page.matchAll(/name="(q_[^"]+)" value="0"/g)].map((m) => m[1] ?? '')
    const right = [1, 1, 0, 0, 0]
    const body = new URLSearchParams(names.map((name, i) => [name, String(right[i])]))
    expect(
      await (
        await fetch(`${course}/activity/${world.quizId}/answers`, { method: 'POST', body })
      ).text(),
    ).toContain('5 of 5')
    for (let waited = 0; waited < 10_000 && platform.outcomes.length === 0; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(platform.outcomes).toEqual([{ sourcedId: 'sourced-u-5', score: 1 }])
  })
})
