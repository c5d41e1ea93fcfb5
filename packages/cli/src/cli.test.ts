import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { run } from './cli.js'
import { EXIT } from './io.js'

const SECRET = 'cli-test-secret-0123456789-0123456789'

function io(env: Record<string, string> = {}, signal = new AbortController().signal) {
  const out: string[] = []
  const err: string[] = []
  return {
    io: {
      env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'ltihub-cli-')), LTIHUB_SECRET: SECRET, ...env },
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      signal,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  }
}

describe('ltihub command line', () => {
  it('prints help', async () => {
    const t = io()
    expect(await run(['--help'], t.io)).toBe(EXIT.ok)
    expect(t.stdout()).toContain('ltihub serve [--demo] [--port <n>]')
    expect(await run(['migrate', '--help'], t.io)).toBe(EXIT.ok)
    expect(await run([], io().io)).toBe(EXIT.usage)
  })

  it('refuses unknown commands and options with exit code 2', async () => {
    const unknown = io()
    expect(await run(['launch'], unknown.io)).toBe(EXIT.usage)
    expect(unknown.stderr()).toContain('unknown command launch')
    const option = io()
    expect(await run(['migrate', '--fast'], option.io)).toBe(EXIT.usage)
    expect(option.stderr()).toContain("Unknown option '--fast'")
    expect(await run(['serve', '--port', 'eighty'], io().io)).toBe(EXIT.usage)
    expect(await run(['keys', 'delete'], io().io)).toBe(EXIT.usage)
    expect(await run(['keys', 'rotate', '--role', 'lms'], io().io)).toBe(EXIT.usage)
    expect(await run(['migrate', '--down', 'x'], io().io)).toBe(EXIT.usage)
    expect(await run(['migrate', '--down', '--status'], io().io)).toBe(EXIT.usage)
  })

  it('reports a bad setting by name with exit code 78', async () => {
    const t = io({ LOG_LEVEL: 'loud' })
    expect(await run(['migrate'], t.io)).toBe(EXIT.config)
    expect(t.stderr()).toContain('LOG_LEVEL: expected one of')
  })

  it('migrates up, reports status, and reverts', async () => {
    const t = io()
    expect(await run(['migrate'], t.io)).toBe(EXIT.ok)
    const applied = [...t.stdout().matchAll(/^applied (\S+)$/gm)].map((match) => match[1])
    expect(applied[0]).toBe('0001_foundation')
    expect(await run(['migrate'], t.io)).toBe(EXIT.ok)
    expect(t.stdout()).toContain('already up to date')
    expect(await run(['migrate', '--status'], t.io)).toBe(EXIT.ok)
    expect(t.stdout()).toMatch(/0001_foundation {2}applied \d{4}-/)
    expect(await run(['migrate', '--down'], t.io)).toBe(EXIT.ok)
    expect(t.stdout()).toContain(`reverted ${applied.at(-1)}`)
    expect(t.stdout()).not.toContain('reverted 0001_foundation')
    expect(await run(['migrate', '--down', String(applied.length)], t.io)).toBe(EXIT.ok)
    expect(t.stdout()).toContain('reverted 0001_foundation')
    expect(await run(['migrate', '--down', '3'], t.io)).toBe(EXIT.ok)
    expect(t.stdout()).toContain('nothing to revert')
  })

  it('rotates keys per role after migrations, and refuses before', async () => {
    const t = io({ LTIHUB_ROLES: 'tool' })
    expect(await run(['keys', 'rotate'], t.io)).toBe(EXIT.failure)
    expect(t.stderr()).toContain('run `ltihub migrate` first')
    await run(['migrate'], t.io)
    expect(await run(['keys', 'rotate', '--role', 'platform'], t.io)).toBe(EXIT.usage)
    expect(await run(['keys', 'rotate'], t.io)).toBe(EXIT.ok)
    expect(await run(['keys', 'rotate', '--role', 'tool'], t.io)).toBe(EXIT.ok)
    const lines = t.stdout().split('\n')
    expect(lines.filter((line) => line.startsWith('tool: signing with '))).toHaveLength(2)
    expect(t.stdout()).not.toContain('platform:')
  })

  it('serves until the signal aborts, then shuts down', async () => {
    const controller = new AbortController()
    const t = io({ LOG_LEVEL: 'silent' }, controller.signal)
    const serving = run(['serve', '--port', '0', '--demo'], t.io)
    let url: string | undefined
    for (let i = 0; i < 200 && url === undefined; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      url = /listening on (\S+)/.exec(t.stderr())?.[1]
    }
    expect(url).toBeDefined()
    expect((await fetch(`${url ?? ''}/health`)).status).toBe(200)
    const signIn = await fetch(`${url ?? ''}/console/sign-in`)
    expect(await signIn.text()).toContain('Sign in as')
    controller.abort()
    expect(await serving).toBe(EXIT.ok)
    expect(t.stderr()).toContain('shutting down')
  })
})
