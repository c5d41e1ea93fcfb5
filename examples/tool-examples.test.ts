/**
 * The tool examples, each run as its own process the way an integrator starts it (`node index.js`
 * with environment variables; here through tsx on the workspace sources), with SQLite storage in
 * a temporary folder. A platform made of ltihub core functions, on https loopback with a test CA
 * the example trusts through NODE_EXTRA_CA_CERTS, drives an LTI 1.3 launch and an LTI 1.1 launch
 * over HTTP; the learner's page greets them, and their answer comes back to the platform as an
 * AGS score and a Basic Outcomes replaceResult.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeHandler, toolUrls, type ToolUrls } from '@ltihub/tool'
import { cookiesOf, launch11OverHttp, launch13OverHttp, TestPlatform } from '@ltihub/tool/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCertificates, type TestCertificates } from '../packages/server/src/testing/tls.js'

const REPO = fileURLToPath(new URL('../', import.meta.url))
const CONSUMER = { key: 'quiz-key', secret: 'quiz-secret-for-the-example-test' }

let certificates: TestCertificates

beforeAll(() => {
  certificates = makeTestCertificates()
})
afterAll(() => certificates.remove())

async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The platform on https loopback; its key set check of the tool reads the tool's JWKS. */
async function startPlatform(
  toolJwksUrl: string,
): Promise<{ platform: TestPlatform; server: Server }> {
  // The platform's issuer names the server's port, so it is made once the server listens.
  const made: { platform?: TestPlatform } = {}
  const server = createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    if (made.platform === undefined) return void res.writeHead(503).end()
    nodeHandler(made.platform.handle, { origin: made.platform.issuer })(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const platform = await TestPlatform.create({
    clock: Date.now,
    issuer: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    consumer: CONSUMER,
    toolJwks: async () => (await fetch(toolJwksUrl)).json(),
  })
  made.platform = platform
  return { platform, server }
}

/** Starts an example and resolves once its key set answers. */
async function startExample(
  file: string,
  env: Readonly<Record<string, string>>,
  origin: string,
): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', file], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${file} exited: ${output}`)
    const ready = await fetch(`${origin}/lti/jwks`).then(
      (response) => response.ok,
      () => false,
    )
    if (ready) return { child, log: () => output }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  child.kill()
  throw new Error(`${file} did not start: ${output}`)
}

async function eventually<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const value = read()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** Follows the launch to the learner's page, checks the greeting, and answers the quiz. */
async function answerQuiz(
  urls: ToolUrls,
  launched: Response,
  name: string,
  answer: string,
): Promise<void> {
  expect(launched.status).toBe(303)
  const cookie = cookiesOf(launched)
  const page = await fetch(new URL(launched.headers.get('location') ?? '', urls.base), {
    headers: { cookie },
  })
  expect(page.headers.get('content-type')).toMatch(/^text\/html/)
  expect(await page.text()).toContain(`<h1>Hello ${name}</h1>`)
  const answered = await fetch(new URL('/answer', urls.base), {
    method: 'POST',
    headers: { cookie, origin: urls.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ answer }),
  })
  expect(answered.status).toBe(200)
  expect(await answered.text()).toContain('on its way to the grade book')
}

describe.each(['tool-express', 'tool-fastify', 'tool-hono'])('examples/%s', (name) => {
  const file = join(REPO, 'examples', name, 'index.js')
  let dir: string
  let platform: TestPlatform
  let server: Server
  let child: ChildProcess | undefined
  let urls: ToolUrls
  let log: () => string = () => ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `ltihub-${name}-`))
    const port = await freePort()
    urls = toolUrls(`http://127.0.0.1:${port}/`)
    ;({ platform, server } = await startPlatform(urls.jwks))
    const { id: _id, ...registration } = platform.registration({ lmsIdPrefix: 'testlms' })
    const started = await startExample(
      file,
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: urls.base,
        DATABASE: `sqlite:${join(dir, 'tool.db')}`,
        LTI_CONSUMER: JSON.stringify({
          ...CONSUMER,
          name: 'LMS',
          lmsIdPrefix: 'lms',
          enabled: true,
        }),
        LTI_PLATFORM: JSON.stringify(registration),
        NODE_EXTRA_CA_CERTS: certificates.caFile,
      },
      urls.origin,
    )
    child = started.child
    log = started.log
  })

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    server?.closeAllConnections()
    await new Promise((resolve) =>
      server === undefined ? resolve(undefined) : server.close(resolve),
    )
    rmSync(dir, { recursive: true, force: true })
  })

  it('is at most 30 lines', () => {
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(30)
  })

  it('takes an LTI 1.3 launch, greets the learner and sends the score to the line item (AGS)', async () => {
    const launched = await launch13OverHttp(platform, urls, {
      subject: 'user-ada',
      givenName: 'Ada',
      lineItemUrl: platform.urls.lineItem('1'),
    })
    await answerQuiz(urls, launched, 'Ada', '4')
    const received = await eventually(() => platform.scores[0], `the AGS score (${log()})`)
    expect(received.lineItemUrl).toBe(platform.urls.lineItem('1'))
    expect(received.score).toMatchObject({
      userId: 'user-ada',
      scoreGiven: 1,
      scoreMaximum: 1,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    })
    expect(received.userAgent).toBe('quick-quiz/1.0')
  })

  it('takes an LTI 1.1 launch, greets the learner and sends the score by Basic Outcomes', async () => {
    const launched = await launch11OverHttp(urls, {
      consumer: CONSUMER,
      params: {
        user_id: 'u-grace',
        roles: 'Learner',
        lis_person_name_given: 'Grace <script>',
        lis_outcome_service_url: platform.urls.outcomes,
        lis_result_sourcedid: 'grace-1',
      },
    })
    await answerQuiz(urls, launched, 'Grace &#60;script&#62;', '5')
    const received = await eventually(() => platform.outcomes[0], `the outcome (${log()})`)
    expect(received).toEqual({ sourcedId: 'grace-1', score: 0 })
  })
})
