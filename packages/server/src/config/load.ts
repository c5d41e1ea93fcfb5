import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { z } from 'zod'
import { ConfigError, type ConfigIssue } from './errors.js'
import { SecretValue } from './secret-value.js'
import {
  type LogLevel,
  type NodeEnv,
  type ParsedSettings,
  type RateLimitSetting,
  type Role,
  type SettingName,
  settingsSchema,
} from './settings.js'

/** Where the data lives: an SQLite file (the default) or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: SecretValue }

/** The request limits of one instance (see docs/operators/rate-limits.md). */
export interface RateLimitsConfig {
  /** Where counters live, resolved from RATE_LIMIT_STORE (`auto` never appears here). */
  readonly store: 'memory' | 'database' | 'redis'
  readonly redisUrl: SecretValue | undefined
  /** Prefix of every key in Redis. */
  readonly redisPrefix: string
  readonly signIn: RateLimitSetting
  readonly signInAccount: RateLimitSetting
  readonly oidcCallback: RateLimitSetting
  readonly authorize: RateLimitSetting
  readonly token: RateLimitSetting
  readonly toolLogin: RateLimitSetting
  readonly lti11BadSignature: RateLimitSetting
  readonly lti11BadSignatureAddress: RateLimitSetting
  readonly registration: RateLimitSetting
  readonly api: RateLimitSetting
}

/** The validated, frozen configuration of one ltihub instance. Built only by {@link loadConfig}. */
export interface Config {
  readonly nodeEnv: NodeEnv
  readonly port: number
  readonly host: string
  /** Absolute URL without a trailing slash. */
  readonly publicUrl: string
  /** True when PUBLIC_URL was not set and `publicUrl` follows the port. */
  readonly publicUrlIsDefault: boolean
  readonly database: DatabaseConfig
  /** Absolute path. */
  readonly dataDir: string
  readonly roles: readonly Role[]
  readonly logLevel: LogLevel
  /** The root secret; absent in development until one is generated (see `resolveRootSecret`). */
  readonly secret: SecretValue | undefined
  readonly bodyLimit: number
  readonly trustProxy: boolean
  readonly demo: boolean
  /** Console sessions end after this long without a request. */
  readonly sessionIdleMs: number
  /** Console sessions end this long after sign-in. */
  readonly sessionMaxMs: number
  readonly rateLimits: RateLimitsConfig
  /** What the outbound client may call, and its limits (see docs/operators/outbound-requests.md). */
  readonly outbound: OutboundConfig
  /** Prometheus metrics at `/metrics` (METRICS, METRICS_TOKEN). */
  readonly metrics: MetricsConfig
}

export interface MetricsConfig {
  readonly enabled: boolean
  /** The bearer token `/metrics` requires; open without one. */
  readonly token: SecretValue | undefined
}

/** The outbound client's settings (OUTBOUND_*). */
export interface OutboundConfig {
  /** Allow-list entries: host names, `*.` suffixes, CIDR networks. */
  readonly allow: readonly string[]
  readonly connectTimeoutMs: number
  readonly headersTimeoutMs: number
  readonly bodyTimeoutMs: number
  readonly maxResponseBytes: number
}

export interface LoadConfigOptions {
  /** The environment, e.g. `process.env`. This module never reads `process.env` itself. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** JSON settings file; defaults to the `LTIHUB_CONFIG` variable of `env`. */
  readonly file?: string
  /** Settings that win over the environment and the file (command-line flags). */
  readonly overrides?: Partial<Record<SettingName, string>>
  /** Base for relative paths; defaults to the working directory. */
  readonly cwd?: string
}

type RawSettings = Partial<Record<SettingName, string>>

const SETTING_NAMES = new Set<string>(Object.keys(settingsSchema.shape))

/** Known settings from the environment; an unknown `LTIHUB_*` variable is most likely a typo. */
function fromEnv(env: LoadConfigOptions['env'], issues: ConfigIssue[]): RawSettings {
  const raw: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue
    if (SETTING_NAMES.has(name)) raw[name] = value
    else if (name.startsWith('LTIHUB_') && name !== 'LTIHUB_CONFIG') {
      issues.push({
        setting: name,
        message: 'unknown setting (see docs/operators/configuration.md)',
      })
    }
  }
  return raw
}

function fromFile(path: string, issues: ConfigIssue[]): RawSettings {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read'
    issues.push({
      setting: 'LTIHUB_CONFIG',
      message: `expected a readable JSON file; ${path} ${reason}`,
    })
    return {}
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    issues.push({ setting: 'LTIHUB_CONFIG', message: `expected a JSON object in ${path}` })
    return {}
  }
  const raw: Record<string, string> = {}
  for (const [name, value] of Object.entries(parsed)) {
    if (!SETTING_NAMES.has(name)) {
      issues.push({ setting: 'LTIHUB_CONFIG', message: `unknown setting "${name}" in ${path}` })
    } else if (['string', 'number', 'boolean'].includes(typeof value)) {
      raw[name] = String(value)
    } else {
      issues.push({ setting: name, message: `expected a string, number or boolean in ${path}` })
    }
  }
  return raw
}

function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    setting: String(issue.path[0] ?? 'configuration'),
    message: issue.message,
  }))
}

/** Rules between settings: production refuses what is only safe on a developer's machine. */
function crossChecks(settings: ParsedSettings): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  if (settings.RATE_LIMIT_STORE === 'redis' && settings.REDIS_URL === undefined) {
    issues.push({ setting: 'REDIS_URL', message: 'required when RATE_LIMIT_STORE=redis' })
  }
  if (settings.NODE_ENV !== 'production') return issues
  if (settings.LTIHUB_SECRET === undefined) {
    issues.push({ setting: 'LTIHUB_SECRET', message: 'required when NODE_ENV=production' })
  }
  if (settings.PUBLIC_URL === undefined || !settings.PUBLIC_URL.startsWith('https://')) {
    issues.push({
      setting: 'PUBLIC_URL',
      message: 'expected an https:// URL when NODE_ENV=production',
    })
  }
  if (settings.LTIHUB_DEMO) {
    issues.push({
      setting: 'LTIHUB_DEMO',
      message: 'demo data is refused when NODE_ENV=production',
    })
  }
  return issues
}

function rateLimitsOf(settings: ParsedSettings): RateLimitsConfig {
  const store =
    settings.RATE_LIMIT_STORE !== 'auto'
      ? settings.RATE_LIMIT_STORE
      : settings.REDIS_URL !== undefined
        ? 'redis'
        : settings.DATABASE_URL !== undefined
          ? 'database'
          : 'memory'
  return Object.freeze({
    store,
    redisUrl: settings.REDIS_URL === undefined ? undefined : new SecretValue(settings.REDIS_URL),
    redisPrefix: settings.RATE_LIMIT_REDIS_PREFIX,
    signIn: settings.RATE_LIMIT_SIGN_IN,
    signInAccount: settings.RATE_LIMIT_SIGN_IN_ACCOUNT,
    oidcCallback: settings.RATE_LIMIT_OIDC_CALLBACK,
    authorize: settings.RATE_LIMIT_AUTHORIZE,
    token: settings.RATE_LIMIT_TOKEN,
    toolLogin: settings.RATE_LIMIT_TOOL_LOGIN,
    lti11BadSignature: settings.RATE_LIMIT_LTI11_BAD_SIGNATURE,
    lti11BadSignatureAddress: settings.RATE_LIMIT_LTI11_BAD_SIGNATURE_ADDRESS,
    registration: settings.RATE_LIMIT_REGISTRATION,
    api: settings.RATE_LIMIT_API,
  })
}

function defaultPublicUrl(port: number): string {
  return `http://localhost:${port}`
}

function shape(settings: ParsedSettings, cwd: string): Config {
  const dataDir = resolve(cwd, settings.DATA_DIR)
  const database: DatabaseConfig =
    settings.DATABASE_URL === undefined
      ? { dialect: 'sqlite', file: resolve(dataDir, 'ltihub.sqlite') }
      : { dialect: 'postgres', url: new SecretValue(settings.DATABASE_URL) }
  return Object.freeze({
    nodeEnv: settings.NODE_ENV,
    port: settings.PORT,
    host: settings.HOST,
    publicUrl: settings.PUBLIC_URL ?? defaultPublicUrl(settings.PORT),
    publicUrlIsDefault: settings.PUBLIC_URL === undefined,
    database: Object.freeze(database),
    dataDir,
    roles: Object.freeze([...settings.LTIHUB_ROLES]),
    logLevel: settings.LOG_LEVEL,
    secret:
      settings.LTIHUB_SECRET === undefined ? undefined : new SecretValue(settings.LTIHUB_SECRET),
    bodyLimit: settings.BODY_LIMIT,
    trustProxy: settings.TRUST_PROXY,
    demo: settings.LTIHUB_DEMO,
    sessionIdleMs: settings.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: settings.SESSION_MAX_HOURS * 3_600_000,
    rateLimits: rateLimitsOf(settings),
    outbound: Object.freeze({
      allow: Object.freeze([...settings.OUTBOUND_ALLOW]),
      connectTimeoutMs: settings.OUTBOUND_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: settings.OUTBOUND_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: settings.OUTBOUND_BODY_TIMEOUT_MS,
      maxResponseBytes: settings.OUTBOUND_MAX_RESPONSE_BYTES,
    }),
    metrics: Object.freeze({
      enabled: settings.METRICS,
      token:
        settings.METRICS_TOKEN === undefined ? undefined : new SecretValue(settings.METRICS_TOKEN),
    }),
  })
}

/**
 * Reads and validates the configuration: the JSON file named by `file` or `LTIHUB_CONFIG` (if any),
 * then the environment over it, then `overrides` over both. Throws {@link ConfigError} naming every
 * bad setting. The only function that looks at the environment, and only at what it is given.
 *
 * @example
 * const config = loadConfig({ env: process.env })
 * @see docs/operators/configuration.md
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const issues: ConfigIssue[] = []
  const filePath = options.file ?? options.env['LTIHUB_CONFIG']
  const cwd = options.cwd ?? process.cwd()
  const fileSettings =
    filePath === undefined || filePath === '' ? {} : fromFile(resolve(cwd, filePath), issues)
  const raw = { ...fileSettings, ...fromEnv(options.env, issues), ...options.overrides }
  delete raw.LTIHUB_CONFIG
  const parsed = settingsSchema.safeParse(raw)
  if (!parsed.success) throw new ConfigError([...issues, ...issuesOf(parsed.error)])
  issues.push(...crossChecks(parsed.data))
  if (issues.length > 0) throw new ConfigError(issues)
  return shape(parsed.data, cwd)
}

/**
 * The same configuration listening on `port`, for a server that asked for port 0 and learnt its
 * real port. A defaulted `publicUrl` follows the port; an explicit PUBLIC_URL is kept.
 */
export function withPort(config: Config, port: number): Config {
  return Object.freeze({
    ...config,
    port,
    publicUrl: config.publicUrlIsDefault ? defaultPublicUrl(port) : config.publicUrl,
  })
}
