import { z } from 'zod'
import type { Clock } from './internal/core.js'
import type { DeepLinkingHandler, LaunchHandler } from './internal/runtime.js'
import type { ToolEventListener } from './events.js'
import type { RetryPolicy } from './grades/policy.js'
import type { ToolPorts } from './ports.js'

/** Options of `createLtiTool`. One typed object, checked at creation; no hidden defaults. */
export interface LtiToolOptions {
  /** Storage and the learning application, through the ports of `ports.ts`. */
  readonly ports: ToolPorts
  /** The tool's public base URL (https; http only for localhost), e.g. `https://tool.example.com/`. */
  readonly publicUrl: string
  /** Sent as `User-Agent` on every outbound call, e.g. `my-app/1.2 (+https://my-app.example)`. */
  readonly userAgent: string
  /** The tool's name, shown to platforms (Dynamic Registration, cartridges). */
  readonly toolName: string
  /** Answers a successful resource-link launch with the learning application's page. */
  readonly onLaunch: LaunchHandler
  /** Answers a deep-linking request with the application's own picker; the built-in one otherwise. */
  readonly onDeepLinking?: DeepLinkingHandler
  /** Outbound fetch (tests and proxies inject one). Default: the global fetch. */
  readonly fetch?: typeof fetch
  /**
   * How long one request to a platform's services (access token, AGS, NRPS, Basic Outcomes) may
   * take, the answer's body included; a slower one is abandoned and, for a grade, retried later
   * with backoff. Default 30 000 ms.
   */
  readonly serviceTimeoutMs?: number
  /** Current time in epoch ms (tests freeze it). Default: `Date.now`. */
  readonly clock?: Clock
  /** Structured events for the host's log (private error detail travels here only). */
  readonly onEvent?: ToolEventListener
  /** How long a login may take before its launch arrives. Default 600 s. */
  readonly stateTtlSeconds?: number
  /** How long a launch or deep-linking session lasts. Default 8 h. */
  readonly sessionTtlSeconds?: number
  /** Grade delivery: retries, backoff and concurrency (see `RetryPolicy` for each default). */
  readonly gradeDelivery?: Partial<RetryPolicy>
  /** How the Dynamic Registration page reaches platforms (it is open to anyone). */
  readonly dynamicRegistration?: DynamicRegistrationOptions
  /**
   * Lets AGS, NRPS, token and outcome URLs be plain http on loopback hosts, for a platform on the
   * developer's machine and for tests. Never set it in production.
   * @deprecated Development and tests only; greppable on purpose.
   */
  readonly dangerouslyAllowInsecureLoopback?: boolean
}

/**
 * The Dynamic Registration page fetches URLs that whoever opens it chooses, so it calls public
 * https addresses only (loopback too with `dangerouslyAllowInsecureLoopback`), never follows
 * redirects, and bounds each request's time and size.
 */
export interface DynamicRegistrationOptions {
  /**
   * Resolves a host name to its IP addresses. When given, every platform URL the page calls or
   * stores must resolve to public addresses only. Without it, IP literals and `localhost` are
   * still refused, but a name that resolves to a private address is not.
   */
  readonly resolveHost?: (hostname: string) => Promise<readonly string[]>
  /**
   * The fetch for the page's two requests. Pass one that checks the address it connects to, so
   * a name cannot resolve to a public address for the check and a private one for the call.
   * Default: the tool's `fetch`.
   */
  readonly fetch?: typeof fetch
  /**
   * Checks a platform URL against the host's outbound policy without calling it, rejecting with
   * the policy's coded error (`ERR_OUTBOUND_ADDRESS_REFUSED`, `ERR_OUTBOUND_INSECURE_SCHEME`,
   * `ERR_OUTBOUND_UNRESOLVED`). When given, it replaces `resolveHost` and the tool's own address
   * classes, so the page obeys the same policy (and operator allow-list) as every other call.
   */
  readonly checkUrl?: (url: URL) => Promise<void>
  /** How long each of the two requests may take, body included. Default 10 000 ms. */
  readonly timeoutMs?: number
  /**
   * Whether the page may register a platform now; asked before it calls the platform and again
   * before it stores the registration (`ERR_LTI_DR_CLOSED`, `ERR_LTI_DR_TOO_MANY_PENDING`).
   * Default: always open.
   */
  readonly admission?: () => Promise<RegistrationAdmission>
}

/**
 * `open`; `closed` when an administrator turned Dynamic Registration off; `full` when so many
 * registrations wait for an administrator that the page must not add another (it is open to
 * anyone, and each visit may add a row).
 */
export type RegistrationAdmission = 'open' | 'closed' | 'full'

/** See {@link LtiToolOptions.serviceTimeoutMs}. */
export const DEFAULT_SERVICE_TIMEOUT_MS = 30_000

const seconds = (max: number) => z.number().int().min(1).max(max)

const optionsSchema = z.object({
  publicUrl: z.string().min(1),
  userAgent: z.string().regex(/^[\x20-\x7E]{1,256}$/, 'printable ASCII, at most 256 characters'),
  toolName: z.string().min(1).max(200),
  stateTtlSeconds: seconds(3600).optional(),
  sessionTtlSeconds: seconds(7 * 24 * 3600).optional(),
  serviceTimeoutMs: z.number().int().min(1).max(300_000).optional(),
  gradeDelivery: z
    .object({
      maxAttempts: z.number().int().min(1).max(100).optional(),
      baseDelayMs: z.number().int().min(0).optional(),
      maxDelayMs: z.number().int().min(0).optional(),
      maxRetryAfterMs: z.number().int().min(0).optional(),
      concurrencyPerPlatform: z.number().int().min(1).max(100).optional(),
      leaseMs: z.number().int().min(1000).optional(),
      random: z.custom<() => number>((value) => typeof value === 'function').optional(),
    })
    .strict()
    .optional(),
  dynamicRegistration: z
    .object({
      resolveHost: z.custom<() => unknown>((value) => typeof value === 'function').optional(),
      checkUrl: z.custom<() => unknown>((value) => typeof value === 'function').optional(),
      fetch: z.custom<() => unknown>((value) => typeof value === 'function').optional(),
      timeoutMs: z.number().int().min(1).max(120_000).optional(),
      admission: z.custom<() => unknown>((value) => typeof value === 'function').optional(),
    })
    .strict()
    .optional(),
  dangerouslyAllowInsecureLoopback: z.boolean().optional(),
})

const FUNCTIONS = ['onLaunch', 'onDeepLinking', 'fetch', 'clock', 'onEvent'] as const

/**
 * Checks the options once, at creation: misconfiguration throws `TypeError` naming the field,
 * so a wrong value fails at startup and never during a launch.
 */
export function checkOptions(options: LtiToolOptions): void {
  const parsed = optionsSchema.loose().safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new TypeError(`createLtiTool: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`)
  }
  if (typeof options.onLaunch !== 'function')
    throw new TypeError('createLtiTool: onLaunch is required')
  for (const name of FUNCTIONS) {
    const value: unknown = options[name]
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`createLtiTool: ${name} must be a function`)
    }
  }
  if (typeof options.ports !== 'object' || options.ports === null) {
    throw new TypeError('createLtiTool: ports is required')
  }
}
