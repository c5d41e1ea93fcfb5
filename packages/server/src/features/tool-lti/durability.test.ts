import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer, type TestServer } from '../../testing/server.js'
import { DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import {
  launch13,
  learnerUrl,
  publish,
  setUpTool,
  takeDemoQuiz,
  toolAddress,
} from './testing/flow.js'
import { TestPlatform } from './testing/test-platform.js'
import { ltiToolOf } from './tool.js'

const HOUR = 3_600_000
const dialects = await testDialects()

describe.each(dialects)('grade outbox durability on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('survives a platform answering 503 and a tool restart; the grade keeps its timestamp', async () => {
    const clock = { offset: 0 }
    const env = { LTIHUB_ROLES: 'tool', LTIHUB_SECRET: `restart-secret-${crypto.randomUUID()}` }
    // The test delivers by hand; the server's own delivery job would race it for the grade.
    const start = async () => {
      const started = await startTestServer({
        database: database(),
        env,
        clock: () => Date.now() + clock.offset,
      })
      await started.context.jobs.stop()
      return started
    }
    let server: TestServer = await start()
    const platform = await TestPlatform.start(
      `${server.url}/tool/lti/jwks`,
      () => Date.now() + clock.offset,
    )
    try {
      const world = await setUpTool(server.context, platform)
      await publish(server.context, world)
      const course = learnerUrl(
        toolAddress(server),
        await launch13(
          platform,
          toolAddress(server),
          { id: 'u-7', givenName: 'Lin', familyName: 'Wu', email: 'lin@example.test' },
          { course: DEMO_COURSE_EXTERNAL_ID },
        ),
      )
      platform.failNext = 2
      await takeDemoQuiz(course, world, 4)
      // The page completed before the quiz queued a progress update, which the result superseded.
      const queued = await server.context.db
        .selectFrom('tool_grade_outbox')
        .selectAll()
        .where('state', '!=', 'superseded')
        .executeTakeFirstOrThrow()

      const first = await ltiToolOf(server.context).grades.deliverDue()
      expect(first.retried + first.delivered).toBeLessThanOrEqual(1)
      expect(platform.scores).toHaveLength(0)
      await server.close()

      server = await start()
      platform.toolJwksUrl = `${server.url}/tool/lti/jwks`
      for (let round = 0; round < 8 && platform.scores.length === 0; round += 1) {
        clock.offset += HOUR
        await ltiToolOf(server.context).grades.deliverDue()
      }
      expect(platform.failures).toBe(2)
      expect(platform.scores).toHaveLength(1)
      expect(platform.scores[0]?.score).toMatchObject({
        userId: 'u-7',
        scoreGiven: 0.8,
        timestamp: queued.timestamp,
      })
      const row = await server.context.db
        .selectFrom('tool_grade_outbox')
        .selectAll()
        .where('id', '=', queued.id)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ state: 'delivered', attempts: 3, timestamp: queued.timestamp })
    } finally {
      await server.close()
      await platform.close()
    }
  })
})
