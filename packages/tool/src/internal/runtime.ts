import type { RegistrationAdmission } from '../config.js'
import type { ToolEventListener, ToolEvent } from '../events.js'
import type { ToolPorts } from '../ports.js'
import type { DeepLinkingSession, LaunchContext } from '../sessions.js'
import type { ToolUrls } from '../urls.js'
import type { AccessTokenCache, Clock, RemoteKeySets } from './core.js'

/** Answers a successful launch: the learning application's page (or a redirect to it). */
export type LaunchHandler = (
  launch: LaunchContext,
  request: Request,
) => Response | Promise<Response>

/** Answers a deep-linking request with the application's own picker (default: the built-in one). */
export type DeepLinkingHandler = (
  session: DeepLinkingSession,
  request: Request,
) => Response | Promise<Response>

/** What every handler of one tool instance shares. Built once by `createLtiTool`. */
export interface ToolRuntime {
  readonly ports: ToolPorts
  readonly urls: ToolUrls
  readonly clock: Clock
  /**
   * Outbound fetch for the platform's services (token, AGS, NRPS, Basic Outcomes); always sends
   * the tool's User-Agent, and each call ends at `serviceTimeoutMs`, body included.
   */
  readonly fetch: typeof fetch
  readonly serviceTimeoutMs: number
  readonly userAgent: string
  readonly toolName: string
  readonly keySets: RemoteKeySets
  /** Access tokens per platform and scope set, shared by grade delivery and member sync. */
  readonly tokens: AccessTokenCache
  /** The Dynamic Registration page's outbound calls (see `DynamicRegistrationOptions`). */
  readonly dynamicRegistration: {
    readonly fetch: typeof fetch
    readonly resolveHost: ((hostname: string) => Promise<readonly string[]>) | undefined
    readonly checkUrl: ((url: URL) => Promise<void>) | undefined
    readonly timeoutMs: number
    readonly admission: () => Promise<RegistrationAdmission>
  }
  /** Development and tests only: service URLs may be http on loopback hosts. */
  readonly allowInsecureLoopback: boolean
  readonly stateTtlMs: number
  readonly sessionTtlMs: number
  readonly onLaunch: LaunchHandler
  readonly onDeepLinking: DeepLinkingHandler | undefined
  readonly emit: (event: ToolEvent) => void
}

/** A fetch that adds `User-Agent` to every request that has none. */
export function withUserAgent(base: typeof fetch, userAgent: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init)
    if (!request.headers.has('user-agent')) request.headers.set('user-agent', userAgent)
    return base(request)
  }
}

/**
 * A fetch whose every call is aborted after `timeoutMs`, the reading of the body included (the
 * signal stays attached to the response), so a platform that accepts a request and never answers,
 * or drips its answer, holds a caller for that long at most instead of Node's 300 s.
 */
export function withTimeout(base: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init)
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)])
    return base(new Request(request, { signal }))
  }
}

/** Wraps a listener so a throwing one cannot break a launch or a delivery. */
export function safeEmitter(listener: ToolEventListener | undefined): (event: ToolEvent) => void {
  return (event) => {
    try {
      listener?.(event)
    } catch {
      // A logging failure must not turn a good launch into a failed one.
    }
  }
}
