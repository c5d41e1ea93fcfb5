import { parseAllowList } from '@ltihub/core'
import { z } from 'zod'

/**
 * Every setting ltihub reads, as one zod schema over the raw strings of the environment (or of the
 * JSON file named by `LTIHUB_CONFIG`). Each entry's message names what is expected, so a bad value
 * fails at startup with `SETTING: expected …`. The documentation of each setting sits next to it in
 * {@link SETTING_DOCS}, from which `docs/operators/configuration.md` is generated.
 */

export const ROLES = ['platform', 'tool'] as const
export type Role = (typeof ROLES)[number]

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export const NODE_ENVS = ['development', 'production', 'test'] as const
export type NodeEnv = (typeof NODE_ENVS)[number]

/** The shortest root secret accepted: 32 characters, e.g. 32 random bytes in base64url (43). */
export const MIN_SECRET_LENGTH = 32

function integer(min: number, max: number, note = '') {
  const message = `expected an integer between ${min} and ${max}${note}`
  return z
    .string()
    .regex(/^\d{1,10}$/, { error: message })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: message }).max(max, { error: message }))
}

function boolean() {
  return z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((v) => v === 'true')
}

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an absolute http:// or https:// URL' })
  .refine((value) => {
    // zod runs refinements after a failed check too; the URL check has reported that case.
    if (!URL.canParse(value)) return true
    const url = new URL(value)
    return url.search === '' && url.hash === '' && url.username === '' && url.password === ''
  }, 'expected a URL without query, fragment or credentials')
  .transform((value) => value.replace(/\/+$/, ''))

const databaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'expected a postgres:// or postgresql:// URL' })

const roles = z
  .string()
  .transform((value) => value.split(',').map((role) => role.trim()))
  .pipe(
    z
      .array(z.enum(ROLES, { error: `expected a comma-separated list of ${ROLES.join(', ')}` }))
      .min(1, { error: 'expected at least one role' }),
  )
  .transform((list) => ROLES.filter((role) => list.includes(role)))

/** A rate limit written `MAX/WINDOW`, e.g. `20/15m`: at most MAX within WINDOW (s, m or h). */
export interface RateLimitSetting {
  readonly max: number
  readonly windowMs: number
}

const WINDOW_UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const

function rateLimit() {
  const message =
    'expected MAX/WINDOW such as 20/15m (MAX 1 to 1000000; WINDOW 1 to 24h in s, m or h)'
  return z
    .string()
    .regex(/^\d{1,7}\/\d{1,5}[smh]$/, { error: message })
    .transform((value): RateLimitSetting => {
      const [max = '', window = ''] = value.split('/')
      const unit = window.slice(-1) as keyof typeof WINDOW_UNIT_MS
      return { max: Number(max), windowMs: Number(window.slice(0, -1)) * WINDOW_UNIT_MS[unit] }
    })
    .refine((limit) => limit.max >= 1 && limit.max <= 1_000_000, message)
    .refine((limit) => limit.windowMs >= 1000 && limit.windowMs <= 86_400_000, message)
}

export const RATE_LIMIT_STORES = ['auto', 'memory', 'database', 'redis'] as const
export type RateLimitStoreSetting = (typeof RATE_LIMIT_STORES)[number]

const redisUrl = z
  .string()
  .regex(/^rediss?:\/\/\S+$/, { error: 'expected a redis:// or rediss:// URL' })

/** Host names, `*.` suffixes and CIDR networks, separated by commas or spaces. */
const allowList = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter((entry) => entry !== ''))
  .refine(
    (entries) => {
      try {
        parseAllowList(entries)
        return true
      } catch {
        return false
      }
    },
    {
      error: 'expected host names (*.example.org for subdomains) or CIDR networks, comma-separated',
    },
  )

/** The settings, keyed by their environment variable name. Every key is optional in the input. */
export const settingsSchema = z.strictObject({
  NODE_ENV: z
    .enum(NODE_ENVS, { error: `expected one of ${NODE_ENVS.join(', ')}` })
    .default('development'),
  PORT: integer(0, 65535, ' (0 picks a free port)').default(3000),
  HOST: z
    .string()
    .regex(/^[\w.:-]+$/, { error: 'expected a host name or IP address' })
    .default('127.0.0.1'),
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: databaseUrl.optional(),
  DATA_DIR: z.string().min(1, { error: 'expected a directory path' }).default('./data'),
  LTIHUB_ROLES: roles.default([...ROLES]),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  LTIHUB_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, { error: `expected at least ${MIN_SECRET_LENGTH} characters` })
    .optional(),
  BODY_LIMIT: integer(1024, 104_857_600).default(1_048_576),
  TRUST_PROXY: boolean().default(false),
  LTIHUB_DEMO: boolean().default(false),
  SESSION_IDLE_MINUTES: integer(1, 10_080).default(60),
  SESSION_MAX_HOURS: integer(1, 8_760).default(12),
  REDIS_URL: redisUrl.optional(),
  RATE_LIMIT_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, { error: 'expected 1 to 64 letters, digits, _ : . or -' })
    .default('ltihub:rate-limit:'),
  RATE_LIMIT_STORE: z
    .enum(RATE_LIMIT_STORES, { error: `expected one of ${RATE_LIMIT_STORES.join(', ')}` })
    .default('auto'),
  RATE_LIMIT_SIGN_IN: rateLimit().default({ max: 60, windowMs: 300_000 }),
  RATE_LIMIT_SIGN_IN_ACCOUNT: rateLimit().default({ max: 10, windowMs: 900_000 }),
  RATE_LIMIT_OIDC_CALLBACK: rateLimit().default({ max: 60, windowMs: 300_000 }),
  RATE_LIMIT_AUTHORIZE: rateLimit().default({ max: 600, windowMs: 60_000 }),
  RATE_LIMIT_TOKEN: rateLimit().default({ max: 300, windowMs: 60_000 }),
  RATE_LIMIT_TOOL_LOGIN: rateLimit().default({ max: 600, windowMs: 60_000 }),
  RATE_LIMIT_LTI11_BAD_SIGNATURE: rateLimit().default({ max: 20, windowMs: 900_000 }),
  RATE_LIMIT_LTI11_BAD_SIGNATURE_ADDRESS: rateLimit().default({ max: 100, windowMs: 900_000 }),
  RATE_LIMIT_REGISTRATION: rateLimit().default({ max: 20, windowMs: 600_000 }),
  RATE_LIMIT_API: rateLimit().default({ max: 600, windowMs: 60_000 }),
  OUTBOUND_ALLOW: allowList.default([]),
  OUTBOUND_CONNECT_TIMEOUT_MS: integer(100, 120_000).default(5_000),
  OUTBOUND_HEADERS_TIMEOUT_MS: integer(100, 300_000).default(10_000),
  OUTBOUND_BODY_TIMEOUT_MS: integer(100, 300_000).default(15_000),
  OUTBOUND_MAX_RESPONSE_BYTES: integer(1024, 104_857_600).default(4_194_304),
  METRICS: boolean().default(false),
  METRICS_TOKEN: z
    .string()
    .min(MIN_SECRET_LENGTH, { error: `expected at least ${MIN_SECRET_LENGTH} characters` })
    .optional(),
})

/** The names of all settings. `LTIHUB_CONFIG` is read first and names the optional JSON file. */
export type SettingName = keyof typeof settingsSchema.shape | 'LTIHUB_CONFIG'

/** The parsed settings before they are shaped into a `Config`. */
export type ParsedSettings = z.output<typeof settingsSchema>

/** Documentation of one setting, rendered into docs/operators/configuration.md. */
export interface SettingDoc {
  readonly default: string
  readonly description: string
  readonly example: string
}

/** One entry per setting; the docs test fails when a setting is missing here or in the docs. */
export const SETTING_DOCS = {
  LTIHUB_CONFIG: {
    default: '(none)',
    description:
      'Path of an optional JSON file holding any of the other settings, keyed by the same names. Unknown keys in the file are rejected. Environment variables override the file.',
    example: 'LTIHUB_CONFIG=/etc/ltihub/config.json',
  },
  NODE_ENV: {
    default: 'development',
    description:
      'development, production or test. In production LTIHUB_SECRET is required, PUBLIC_URL must be https:// and LTIHUB_DEMO is refused.',
    example: 'NODE_ENV=production',
  },
  PORT: {
    default: '3000',
    description: 'TCP port the HTTP server listens on; 0 picks a free port.',
    example: 'PORT=8080',
  },
  HOST: {
    default: '127.0.0.1',
    description:
      'Interface the HTTP server binds to. The default only accepts local connections; use 0.0.0.0 in a container or behind a reverse proxy on another host.',
    example: 'HOST=0.0.0.0',
  },
  PUBLIC_URL: {
    default: 'http://localhost:PORT',
    description:
      'The URL users and other LTI parties reach this server at (scheme, host, optional port and path; no query). It appears in issuer, JWKS and launch URLs, and an https:// URL makes session cookies Secure.',
    example: 'PUBLIC_URL=https://lti.example.edu',
  },
  DATABASE_URL: {
    default: '(none: SQLite file DATA_DIR/ltihub.sqlite)',
    description:
      'A postgres:// or postgresql:// connection URL selects PostgreSQL. When absent, ltihub uses an SQLite file in DATA_DIR. Never logged.',
    example: 'DATABASE_URL=postgres://ltihub:password@db.internal:5432/ltihub',
  },
  DATA_DIR: {
    default: './data',
    description:
      'Directory for the SQLite database and the generated development secret, relative to the working directory. Created with mode 0700 when missing.',
    example: 'DATA_DIR=/var/lib/ltihub',
  },
  LTIHUB_ROLES: {
    default: 'platform,tool',
    description:
      'Comma-separated roles this instance plays: platform (an LMS launching tools), tool (content launched from an LMS), or both.',
    example: 'LTIHUB_ROLES=tool',
  },
  LOG_LEVEL: {
    default: 'info',
    description:
      'Minimum level of the JSON log on standard output: fatal, error, warn, info, debug, trace or silent. Authorization and cookie headers and secrets are redacted at every level.',
    example: 'LOG_LEVEL=debug',
  },
  LTIHUB_SECRET: {
    default: '(generated in development)',
    description: `Root secret (at least ${MIN_SECRET_LENGTH} characters; use 32 random bytes) from which separate keys are derived with HKDF-SHA256 for data encryption, session cookies and access tokens. Required when NODE_ENV=production. In development, when absent, a random secret is generated once and kept in DATA_DIR/ltihub.secret (mode 0600) with a warning in the log. Changing it makes stored private keys and sessions unreadable.`,
    example: 'LTIHUB_SECRET=$(openssl rand -base64 32)',
  },
  BODY_LIMIT: {
    default: '1048576',
    description:
      'Largest request body accepted, in bytes (1024 to 104857600). Larger bodies are refused with 413 and code ERR_LTI_INPUT_TOO_LARGE.',
    example: 'BODY_LIMIT=262144',
  },
  TRUST_PROXY: {
    default: 'false',
    description:
      'true when a reverse proxy sets X-Forwarded-For / X-Forwarded-Proto; the client address and protocol are then taken from those headers.',
    example: 'TRUST_PROXY=true',
  },
  LTIHUB_DEMO: {
    default: 'false',
    description:
      'true loads demo data at startup and offers "sign in as" on the console sign-in page (`ltihub serve --demo` sets it). Refused when NODE_ENV=production.',
    example: 'LTIHUB_DEMO=true',
  },
  SESSION_IDLE_MINUTES: {
    default: '60',
    description:
      'A console session ends after this many minutes without a request (1 to 10080). The last activity is recorded at most once a minute.',
    example: 'SESSION_IDLE_MINUTES=30',
  },
  SESSION_MAX_HOURS: {
    default: '12',
    description:
      'A console session ends this many hours after sign-in, however active it is (1 to 8760); the person signs in again.',
    example: 'SESSION_MAX_HOURS=8',
  },
  REDIS_URL: {
    default: '(none)',
    description:
      'A redis:// or rediss:// URL of a Redis server that holds the rate-limit counters shared by every process (see RATE_LIMIT_STORE and docs/operators/rate-limits.md). Never logged.',
    example: 'REDIS_URL=redis://redis.internal:6379/0',
  },
  RATE_LIMIT_REDIS_PREFIX: {
    default: 'ltihub:rate-limit:',
    description:
      'Prefix of every rate-limit key in Redis, so several deployments (or tests) can share one Redis server without sharing counters.',
    example: 'RATE_LIMIT_REDIS_PREFIX=district-a:rate-limit:',
  },
  RATE_LIMIT_STORE: {
    default: 'auto',
    description:
      'Where rate-limit counters live: memory (this process only), database (a table in the SQLite or PostgreSQL database, shared by every process on it), redis (REDIS_URL, shared) or auto: redis when REDIS_URL is set, else database on PostgreSQL, else memory (one process on SQLite).',
    example: 'RATE_LIMIT_STORE=database',
  },
  RATE_LIMIT_SIGN_IN: {
    default: '60/5m',
    description:
      'Console sign-in attempts (every sign-in form post) per client address, as MAX/WINDOW with the window in s, m or h. Past it the console answers 429 with Retry-After and ERR_LTI_RATE_LIMITED.',
    example: 'RATE_LIMIT_SIGN_IN=30/5m',
  },
  RATE_LIMIT_SIGN_IN_ACCOUNT: {
    default: '10/15m',
    description:
      'Password sign-in attempts per account name (the email or user name typed), whatever the address: slows password guessing spread over many addresses.',
    example: 'RATE_LIMIT_SIGN_IN_ACCOUNT=5/15m',
  },
  RATE_LIMIT_OIDC_CALLBACK: {
    default: '60/5m',
    description:
      'Single sign-on requests under /console/sign-in/oidc/ (start and callback) per client address.',
    example: 'RATE_LIMIT_OIDC_CALLBACK=120/5m',
  },
  RATE_LIMIT_AUTHORIZE: {
    default: '600/1m',
    description:
      "Requests to the platform's OIDC authorization endpoint (/platform/authorize, one per LTI 1.3 launch) per client address. A school behind one NAT address launches many times a minute: keep it generous.",
    example: 'RATE_LIMIT_AUTHORIZE=1200/1m',
  },
  RATE_LIMIT_TOKEN: {
    default: '300/1m',
    description:
      "Requests to the platform's OAuth 2 token endpoint (/platform/token) per client address. Past it tools get 429 with a JSON error (error invalid_request, code ERR_LTI_RATE_LIMITED).",
    example: 'RATE_LIMIT_TOKEN=600/1m',
  },
  RATE_LIMIT_TOOL_LOGIN: {
    default: '600/1m',
    description:
      "Requests to the tool's OIDC login initiation (/tool/lti/login) per client address.",
    example: 'RATE_LIMIT_TOOL_LOGIN=1200/1m',
  },
  RATE_LIMIT_LTI11_BAD_SIGNATURE: {
    default: '20/15m',
    description:
      'LTI 1.1 requests with a wrong OAuth signature (tool launches and platform Basic Outcomes) per consumer key and client address. Only failed signature checks count; past the limit that key is refused from that address with 429 until the window ends, while correct requests from other addresses still work.',
    example: 'RATE_LIMIT_LTI11_BAD_SIGNATURE=10/15m',
  },
  RATE_LIMIT_LTI11_BAD_SIGNATURE_ADDRESS: {
    default: '100/15m',
    description:
      'LTI 1.1 requests with a wrong OAuth signature per client address, whatever the consumer key: stops one address trying many keys.',
    example: 'RATE_LIMIT_LTI11_BAD_SIGNATURE_ADDRESS=50/15m',
  },
  RATE_LIMIT_REGISTRATION: {
    default: '20/10m',
    description:
      "LTI Dynamic Registration requests per client address, on both sides: the platform's registration endpoint (/platform/register) and the tool's registration page (/tool/lti/register).",
    example: 'RATE_LIMIT_REGISTRATION=10/10m',
  },
  RATE_LIMIT_API: {
    default: '600/1m',
    description:
      'REST API requests (/api/…) per API token (keyed on a hash of the bearer value), else per console session, else per client address.',
    example: 'RATE_LIMIT_API=1200/1m',
  },
  OUTBOUND_ALLOW: {
    default: '(empty)',
    description:
      'Internal hosts and networks ltihub may call although they are not public addresses, over http too: host names, `*.example.org` for all subdomains, and CIDR networks or single addresses, separated by commas. Everything else must be a public address and https (see docs/operators/outbound-requests.md).',
    example: 'OUTBOUND_ALLOW=moodle.school.internal,10.20.0.0/16',
  },
  OUTBOUND_CONNECT_TIMEOUT_MS: {
    default: '5000',
    description:
      'How long an outbound request may take to open its connection (TCP and TLS), in milliseconds (100 to 120000).',
    example: 'OUTBOUND_CONNECT_TIMEOUT_MS=3000',
  },
  OUTBOUND_HEADERS_TIMEOUT_MS: {
    default: '10000',
    description:
      'How long ltihub waits for the response headers of an outbound request, in milliseconds (100 to 300000); counted again for each redirect.',
    example: 'OUTBOUND_HEADERS_TIMEOUT_MS=20000',
  },
  OUTBOUND_BODY_TIMEOUT_MS: {
    default: '15000',
    description:
      'How long the whole response body of an outbound request may take after its headers, in milliseconds (100 to 300000). A body that arrives more slowly is cut off (ERR_OUTBOUND_TIMEOUT).',
    example: 'OUTBOUND_BODY_TIMEOUT_MS=30000',
  },
  OUTBOUND_MAX_RESPONSE_BYTES: {
    default: '4194304',
    description:
      'Largest response body ltihub reads from another party, in bytes (1024 to 104857600); larger answers fail with ERR_OUTBOUND_TOO_LARGE. Some readers keep a smaller cap of their own (key sets, cartridges).',
    example: 'OUTBOUND_MAX_RESPONSE_BYTES=8388608',
  },
  METRICS: {
    default: 'false',
    description:
      'true serves Prometheus metrics at /metrics (launches, refusals, scores, grade deliveries and outbox, request latency, database connections, process); see docs/operators/monitoring.md. Off, /metrics answers 404 and nothing is counted.',
    example: 'METRICS=true',
  },
  METRICS_TOKEN: {
    default: '(none)',
    description: `When set (at least ${MIN_SECRET_LENGTH} characters), /metrics answers only requests with \`Authorization: Bearer\` and this value, else 401; without it /metrics is open to anyone who reaches the server, so keep it off the public network. Never logged.`,
    example: 'METRICS_TOKEN=$(openssl rand -base64 32)',
  },
} as const satisfies Record<SettingName, SettingDoc>
