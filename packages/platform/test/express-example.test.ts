/**
 * examples/platform-express run as its own process (`node index.js` with environment variables;
 * here through tsx on the workspace sources), with a real `@ltihub/tool` on loopback HTTP: a
 * student signs in to the example LMS, opens the quiz (an LTI 1.3 launch carried by a browser's
 * redirects, form posts and cookies), the tool sends a score over AGS, and the LMS grade book
 * shows it. Also counts the example's lines (at most 80).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createKeyRing, createLtiTool, generateSigningKey, type LtiTool } from '@ltihub/tool'
import { createMemoryPorts, type LoopbackServer, startLoopback } from '@ltihub/tool/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Announced, Browser, launchFromLms } from './lms-browser.js'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const EXAMPLE = 'examples/platform-express/index.js'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts the example and resolves the endpoints it prints once it listens. */
async function startExample(
  env: Readonly<Record<string, string>>,
): Promise<{ child: ChildProcess; announced: Announced; log: () => string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', EXAMPLE], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const announced = await new Promise<Announced>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the example did not start: ${output}`)),
      30_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const line = output.split('\n').find((l) => l.startsWith('{'))
      if (line === undefined) return
      clearTimeout(timer)
      resolve(JSON.parse(line) as Announced)
    })
    child.once('exit', () => reject(new Error(`the example exited: ${output}`)))
  })
  return { child, announced, log: () => output }
}

describe('examples/platform-express', () => {
  let child: ChildProcess | undefined
  let toolServer: LoopbackServer
  let tool: LtiTool
  let lms: string
  let announced: Announced
  let log: () => string = () => ''
  const launches: { publicationId: string; learnerId: string; externalId: string }[] = []

  beforeAll(async () => {
    // The tool's public URL names its port, so the handler finds the tool once it is built.
    const made: { tool?: LtiTool } = {}
    toolServer = await startLoopback((request) =>
      made.tool === undefined
        ? Promise.resolve(new Response(null, { status: 503 }))
        : made.tool.handle(request),
    )
    const port = await freePort()
    lms = `http://127.0.0.1:${port}`
    ;({ child, announced, log } = await startExample({
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `${lms}/`,
      TOOL_URL: `${toolServer.origin}/`,
      CLIENT_ID: 'example-client',
      LTI_SECRET: 'an example secret of at least thirty-two characters',
    }))
    tool = createLtiTool({
      publicUrl: `${toolServer.origin}/`,
      userAgent: 'example-test/1.0',
      toolName: 'Quiz tool',
      dangerouslyAllowInsecureLoopback: true,
      ports: createMemoryPorts({
        keyRing: createKeyRing({ current: await generateSigningKey() }),
        registrations: [
          {
            id: 'r1',
            name: 'Example LMS',
            issuer: announced.issuer,
            clientId: announced.clientId,
            authLoginUrl: announced.authorization,
            authTokenUrl: announced.token,
            jwksUrl: announced.jwks,
            deploymentPolicy: 'accept',
            lmsIdPrefix: 'example',
            enabled: true,
          },
        ],
        courses: [{ id: 'c1', title: 'Quiz', externalId: 'QUIZ', gradeActivityId: 'a1' }],
        activities: [{ id: 'a1', courseId: 'c1', title: 'Final quiz' }],
        publications: [
          {
            id: 'p1',
            name: 'Quiz',
            courseId: 'c1',
            enabled: true,
            userDefaults: {},
            roleMapping: { instructor: 'teacher', learner: 'student' },
            grades: { sendBack: true, onlyOnCompletion: false },
            memberSync: { trigger: 'off', mode: 'enrol-new' },
          },
        ],
      }),
      onLaunch: (launch) => {
        launches.push({
          publicationId: launch.publication.id,
          learnerId: launch.learner.id,
          externalId: launch.learner.externalId,
        })
        return new Response(`Hello ${launch.learner.givenName ?? ''}`)
      },
    })
    made.tool = tool
  })

  afterAll(async () => {
    child?.kill()
    await toolServer.close()
  })

  it('fits in 80 lines', () => {
    const lines = readFileSync(new URL(`../../../${EXAMPLE}`, import.meta.url), 'utf8').split('\n')
    expect(lines.filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(80)
  })

  it('launches the tool for a signed-in student and takes its score into the grade book', async () => {
    const browser = new Browser()
    const landed = await launchFromLms(browser, lms, 'sam', announced, log)
    expect(await landed.text()).toBe('Hello Sam')
    const [launched] = launches
    if (launched === undefined) throw new TypeError('the tool saw the launch')
    expect(launched.externalId).toBe('example:sam')

    // The tool reports 80 % and delivers it: token at /lti/token, line item and score over AGS.
    const { publicationId, learnerId } = launched
    await tool.grades.reportResult({ publicationId, learnerId, score: 0.8, completed: true })
    const report = await tool.grades.deliverDue()
    expect(report, log()).toMatchObject({ delivered: 1 })
    const grades = await browser.go(`${lms}/`)
    expect(await grades.text()).toContain('<li>Sam: 8</li>')
  })

  it('refuses a launch without an LMS session and unknown LTI paths', async () => {
    const browser = new Browser()
    const home = await browser.go(`${lms}/`)
    const href = /<a href="([^"]+)">/.exec(await home.text())?.[1] ?? ''
    const anonymous = await browser.go(new URL(href, lms).href)
    expect(anonymous.status).toBe(401)
    const unknown = await browser.go(`${lms}/lti/nowhere`)
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe(
      'ERR_LTI_PLATFORM_ROUTE_NOT_FOUND',
    )
  })
})
