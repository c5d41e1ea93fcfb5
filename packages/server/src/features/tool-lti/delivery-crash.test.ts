import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { testDialects, type TestDatabase, useTestDatabase } from '../../testing/databases.js'
import { startTestServer } from '../../testing/server.js'
import { outboxRow, queueGrade, registerPlatform } from './testing/outbox-items.js'
import { TestPlatform } from './testing/test-platform.js'
import { ltiToolOf } from './tool.js'

/*
 * At-least-once delivery without double grades: a real ltihub process is killed (SIGKILL) after
 * the platform applied a score and wrote its acknowledgement, before the process could record it
 * in the outbox. After a restart the grade must count as delivered, and the platform hold it once.
 */

const REPOSITORY = fileURLToPath(new URL('../../../../../', import.meta.url))
const CLI = fileURLToPath(new URL('packages/cli/src/main.ts', `file://${REPOSITORY}`))
const LEASE_MS = 120_000
const dialects = await testDialects()

/** Settings of the ltihub process for this test's database. */
function settingsFor(database: TestDatabase, secret: string): Record<string, string> {
  return {
    LTIHUB_ROLES: 'tool',
    LTIHUB_SECRET: secret,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: database.dataDir,
    ...(database.database.dialect === 'postgres'
      ? { DATABASE_URL: database.database.url.reveal() }
      : {}),
  }
}

/** Starts `ltihub serve` as a child process; resolves it with the URL it listens on. */
async function startLtihub(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; exited: Promise<NodeJS.Signals | null> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', CLI, 'serve'],
    // Only the settings: nothing of the test runner's environment leaks into the server.
    {
      cwd: REPOSITORY,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const found = /ltihub listening on (http:\/\/\S+)/.exec(output)
      if (found?.[1] !== undefined) resolve(found[1])
    })
    void exited.then(() => reject(new Error(`ltihub exited before listening: ${output}`)))
  })
  return { child, url, exited }
}

describe.each(dialects)('grade delivery after a crash on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('a process killed between the platform acknowledgement and the outbox update: after restart the grade counts as delivered, held once', async () => {
    const { db } = database()
    const secret = `crash-secret-${crypto.randomUUID()}`
    const clock = { offset: 0 }
    const now = () => Date.now() + clock.offset
    const platform = await TestPlatform.start('http://127.0.0.1:9/unused', now)
    const registrationId = await registerPlatform(db, now, platform.origin, {
      issuer: platform.issuer,
      clientId: platform.clientId,
      prefix: 'lms13',
    })
    const item = await queueGrade(
      db,
      { registrationId, deploymentId: platform.deploymentId, lineItemUrl: platform.urls.lineItem },
      'u-9',
      Date.now() - 1_000,
    )

    const ltihub = await startLtihub(settingsFor(database(), secret))
    platform.toolJwksUrl = `${ltihub.url}/tool/lti/jwks`
    try {
      const killed = new Promise<void>((resolve) => {
        // Frozen as soon as the score is applied, so it cannot record anything; killed once the
        // acknowledgement is on its socket. Its own delivery job sent the score (no test code).
        platform.scoreHooks = {
          applied: () => ltihub.child.kill('SIGSTOP'),
          answered: () => {
            ltihub.child.kill('SIGKILL')
            resolve()
          },
        }
      })
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        killed,
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('ltihub sent no score within 60 s')), 60_000)
        }),
      ]).finally(() => clearTimeout(timer))
      expect(await ltihub.exited).toBe('SIGKILL')
    } finally {
      ltihub.child.kill('SIGKILL')
    }
    platform.scoreHooks = {}
    expect(platform.scores).toHaveLength(1)
    expect(platform.scoreAnswers).toEqual([200])
    // The outbox still says delivering: the acknowledgement never reached it.
    expect(await outboxRow(db, item.id)).toMatchObject({ state: 'delivering', attempts: 0 })

    // Restart (a new process on the same database) once the dead worker's lease has expired.
    clock.offset = LEASE_MS + 1_000
    const server = await startTestServer({
      database: database(),
      env: { LTIHUB_ROLES: 'tool', LTIHUB_SECRET: secret },
      clock: now,
    })
    try {
      platform.toolJwksUrl = `${server.url}/tool/lti/jwks`
      const report = await ltiToolOf(server.context).grades.deliverDue()
      // The restarted server's own job may have taken it first; either way the row tells.
      if (report.claimed > 0) {
        expect(report.items).toEqual([{ id: item.id, state: 'delivered', alreadyHeld: true }])
      }
      for (let wait = 0; wait < 100; wait += 1) {
        if ((await outboxRow(db, item.id)).state !== 'delivering') break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(await outboxRow(db, item.id)).toMatchObject({
        state: 'delivered',
        attempts: 1,
        timestamp: item.timestamp,
      })
      expect(await ltiToolOf(server.context).grades.deadLetters()).toEqual([])
      // Sent again with the same timestamp; the platform refused to apply it twice.
      expect(platform.scoreAnswers).toEqual([200, 409])
      expect(platform.scores).toHaveLength(1)
      expect(platform.scores[0]?.score).toMatchObject({
        userId: 'u-9',
        scoreGiven: 0.8,
        timestamp: item.timestamp,
      })
    } finally {
      await server.close()
      await platform.close()
    }
  }, 120_000)
})
