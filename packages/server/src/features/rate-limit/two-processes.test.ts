/**
 * Issue 8's "done when": wrong LTI 1.1 signatures are limited across two server processes on one
 * PostgreSQL database, and a correct launch from another address still works. The processes are
 * real `ltihub serve` children sharing nothing but the database (counters: RATE_LIMIT_STORE=auto,
 * which is the database when DATABASE_URL is set).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { buildLti11Launch } from '@ltihub/core'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { startTestServer } from '../../testing/server.js'
import { createCourse, DEMO_COURSE, DEMO_COURSE_EXTERNAL_ID } from '../tool-content/seed.js'
import { publish } from '../tool-lti/testing/flow.js'
import { createConsumerKey } from '@ltihub/kysely/tool'

const postgres = (await testDialects()).find((dialect) => dialect.name === 'postgres')
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url))
const PUBLIC_URL = 'http://localhost:3999'
const CONSUMER = { key: 'district-lms', secret: 'district-lms-secret-0123456789' }

interface Child {
  readonly url: string
  readonly process: ChildProcess
}

/** Starts `ltihub serve` as the CLI runs it, and waits for the address it listens on. */
async function serve(env: Record<string, string>): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts', 'serve', '--port', '0'],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ltihub serve exited with ${code}: ${output}`)))
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ltihub listening on (\S+)/.exec(output)
      if (match?.[1] !== undefined) resolve(match[1])
    })
  })
  return { url, process: child }
}

async function launch(child: Child, secret: string, forwardedFor?: string): Promise<Response> {
  const { url, fields } = await buildLti11Launch({
    launchUrl: `${PUBLIC_URL}/tool/lti/launch`,
    consumerKey: CONSUMER.key,
    secret,
    params: {
      resource_link_id: 'link-1',
      user_id: 'student-1',
      roles: 'Learner',
      lis_person_name_given: 'Ada',
      lis_person_name_family: 'Lovelace',
      context_id: 'math-7',
    },
    custom: { course: DEMO_COURSE_EXTERNAL_ID },
  })
  return fetch(`${child.url}${new URL(url).pathname}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    redirect: 'manual',
  })
}

describe.skipIf(postgres === undefined)('LTI 1.1 signature limits across processes', () => {
  const database = useTestDatabase(postgres ?? { name: 'postgres', skipReason: 'no dialect' })
  const children: Child[] = []
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.process.exitCode !== null) continue
      child.process.kill('SIGTERM')
      await once(child.process, 'exit')
    }
  })

  it('answers 429 after the limit on both processes; a correct launch from elsewhere works', async () => {
    const { database: config, dataDir } = database()
    if (config.dialect !== 'postgres') throw new Error('PostgreSQL only')
    const env = {
      DATABASE_URL: config.url.reveal(),
      DATA_DIR: dataDir,
      LTIHUB_SECRET: `two-processes-${crypto.randomUUID()}`,
      LTIHUB_ROLES: 'tool',
      PUBLIC_URL,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    }
    // The district's consumer key and a published course, written with the same secret.
    const seeding = await startTestServer({ database: database(), env })
    const course = await createCourse(seeding.context.db, DEMO_COURSE, seeding.context.clock())
    await createConsumerKey(seeding.context.db, seeding.context, {
      key: CONSUMER.key,
      secret: CONSUMER.secret,
      name: 'District LMS',
      lmsIdPrefix: 'district',
      enabled: true,
    })
    await publish(seeding.context, {
      courseId: course.courseId,
      quizId: '',
      introId: '',
      registrationId: '',
    })
    await seeding.close()

    children.push(await serve(env), await serve(env))
    const [first, second] = children as [Child, Child]
    const statuses: number[] = []
    for (let i = 0; i < 300; i += 1) {
      const response = await launch(i % 2 === 0 ? first : second, 'a-guessed-secret')
      await response.arrayBuffer()
      statuses.push(response.status)
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    // The default limit: 20 wrong signatures per key and address in 15 minutes, then 429 on both.
    expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(401))
    expect(statuses.slice(20)).toEqual(Array<number>(280).fill(429))
    const refusedOnEach = [first, second].map((_, n) =>
      statuses.filter((s, i) => s === 429 && i % 2 === n),
    )
    expect(refusedOnEach.map((list) => list.length)).toEqual([140, 140])

    // The same key from another address (the proxy's X-Forwarded-For) launches, on either process.
    for (const child of [first, second]) {
      const response = await launch(child, CONSUMER.secret, '198.51.100.7')
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toMatch(/^\/tool\/learn\//)
    }
    const rows = await database()
      .db.selectFrom('rate_limit_counters')
      .select(['key', 'hits'])
      .execute()
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: expect.stringMatching(/^lti11-sig:/), hits: 20 }),
      ]),
    )
  }, 120_000)
})
