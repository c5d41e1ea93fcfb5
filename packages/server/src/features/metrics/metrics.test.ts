import { SCOPE } from '@ltihub/core'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { placedAndLaunched } from '../platform-lti/testing/flows.js'
import { type RuntimeWorld, startRuntimeWorld } from '../platform-lti/testing/harness.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import {
  launch11,
  learnerUrl,
  publish,
  setUpTool,
  takeDemoQuiz,
  toolAddress,
} from '../tool-lti/testing/flow.js'
import { TestPlatform } from '../tool-lti/testing/test-platform.js'
import { ltiToolOf } from '../tool-lti/tool.js'

const TOKEN = 'metrics-token-'.padEnd(40, 'x')
const METRICS_ON = { METRICS: 'true', METRICS_TOKEN: TOKEN }
const ada = { id: 'u-1', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.test' }

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(response.status).toBe(200)
  return response.text()
}

/** The value of one sample, e.g. `ltihub_lti_launches_total{role="tool",lti_version="1.1"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1))
    }
  }
  return 0
}

describe('/metrics', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('is off by default', async () => {
    server = await startTestServer()
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404)
    expect(server.context.scrapeMetrics).toBeUndefined()
  })

  it('asks for the token when one is set, and never shows it', async () => {
    server = await startTestServer({ env: METRICS_ON })
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`]) {
      const response = await fetch(`${server.url}/metrics`, {
        headers: authorization === undefined ? {} : { authorization },
      })
      expect(response.status, authorization).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Bearer')
    }
    const text = await scrape(server.url)
    expect(text).not.toContain(TOKEN)
    expect(server.logText()).not.toContain(TOKEN)
  })

  it('is open without a token, with process, pool and request metrics by route pattern', async () => {
    server = await startTestServer({ env: { METRICS: 'true' } })
    await fetch(`${server.url}/health/live`)
    const api = await fetch(`${server.url}/api/platform/sections/section-4711`)
    expect(api.status).toBe(401)
    const response = await fetch(`${server.url}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain')
    const text = await response.text()
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(sample(text, 'ltihub_db_pool_connections', { state: 'total' })).toBe(1)
    expect(sample(text, 'ltihub_db_pool_max')).toBe(1)
    const live = { route: '/health/live', method: 'GET', status_code: '200' }
    expect(sample(text, 'ltihub_http_request_duration_seconds_count', live)).toBe(1)
    const section = { route: '/api/platform/sections/:sectionId', status_code: '401' }
    expect(sample(text, 'ltihub_http_request_duration_seconds_count', section)).toBe(1)
    expect(text).not.toContain('section-4711')
    expect(sample(text, 'ltihub_tool_grade_outbox_items', { state: 'pending' })).toBe(0)
  })
})

describe('tool metrics after real launches', () => {
  let server: TestServer | undefined
  let platform: TestPlatform | undefined
  afterEach(async () => {
    await server?.close()
    await platform?.close()
    server = undefined
  })

  it('count a launch, a refusal, the outbox and a delivery to the platform', async () => {
    server = await startTestServer({ env: { LTIHUB_ROLES: 'tool', ...METRICS_ON } })
    platform = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    const world = await setUpTool(server.context, platform)
    const tool = toolAddress(server)
    await publish(server.context, world)
    const custom = { custom: { course: DEMO_COURSE_EXTERNAL_ID } }

    const refused = await launch11(platform, tool, '/tool/lti/launch', ada, {
      ...custom,
      secret: 'not-the-shared-secret',
    })
    expect(refused.status).toBe(401)
    const launched = await launch11(platform, tool, '/tool/lti/launch', ada, custom)
    const course = learnerUrl(tool, launched)
    expect(await takeDemoQuiz(course, world, 4)).toContain('4 of 5')

    let text = await scrape(server.url)
    expect(sample(text, 'ltihub_lti_launches_total', { role: 'tool', lti_version: '1.1' })).toBe(1)
    const refusals = text.split('\n').filter((l) => l.startsWith('ltihub_lti_refusals_total{'))
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toMatch(/role="tool",endpoint="[\w-]+",code="ERR_LTI_[A-Z0-9_]+"} 1$/)
    expect(sample(text, 'ltihub_tool_grade_outbox_items', { state: 'pending' })).toBe(1)
    expect(sample(text, 'ltihub_tool_grade_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0)

    expect((await ltiToolOf(server.context).grades.deliverDue()).delivered).toBe(1)
    const delivered = { platform: 'lti11:lms-key', outcome: 'delivered' }
    for (let i = 0; i < 50; i += 1) {
      text = await scrape(server.url)
      if (sample(text, 'ltihub_tool_grade_deliveries_total', delivered) > 0) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(sample(text, 'ltihub_tool_grade_deliveries_total', delivered)).toBe(1)
    expect(sample(text, 'ltihub_tool_grade_outbox_items', { state: 'pending' })).toBe(0)
    expect(sample(text, 'ltihub_tool_grade_outbox_oldest_age_seconds')).toBe(0)
  })
})

const dialects = await testDialects()

describe.each(dialects)('platform metrics after a real launch on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  let world: RuntimeWorld | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('count the launch, a refused launch and the score the tool sent', async () => {
    world = await startRuntimeWorld(database(), Date.now(), { env: METRICS_ON })
    const { ags, student } = await placedAndLaunched(world)
    const missing = await student.fetch(`${world.base}/platform/launch/no-such-link`)
    expect(missing.status).toBeGreaterThanOrEqual(400)
    const token = await world.tool.accessToken([SCOPE.score])
    const scored = await fetch(
      world.tool.scoreRequest(ags.lineitem, token.accessToken, {
        userId: world.fixture.student.id,
        scoreGiven: 7,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
      }),
    )
    expect(scored.status).toBe(204)

    const text = await scrape(world.base)
    expect(
      sample(text, 'ltihub_lti_launches_total', { role: 'platform', lti_version: '1.3' }),
    ).toBe(1)
    const refused = { role: 'platform', endpoint: 'launch' }
    expect(sample(text, 'ltihub_lti_refusals_total', refused)).toBe(1)
    const accepted = { service: 'ags', result: 'applied' }
    expect(sample(text, 'ltihub_platform_scores_accepted_total', accepted)).toBe(1)
    const pool = sample(text, 'ltihub_db_pool_max')
    expect(pool).toBe(dialect.name === 'postgres' ? 10 : 1)
  })
})
