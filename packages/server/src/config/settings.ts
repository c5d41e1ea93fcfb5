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
} as const satisfies Record<SettingName, SettingDoc>
