import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createLtiTool, type ToolEvent } from '@ltihub/tool'
import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer } from '../../testing/server.js'
import { outboxRow, queueGrade, registerPlatform } from './testing/outbox-items.js'
import { TestPlatform } from './testing/test-platform.js'
import { sqlToolPorts } from './tool.js'

/*
 * Two platforms on loopback, one of which accepts connections and never answers: the other's
 * grades go out as usual, over the SQL outbox of both databases, and the silent one's delivery is
 * abandoned at its (short, injected) timeout and retried later.
 */

const TIMEOUT_MS = 1_500
const dialects = await testDialects()

/** A server that accepts every request and never answers; counts what it received. */
async function silentPlatform(): Promise<{
  origin: string
  paths: string[]
  close(): Promise<void>
}> {
  const paths: string[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((request) => {
    paths.push(request.url ?? '')
    request.resume()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe.each(dialects)('grade delivery isolation on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('a platform that never answers delays only its own grades, and is retried later', async () => {
    const server = await startTestServer({ database: database(), env: { LTIHUB_ROLES: 'tool' } })
    // This test drives delivery itself, with a short timeout; the server's own job stays out.
    await server.context.jobs.stop()
    const answering = await TestPlatform.start(`${server.url}/tool/lti/jwks`)
    const silent = await silentPlatform()
    try {
      const { db } = server.context
      const clock = () => Date.now()
      const lms = {
        registrationId: await registerPlatform(db, clock, answering.origin, {
          issuer: answering.issuer,
          clientId: answering.clientId,
          prefix: 'lms',
        }),
        deploymentId: answering.deploymentId,
        lineItemUrl: answering.urls.lineItem,
      }
      const hung = {
        registrationId: await registerPlatform(db, clock, silent.origin, {
          issuer: 'https://silent.example.test',
          clientId: 'silent-client',
          prefix: 'silent',
        }),
        deploymentId: 'deployment-1',
        lineItemUrl: `${silent.origin}/contexts/c1/lineitems/quiz/lineitem`,
      }
      const events: ToolEvent[] = []
      const tool = createLtiTool({
        ports: sqlToolPorts(server.context),
        publicUrl: new URL('/tool/', server.config.publicUrl).href,
        userAgent: 'ltihub-test/1.0',
        toolName: 'ltihub',
        onLaunch: () => new Response(null, { status: 204 }),
        serviceTimeoutMs: TIMEOUT_MS,
        gradeDelivery: { concurrencyPerPlatform: 1, random: () => 0.5 },
        onEvent: (event) => events.push(event),
        dangerouslyAllowInsecureLoopback: true,
      })
      const start = Date.now() - 10_000
      // The silent platform's grade is the oldest: it is claimed and sent first.
      const stuck = await queueGrade(db, hung, 'h-1', start)
      const first = await queueGrade(db, lms, 'a-1', start + 1)
      const delivered = (id: string) =>
        events.some((e) => e.type === 'grade.delivered' && e.itemId === id)

      const slowRun = tool.grades.deliverDue()
      await until(() => silent.paths.length === 1 && delivered(first.id))
      // While that run waits on the silent platform, new grades arrive for both platforms; the
      // next run delivers the answering platform's and leaves the busy platform's alone.
      const second = await queueGrade(db, lms, 'a-2', Date.now())
      const waiting = await queueGrade(db, hung, 'h-2', Date.now())
      const nextRun = await tool.grades.deliverDue()
      expect(nextRun.items).toEqual([{ id: second.id, state: 'delivered' }])
      expect(await outboxRow(db, stuck.id)).toMatchObject({ state: 'delivering' })
      expect(await outboxRow(db, waiting.id)).toMatchObject({ state: 'pending', attempts: 0 })

      const slow = await slowRun
      expect(slow).toMatchObject({ claimed: 2, delivered: 1, retried: 1 })
      const abandoned = await outboxRow(db, stuck.id)
      expect(abandoned).toMatchObject({ state: 'pending', attempts: 1, last_status: 0 })
      expect(abandoned.last_error).toContain(`within ${TIMEOUT_MS} ms`)
      const order = events
        .filter((e) => e.type === 'grade.delivered' || e.type === 'grade.retry')
        .map((e) => ('itemId' in e ? e.itemId : ''))
      expect(order).toEqual([first.id, second.id, stuck.id])
      expect(answering.scores.map((s) => s.score.userId)).toEqual(['a-1', 'a-2'])

      // Retried later: due again after its backoff (and the platform's wait), still silent.
      const later = abandoned.next_attempt_at + 1
      const retry = await tool.grades.deliverDue({ now: later })
      expect(retry.items.map((i) => i.id).sort()).toEqual([stuck.id, waiting.id].sort())
      expect(silent.paths).toEqual(['/token', '/token'])
      expect(await outboxRow(db, stuck.id)).toMatchObject({ state: 'pending', attempts: 2 })
    } finally {
      await silent.close()
      await answering.close()
      await server.close()
    }
  }, 60_000)
})
