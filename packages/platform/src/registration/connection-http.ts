/**
 * What the checks of Test Connection share: the check record, the URL policy (https, or http on a
 * loopback host when the host explicitly allows it) and outbound calls that never throw.
 */
import type { PlatformDeps } from '../config.js'
import { isLtiError, unguardedFetch } from '../internal/core.js'
import { isSecureUrl } from '../internal/http.js'

/** One check of a connection test. */
export interface ConnectionCheck {
  /** Stable name, e.g. `lti11.launch`. */
  readonly name: string
  /** What the check is, for the administrator, e.g. "LTI 1.1 signed launch". */
  readonly label: string
  readonly passed: boolean
  /** What was found, for the administrator (never a secret). */
  readonly detail: string
}

/** The check names, with their labels. */
export const CHECKS = {
  'user.email': 'Your email address',
  'connection.protocol': 'Connection settings',
  'lti11.launch': 'LTI 1.1 signed launch',
  'lti13.login-url': 'LTI 1.3 login initiation',
  'lti13.jwks': 'LTI 1.3 tool keys',
  'lti13.deployments': 'LTI 1.3 deployments',
} as const

export type CheckName = keyof typeof CHECKS

export const pass = (name: CheckName, detail: string): ConnectionCheck => ({
  name,
  label: CHECKS[name],
  passed: true,
  detail,
})

export const fail = (name: CheckName, detail: string): ConnectionCheck => ({
  name,
  label: CHECKS[name],
  passed: false,
  detail,
})

/** Outbound calls of a test: the deps' fetch, and how long a tool may take to answer. */
export interface CheckHttp {
  readonly fetch: typeof fetch
  readonly timeoutMs: number
  readonly allowInsecureLoopback: boolean
}

export const DEFAULT_TIMEOUT_MS = 10_000

export function checkHttpOf(deps: Pick<PlatformDeps, 'settings' | 'fetch'>): CheckHttp {
  return {
    fetch: deps.fetch ?? unguardedFetch,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    allowInsecureLoopback: deps.settings.dangerouslyAllowInsecureLoopback === true,
  }
}

/**
 * `value` as a URL the platform may call, or why not: https, or http on a loopback host when
 * `allowInsecureLoopback` (development) is set.
 */
export function toolUrl(
  value: string,
  what: string,
  allowInsecureLoopback: boolean,
): URL | { readonly problem: string } {
  if (!URL.canParse(value)) return { problem: `the ${what} is not an absolute URL` }
  const url = new URL(value)
  if (isSecureUrl(url, allowInsecureLoopback)) return url
  return {
    problem: allowInsecureLoopback
      ? `the ${what} must start with https:// (http:// only on localhost or 127.0.0.1)`
      : `the ${what} must start with https://`,
  }
}

/** What each refusal of the outbound client means for the administrator. */
const OUTBOUND_DETAIL: Readonly<Record<string, (host: string) => string>> = {
  ERR_OUTBOUND_ADDRESS_REFUSED: (host) =>
    `not called: ${host} is an internal address, which ltihub does not call (an operator can allow it with OUTBOUND_ALLOW)`,
  ERR_OUTBOUND_INSECURE_SCHEME: (host) => `not called: ${host} must be reached over https`,
  ERR_OUTBOUND_UNRESOLVED: (host) => `did not reach the tool: ${host} does not resolve (DNS)`,
  ERR_OUTBOUND_TIMEOUT: (host) => `did not reach the tool: ${host} did not answer in time`,
  ERR_OUTBOUND_TOO_LARGE: (host) => `reached the tool, but ${host} answered more than ltihub reads`,
  ERR_OUTBOUND_TOO_MANY_REDIRECTS: (host) => `reached the tool, but ${host} redirects too often`,
  ERR_OUTBOUND_REDIRECT_REFUSED: (host) => `reached the tool, but ${host} answered with a redirect`,
}

/**
 * A failure to get an answer, for the administrator: not called (the outbound policy refused the
 * address before any connection, so a closed port and a silent one look the same), not reached
 * (DNS, connection, timeout) or reached with an answer ltihub does not read. The code is appended.
 */
export function networkDetail(error: unknown, url: URL, timeoutMs: number): string {
  if (isLtiError(error) && OUTBOUND_DETAIL[error.code] !== undefined) {
    const describe = OUTBOUND_DETAIL[error.code]
    return `${describe?.(url.host) ?? ''} (${error.code})`
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `did not reach the tool: ${url.host} did not answer within ${timeoutMs / 1000} s`
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  const code =
    typeof cause?.code === 'string' ? cause.code : isLtiError(error) ? error.code : 'network error'
  return `did not reach the tool: could not connect to ${url.host} (${code})`
}

/** Sends a request without following redirects; a network failure becomes its description. */
export async function send(
  http: CheckHttp,
  url: URL,
  init: RequestInit = {},
): Promise<Response | { readonly problem: string }> {
  try {
    return await http.fetch(url, {
      redirect: 'manual',
      ...init,
      signal: AbortSignal.timeout(http.timeoutMs),
    })
  } catch (error) {
    return { problem: networkDetail(error, url, http.timeoutMs) }
  }
}
