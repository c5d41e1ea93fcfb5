import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createLogger, loadConfig, type RunningServer, startServer } from '@ltihub/server'
import { afterEach, describe, expect, it } from 'vitest'
import { run } from './cli.js'
import { EXIT } from './io.js'

const SECRET = 'cli-admin-test-secret-0123456789-0123456789'
const PASSWORD = 'granite-orchard-whistle-9'

const dirs: string[] = []
let server: RunningServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function io(dataDir: string, input: string, tty = false) {
  const out: string[] = []
  const err: string[] = []
  const stdin = Object.assign(Readable.from([input]), { isTTY: tty })
  return {
    io: {
      env: { DATA_DIR: dataDir, LTIHUB_SECRET: SECRET, LTIHUB_ROLES: 'tool' },
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      signal: new AbortController().signal,
      stdin,
    },
    output: () => out.join('') + err.join(''),
  }
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ltihub-cli-admin-'))
  dirs.push(dir)
  return dir
}

describe('ltihub admin create', () => {
  it('creates an administrator from --password-stdin who then signs in over HTTP', async () => {
    const dir = dataDir()
    const t = io(dir, `${PASSWORD}\n`)
    const args = ['admin', 'create', '--email', 'Root@Example.edu', '--name', 'Rhea Root']
    expect(await run([...args, '--password-stdin'], t.io)).toBe(EXIT.ok)
    expect(t.output()).toContain('administrator Root@Example.edu created')
    expect(t.output()).not.toContain(PASSWORD)

    const config = loadConfig({
      env: { DATA_DIR: dir, LTIHUB_SECRET: SECRET, LTIHUB_ROLES: 'tool', PORT: '0' },
    })
    const lines: string[] = []
    server = await startServer(config, {
      logger: createLogger(config, { write: (line: string) => void lines.push(line) }),
    })
    const url = server.url
    // An administrator exists: no setup page, no setup token in the log.
    expect((await fetch(`${url}/console/setup`)).status).toBe(404)
    expect(lines.join('')).not.toContain('setup?token=')
    const signIn = await fetch(`${url}/console/sign-in/password`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.config.publicUrl },
      body: new URLSearchParams({ email: 'root@example.edu', password: PASSWORD }),
    })
    expect(signIn.status).toBe(303)
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const accounts = await fetch(`${url}/console/accounts`, { headers: { cookie } })
    expect(accounts.status).toBe(200)
    expect(await accounts.text()).toContain('Rhea Root')
  })

  it('refuses a weak password, a taken email and a missing terminal, saying why', async () => {
    const dir = dataDir()
    const weak = io(dir, 'password1234\n')
    const args = ['admin', 'create', '--email', 'a@example.edu', '--name', 'A']
    expect(await run([...args, '--password-stdin'], weak.io)).toBe(EXIT.failure)
    expect(weak.output()).toContain('password: That is a common password')
    expect(weak.output()).toContain('At least 12 characters')

    expect(await run([...args, '--password-stdin'], io(dir, PASSWORD).io)).toBe(EXIT.ok)
    const taken = io(dir, PASSWORD)
    expect(await run([...args, '--password-stdin'], taken.io)).toBe(EXIT.failure)
    expect(taken.output()).toContain('email: Another person already has this email address.')

    const noTerminal = io(dir, PASSWORD)
    expect(await run(args, noTerminal.io)).toBe(EXIT.usage)
    expect(noTerminal.output()).toContain('--password-stdin')
    expect(await run(['admin', 'create', '--name', 'A'], io(dir, '').io)).toBe(EXIT.usage)
  })
})
