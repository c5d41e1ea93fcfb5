import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { ConfigError } from './errors.js'
import { isConfigError } from './errors.js'
import { loadConfig, withPort } from './load.js'
import { renderConfigurationDocs } from './render-docs.js'
import { SETTING_DOCS, settingsSchema } from './settings.js'

const SECRET = 'x'.repeat(43)

function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (isConfigError(error)) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

function tempFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ltihub-config-'))
  const path = join(dir, 'config.json')
  writeFileSync(path, content)
  return path
}

describe('loadConfig defaults', () => {
  const config = loadConfig({ env: {}, cwd: '/srv/app' })

  it('listens on 3000 locally with both roles and SQLite under ./data', () => {
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      publicUrlIsDefault: true,
      dataDir: '/srv/app/data',
      roles: ['platform', 'tool'],
      logLevel: 'info',
      bodyLimit: 1_048_576,
      trustProxy: false,
      demo: false,
      secret: undefined,
    })
    expect(config.database).toEqual({ dialect: 'sqlite', file: '/srv/app/data/ltihub.sqlite' })
  })

  it('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.roles)).toBe(true)
    expect(Object.isFrozen(config.database)).toBe(true)
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ env: { PORT: '', LTIHUB_ROLES: '' } }).port).toBe(3000)
  })
})

describe('loadConfig values', () => {
  it('reads every setting from the environment', () => {
    const config = loadConfig({
      cwd: '/srv',
      env: {
        NODE_ENV: 'production',
        PORT: '8080',
        HOST: '0.0.0.0',
        PUBLIC_URL: 'https://lti.example.edu/',
        DATABASE_URL: 'postgres://u:p@db:5432/ltihub',
        DATA_DIR: '/var/lib/ltihub',
        LTIHUB_ROLES: 'tool',
        LOG_LEVEL: 'warn',
        LTIHUB_SECRET: SECRET,
        BODY_LIMIT: '2048',
        TRUST_PROXY: 'true',
        LTIHUB_DEMO: 'false',
      },
    })
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://lti.example.edu',
      publicUrlIsDefault: false,
      dataDir: '/var/lib/ltihub',
      roles: ['tool'],
      logLevel: 'warn',
      bodyLimit: 2048,
      trustProxy: true,
    })
    expect(config.database.dialect).toBe('postgres')
    if (config.database.dialect === 'postgres') {
      expect(config.database.url.reveal()).toBe('postgres://u:p@db:5432/ltihub')
    }
    expect(config.secret?.reveal()).toBe(SECRET)
  })

  it('keeps secrets out of JSON, strings and inspect output', () => {
    const config = loadConfig({
      env: { LTIHUB_SECRET: SECRET, DATABASE_URL: 'postgres://u:pw@h/d' },
    })
    const printed = [JSON.stringify(config), inspect(config, { depth: 5 }), String(config.secret)]
    for (const text of printed) {
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('pw@')
    }
  })

  it('orders roles canonically and removes duplicates', () => {
    expect(loadConfig({ env: { LTIHUB_ROLES: 'tool, platform,tool' } }).roles).toEqual([
      'platform',
      'tool',
    ])
  })

  it('lets the file set values, the environment override it, and overrides win', () => {
    const file = tempFile(JSON.stringify({ PORT: 4000, HOST: '0.0.0.0', TRUST_PROXY: true }))
    const config = loadConfig({
      env: { LTIHUB_CONFIG: file, HOST: '::1' },
      overrides: { LTIHUB_DEMO: 'true' },
    })
    expect(config).toMatchObject({ port: 4000, host: '::1', trustProxy: true, demo: true })
    expect(loadConfig({ env: { PORT: '5000' }, file }).port).toBe(5000)
  })

  it('moves a defaulted public URL with the real port, keeps an explicit one', () => {
    expect(withPort(loadConfig({ env: { PORT: '0' } }), 41234).publicUrl).toBe(
      'http://localhost:41234',
    )
    const explicit = loadConfig({ env: { PORT: '0', PUBLIC_URL: 'http://lti.test' } })
    expect(withPort(explicit, 41234)).toMatchObject({ port: 41234, publicUrl: 'http://lti.test' })
  })
})

describe('loadConfig rejects bad settings by name', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['PORT not a number', { PORT: 'abc' }, 'PORT', 'expected an integer between 0 and 65535'],
    ['PORT too large', { PORT: '70000' }, 'PORT', 'expected an integer between 0 and 65535'],
    ['PORT negative', { PORT: '-1' }, 'PORT', 'expected an integer between 0 and 65535'],
    ['HOST with a slash', { HOST: 'a/b' }, 'HOST', 'expected a host name or IP address'],
    ['PUBLIC_URL relative', { PUBLIC_URL: '/lti' }, 'PUBLIC_URL', 'expected an absolute http'],
    ['PUBLIC_URL ftp', { PUBLIC_URL: 'ftp://x.test' }, 'PUBLIC_URL', 'expected an absolute http'],
    ['PUBLIC_URL query', { PUBLIC_URL: 'https://x.test/?a=1' }, 'PUBLIC_URL', 'without query'],
    ['DATABASE_URL mysql', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'postgres://'],
    ['NODE_ENV unknown', { NODE_ENV: 'staging' }, 'NODE_ENV', 'expected one of development'],
    ['LTIHUB_ROLES unknown', { LTIHUB_ROLES: 'lms' }, 'LTIHUB_ROLES', 'comma-separated list'],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'expected one of fatal'],
    ['LTIHUB_SECRET short', { LTIHUB_SECRET: 'short' }, 'LTIHUB_SECRET', 'at least 32'],
    ['BODY_LIMIT tiny', { BODY_LIMIT: '10' }, 'BODY_LIMIT', 'between 1024 and 104857600'],
    ['TRUST_PROXY yes', { TRUST_PROXY: 'yes' }, 'TRUST_PROXY', 'expected true or false'],
    ['LTIHUB_DEMO 1', { LTIHUB_DEMO: '1' }, 'LTIHUB_DEMO', 'expected true or false'],
    ['unknown LTIHUB_ variable', { LTIHUB_PORT: '1' }, 'LTIHUB_PORT', 'unknown setting'],
  ]

  it.each(cases)('%s', (_name, env, setting, message) => {
    const error = configError(() => loadConfig({ env }))
    expect(error.code).toBe('ERR_LTIHUB_CONFIG')
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.setting).toBe(setting)
    expect(error.issues[0]?.message).toContain(message)
    expect(error.message).toContain(`${setting}: `)
  })

  it('never echoes the bad value', () => {
    const error = configError(() => loadConfig({ env: { LTIHUB_SECRET: 'hunter2-hunter2' } }))
    expect(error.message).not.toContain('hunter2')
  })

  it('reports every bad setting at once', () => {
    const error = configError(() => loadConfig({ env: { PORT: 'x', LOG_LEVEL: 'y' } }))
    expect(error.issues.map((issue) => issue.setting).sort()).toEqual(['LOG_LEVEL', 'PORT'])
  })

  it('requires a secret, an https URL and no demo in production', () => {
    const error = configError(() =>
      loadConfig({
        env: { NODE_ENV: 'production', PUBLIC_URL: 'http://x.test', LTIHUB_DEMO: 'true' },
      }),
    )
    expect(error.issues).toEqual([
      { setting: 'LTIHUB_SECRET', message: 'required when NODE_ENV=production' },
      { setting: 'PUBLIC_URL', message: 'expected an https:// URL when NODE_ENV=production' },
      { setting: 'LTIHUB_DEMO', message: 'demo data is refused when NODE_ENV=production' },
    ])
  })

  it('rejects unknown keys, wrong types and broken JSON in the file', () => {
    const unknown = configError(() => loadConfig({ env: {}, file: tempFile('{"PROT": 1}') }))
    expect(unknown.issues[0]).toMatchObject({ setting: 'LTIHUB_CONFIG' })
    expect(unknown.issues[0]?.message).toContain('unknown setting "PROT"')
    const nested = configError(() => loadConfig({ env: {}, file: tempFile('{"PORT": [1]}') }))
    expect(nested.issues[0]?.setting).toBe('PORT')
    const broken = configError(() => loadConfig({ env: {}, file: tempFile('{') }))
    expect(broken.issues[0]?.message).toContain('is not valid JSON')
    const array = configError(() => loadConfig({ env: {}, file: tempFile('[]') }))
    expect(array.issues[0]?.message).toContain('expected a JSON object')
    const missing = configError(() => loadConfig({ env: { LTIHUB_CONFIG: '/nonexistent/c.json' } }))
    expect(missing.issues[0]?.message).toContain('cannot be read')
  })
})

describe('configuration docs', () => {
  it('document every setting', () => {
    const documented = Object.keys(SETTING_DOCS).sort()
    expect(documented).toEqual([...Object.keys(settingsSchema.shape), 'LTIHUB_CONFIG'].sort())
  })

  it('match docs/operators/configuration.md (regenerate with vitest -u)', async () => {
    await expect(renderConfigurationDocs()).toMatchFileSnapshot(
      '../../../../docs/operators/configuration.md',
    )
  })
})
