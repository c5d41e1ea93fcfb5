/**
 * What an integrator gets from npm: every workspace package is built and packed (`npm pack`), the
 * tarballs are installed into an empty project outside the repository (no workspace links), and
 * there the installed `ltihub` bin serves a fresh SQLite database until `/health/ready` answers 200.
 * The installed packages are checked as shipped: README, LICENSE, engines, no test files, every
 * export target and bin present, every source map pointing at a shipped file. The examples under
 * examples/ are installed beside them, their lines counted (tools ≤ 30, the platform ≤ 80) and each
 * started from the installed packages. Then each tool example and the platform example run as
 * processes from those packages and a learner's browser carries a full LTI 1.3 launch between
 * them (the LMS on https with a test CA the tool trusts through NODE_EXTRA_CA_CERTS): the tool
 * greets the learner by name and the AGS score shows up in the LMS's grade book.
 *
 * Slow by nature (a build and an npm install, a few minutes on a busy machine), so it runs once in
 * the normal suite with a long timeout. The SQLite binding is copied from the workspace's own
 * install of the same better-sqlite3 version instead of being compiled again.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Announced,
  Browser,
  type Fetch,
  launchFromLms,
} from '../../platform/test/lms-browser.js'
// eslint-disable-next-line no-restricted-imports -- the test CA lives with the server's tests; test files are neither built nor shipped
import { makeTestCertificates } from '../../server/src/testing/tls.js'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const MINUTES = 60_000
const exec = promisify(execFile)

interface Manifest {
  readonly name: string
  readonly version: string
  readonly license?: string
  readonly engines?: { node?: string }
  readonly types?: string
  readonly bin?: Record<string, string>
  readonly exports?: unknown
  readonly dependencies?: Record<string, string>
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T

async function npm(args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await exec('npm', [...args], { cwd, maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (error) {
    // npm's own message names only the script; the compiler's errors are on stdout.
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`npm ${args.join(' ')} failed:\n${stdout.slice(-4000)}\n${stderr.slice(-2000)}`)
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

/** Polls `url` until it answers 200, or fails with what the process printed. */
async function until200(url: string, child: ChildProcess, log: () => string): Promise<Response> {
  const deadline = Date.now() + 2 * MINUTES
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${log()}`)
    const response = await fetch(url).catch(() => undefined)
    if (response?.status === 200) return response
    await new Promise((done) => setTimeout(done, 500))
  }
  throw new Error(`${url} never answered 200: ${log()}`)
}

function start(file: string, args: readonly string[], cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [file, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, log: () => output }
}

/**
 * A fetch that trusts the test CA for https (Node 20's fetch takes no CA of its own and the test
 * process started before the CA existed); http goes to the global fetch.
 */
function trustingFetch(ca: string): Fetch {
  return async (url, init) => {
    if (!url.startsWith('https:')) return fetch(url, init)
    const body = init.body === undefined || init.body === null ? undefined : String(init.body)
    return new Promise<Response>((resolve, reject) => {
      const outgoing = httpsRequest(
        url,
        {
          method: init.method ?? 'GET',
          headers: Object.fromEntries(new Headers(init.headers)),
          ca,
        },
        (incoming) => {
          const chunks: Buffer[] = []
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
          incoming.on('error', reject)
          incoming.on('end', () => {
            const headers = new Headers()
            for (const [name, value] of Object.entries(incoming.headers))
              for (const one of [value ?? []].flat()) headers.append(name, one)
            const status = incoming.statusCode ?? 502
            const content = [204, 304].includes(status) ? null : Buffer.concat(chunks)
            resolve(new Response(content, { status, headers }))
          })
        },
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }
}

/** Every file below `dir`, relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
}

/** The string leaves of an `exports` map (its targets). */
function targetsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (value === null || typeof value !== 'object') return []
  return Object.values(value).flatMap(targetsOf)
}

/** Bare package names an example imports (`express`, `@ltihub/tool`, …), without node: ones. */
function importsOf(source: string): string[] {
  const names = [...source.matchAll(/from\s+'([^'.][^']*)'/g)].map((m) => m[1] ?? '')
  return names
    .filter((name) => !name.startsWith('node:'))
    .map((name) =>
      name
        .split('/')
        .slice(0, name.startsWith('@') ? 2 : 1)
        .join('/'),
    )
}

const workspaces = readJson<{ workspaces: string[] }>(join(REPO, 'package.json')).workspaces
const examples = existsSync(join(REPO, 'examples'))
  ? readdirSync(join(REPO, 'examples'), { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && existsSync(join(REPO, 'examples', entry.name, 'index.js')),
      )
      .map((entry) => entry.name)
  : []

describe('npm pack of every package, installed into an empty project', () => {
  const work = mkdtempSync(join(tmpdir(), 'ltihub-pack-'))
  const project = join(work, 'project')
  const installed = new Map<string, string>()
  const children: ChildProcess[] = []

  beforeAll(async () => {
    await npm(['run', 'build'], REPO)
    const packed = JSON.parse(
      await npm(
        ['pack', '--json', '--ignore-scripts', '--workspaces', '--pack-destination', work],
        REPO,
      ),
    ) as { name: string; filename: string }[]
    expect(packed.map((p) => p.name).sort()).toEqual(
      workspaces.map((w) => readJson<Manifest>(join(REPO, w, 'package.json')).name).sort(),
    )
    // What the examples import beyond the packed packages, at the version the workspace uses.
    const ours = new Set(packed.map((p) => p.name))
    const extra = new Set(
      examples.flatMap((name) =>
        importsOf(readFileSync(join(REPO, 'examples', name, 'index.js'), 'utf8')),
      ),
    )
    const frameworks = [...extra]
      .filter((name) => !ours.has(name))
      .map(
        (name) =>
          `${name}@${readJson<Manifest>(join(REPO, 'node_modules', name, 'package.json')).version}`,
      )
    cpSync(join(REPO, 'examples'), join(project, 'examples'), { recursive: true })
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'pack-check', private: true, type: 'module' }),
    )
    const tarballs = packed.map((p) => join(work, p.filename))
    await npm(
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...tarballs,
        ...frameworks,
      ],
      project,
    )
    // The native SQLite binding, built once by the workspace's install of the same version.
    const sqlite = (root: string) => join(root, 'node_modules', 'better-sqlite3')
    expect(readJson<Manifest>(join(sqlite(project), 'package.json')).version).toBe(
      readJson<Manifest>(join(sqlite(REPO), 'package.json')).version,
    )
    cpSync(
      join(sqlite(REPO), 'build', 'Release', 'better_sqlite3.node'),
      join(sqlite(project), 'build', 'Release', 'better_sqlite3.node'),
    )
    for (const p of packed) installed.set(p.name, join(project, 'node_modules', p.name))
  }, 20 * MINUTES)

  afterAll(() => {
    for (const child of children) child.kill('SIGTERM')
    rmSync(work, { recursive: true, force: true })
  })

  it('installs real copies (no links into the repository), each shipped as published', () => {
    expect(installed.size).toBeGreaterThanOrEqual(5)
    for (const [name, dir] of installed) {
      expect(resolve(dir).startsWith(resolve(REPO)), name).toBe(false)
      const files = filesOf(dir)
      const manifest = readJson<Manifest>(join(dir, 'package.json'))
      expect(files, name).toContain('README.md')
      expect(files, name).toContain('LICENSE')
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), name).toContain('Apache License')
      expect(manifest.license, name).toBe('Apache-2.0')
      expect(manifest.engines?.node, name).toBe('>=20.19')
      expect(
        files.filter((f) => /\.test(-d)?\.tsx?$|test-support\.ts$/.test(f)),
        name,
      ).toEqual([])
      const targets = [...targetsOf(manifest.exports), ...Object.values(manifest.bin ?? {})]
      if (manifest.types !== undefined) targets.push(manifest.types)
      for (const target of targets)
        expect(existsSync(join(dir, target)), `${name} ${target}`).toBe(true)
      // No README link that only works inside the repository.
      expect(readFileSync(join(dir, 'README.md'), 'utf8'), name).not.toMatch(/\]\(\.\.?\//)
      for (const map of files.filter((f) => f.endsWith('.map'))) {
        const { sources } = readJson<{ sources: string[] }>(join(dir, map))
        for (const source of sources) {
          expect(existsSync(resolve(dir, dirname(map), source)), `${name} ${map} → ${source}`).toBe(
            true,
          )
        }
      }
    }
  })

  it(
    'serves from the installed ltihub bin: /health/ready answers 200 on a fresh SQLite file',
    async () => {
      const port = await freePort()
      const data = join(work, 'data')
      const bin = join(
        project,
        'node_modules',
        'ltihub',
        readJson<Manifest>(join(installed.get('ltihub') ?? '', 'package.json')).bin?.['ltihub'] ??
          '',
      )
      const server = start(bin, ['serve'], project, {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: data,
        LOG_LEVEL: 'warn',
      })
      children.push(server.child)
      const ready = await until200(
        `http://127.0.0.1:${port}/health/ready`,
        server.child,
        server.log,
      )
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        checks: { database: 'ok', migrations: 'ok' },
      })
      expect(existsSync(join(data, 'ltihub.sqlite'))).toBe(true)
      server.child.kill('SIGTERM')
    },
    5 * MINUTES,
  )

  it.each(examples)(
    'examples/%s: short, and it starts from the installed packages',
    async (name) => {
      const file = join(project, 'examples', name, 'index.js')
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n').length
      expect(lines).toBeLessThanOrEqual(name.startsWith('platform') ? 80 : 30)
      const port = await freePort()
      const example = start(file, [], join(project, 'examples', name), {
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}/`,
        LTI_SECRET: 'a pack test secret of at least thirty-two characters',
        DATABASE: `sqlite:${join(work, `${name}.db`)}`,
      })
      children.push(example.child)
      // Any HTTP answer proves the example imported every package it names and listens.
      const deadline = Date.now() + 2 * MINUTES
      let status = 0
      while (status === 0 && Date.now() < deadline) {
        if (example.child.exitCode !== null) throw new Error(`exited: ${example.log()}`)
        status = (await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined))?.status ?? 0
        if (status === 0) await new Promise((done) => setTimeout(done, 500))
      }
      expect(status, example.log()).toBeGreaterThan(0)
      expect(status, example.log()).toBeLessThan(500)
      example.child.kill('SIGTERM')
    },
    5 * MINUTES,
  )

  it.each(examples.filter((name) => name.startsWith('tool-')))(
    'examples/%s and examples/platform-express: a full LTI 1.3 launch and AGS score between them',
    async (name) => {
      const certificates = makeTestCertificates()
      try {
        writeFileSync(join(work, 'lms.key'), certificates.key)
        writeFileSync(join(work, 'lms.pem'), certificates.cert)
        const [lmsPort, toolPort] = [await freePort(), await freePort()]
        const lms = `https://127.0.0.1:${lmsPort}`
        const toolBase = `http://127.0.0.1:${toolPort}/`
        const platform = start(
          join(project, 'examples', 'platform-express', 'index.js'),
          [],
          join(project, 'examples', 'platform-express'),
          {
            PORT: String(lmsPort),
            HOST: '127.0.0.1',
            PUBLIC_URL: `${lms}/`,
            TOOL_URL: toolBase,
            CLIENT_ID: `pack-${name}`,
            LTI_SECRET: 'a pack test secret of at least thirty-two characters',
            TLS_KEY: join(work, 'lms.key'),
            TLS_CERT: join(work, 'lms.pem'),
          },
        )
        children.push(platform.child)
        // The example prints the endpoints a tool registers once it listens.
        const deadline = Date.now() + 2 * MINUTES
        let line: string | undefined
        while (line === undefined && Date.now() < deadline) {
          if (platform.child.exitCode !== null) throw new Error(`exited: ${platform.log()}`)
          line = platform
            .log()
            .split('\n')
            .find((l) => l.startsWith('{'))
          if (line === undefined) await new Promise((done) => setTimeout(done, 300))
        }
        if (line === undefined) throw new Error(`the LMS did not start: ${platform.log()}`)
        const announced = JSON.parse(line) as Announced
        const tool = start(
          join(project, 'examples', name, 'index.js'),
          [],
          join(project, 'examples', name),
          {
            PORT: String(toolPort),
            HOST: '127.0.0.1',
            PUBLIC_URL: toolBase,
            DATABASE: `sqlite:${join(work, `${name}-launch.db`)}`,
            LTI_PLATFORM: JSON.stringify({
              name: 'Example LMS',
              issuer: announced.issuer,
              clientId: announced.clientId,
              authLoginUrl: announced.authorization,
              authTokenUrl: announced.token,
              jwksUrl: announced.jwks,
              deploymentPolicy: 'accept',
              lmsIdPrefix: 'example',
              enabled: true,
            }),
            NODE_EXTRA_CA_CERTS: certificates.caFile,
          },
        )
        children.push(tool.child)
        const log = () => `LMS: ${platform.log()}\ntool: ${tool.log()}`
        await until200(`${toolBase}lti/jwks`, tool.child, log)

        const browser = new Browser(trustingFetch(readFileSync(certificates.caFile, 'utf8')))
        const landed = await launchFromLms(browser, lms, 'sam', announced, log)
        const page = await browser.follow(landed, toolBase)
        expect(await page.text(), log()).toContain('<h1>Hello Sam</h1>')
        const answered = await browser.go(new URL('answer', toolBase).href, {
          method: 'POST',
          headers: {
            origin: new URL(toolBase).origin,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ answer: '4' }),
        })
        expect(await answered.text(), log()).toContain('on its way to the grade book')
        // The tool delivers every 2 s: token, line item and score over AGS into the grade book.
        let book = ''
        const graded = Date.now() + MINUTES
        while (!book.includes('<li>Sam: 10</li>') && Date.now() < graded) {
          await new Promise((done) => setTimeout(done, 500))
          book = await (await browser.go(`${lms}/`)).text()
        }
        expect(book, log()).toContain('<li>Sam: 10</li>')
        tool.child.kill('SIGTERM')
        platform.child.kill('SIGTERM')
      } finally {
        certificates.remove()
      }
    },
    5 * MINUTES,
  )
})
