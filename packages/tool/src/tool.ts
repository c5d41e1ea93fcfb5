import { checkOptions, DEFAULT_SERVICE_TIMEOUT_MS, type LtiToolOptions } from './config.js'
import {
  type DeepLinkingAnswer,
  deepLinkingSession,
  handleDeepLinkingSubmit,
  respondToDeepLinking,
} from './deep-linking/respond.js'
import type { ToolEvent } from './events.js'
import { bindSession, type LtiSession, sessionIdOf } from './app-session/session.js'
import { isCodedError, ToolError } from './errors/tool-error.js'
import { type DeliverOptions, deliverDueGrades, type DeliveryReport } from './grades/deliver.js'
import { DeliveryLanes } from './grades/lanes.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './grades/policy.js'
import {
  type ProgressReport,
  reportProgress,
  reportResult,
  type ReportOutcome,
  type ResultReport,
} from './grades/report.js'
import {
  AccessTokenCache,
  publicJwks,
  RemoteKeySets,
  systemClock,
  unguardedFetch,
} from './internal/core.js'
import { errorPage } from './internal/pages.js'
import { safeEmitter, type ToolRuntime, withTimeout, withUserAgent } from './internal/runtime.js'
import { handleLaunch } from './launch/handler.js'
import { returnUrlOf } from './launch/return-url.js'
import { handleLogin } from './login/handler.js'
import { basicLtiXml, type LaunchInformation, launchInformation } from './publishing/launch-info.js'
import { licenceReport, type LicenceReportRow } from './publishing/licences.js'
import type { GradeOutboxItem, MemberSyncMode } from './records.js'
import { handleRegistration } from './registration/handler.js'
import { type RosterSyncResult, syncRosterSource, syncScheduledRosters } from './roster/sync.js'
import { type Route, route } from './router.js'
import type { DeepLinkingSession, LaunchContext } from './sessions.js'
import { toolUrls, type ToolUrls } from './urls.js'

/** A request handler of the web-standard kind: any framework adapts it in a few lines. */
export type Handler = (request: Request) => Promise<Response>

/** The tool: handlers for the LTI endpoints, and the services the learning application calls. */
export interface LtiTool {
  readonly urls: ToolUrls
  /** Routes a request under the public base URL to the endpoint handlers below. */
  readonly handle: Handler
  /** OIDC login initiation (GET and POST). */
  readonly login: Handler
  /** Launch endpoint: LTI 1.3 redirect URI and LTI 1.1 launch URL (with or without external ID). */
  readonly launch: Handler
  /** The built-in deep-linking picker's form post. */
  readonly deepLinking: Handler
  /** Dynamic Registration initiation page. */
  readonly register: Handler
  /** The tool's public JSON Web Key Set. */
  readonly jwks: Handler
  /** The Basic LTI XML of a publication (cartridge URL). */
  cartridge(request: Request, publicationId: string): Promise<Response>
  /** A launch session by id (undefined when unknown or expired). */
  session(sessionId: string): Promise<LaunchContext | undefined>
  /**
   * The launch a request to one of the application's pages carries in the cookie that
   * `redirectWithSession` set, with its score service bound; undefined when there is none,
   * it expired, or the request is a write from another origin.
   */
  sessionOf(request: Request): Promise<LtiSession | undefined>
  /** A pending deep-linking session, for an application-provided picker. */
  deepLinkingSession(sessionId: string): Promise<DeepLinkingSession | undefined>
  /** Answers a deep-linking session: the signed response, auto-posted to the platform. */
  respondToDeepLinking(sessionId: string, answer: DeepLinkingAnswer): Promise<Response>
  readonly grades: {
    reportResult(report: ResultReport): Promise<ReportOutcome>
    reportProgress(report: ProgressReport): Promise<ReportOutcome>
    /** One run of the delivery worker; call it on a schedule. */
    deliverDue(options?: DeliverOptions): Promise<DeliveryReport>
    /** Moves a dead letter back to the queue; false when the item is not dead. */
    resend(itemId: string): Promise<boolean>
    deadLetters(limit?: number): Promise<readonly GradeOutboxItem[]>
  }
  readonly roster: {
    /** Syncs every remembered context of one publication now, in its (or the given) mode. */
    sync(publicationId: string, mode?: MemberSyncMode): Promise<readonly RosterSyncResult[]>
    /** The scheduled task: syncs publications whose member sync is `scheduled`. */
    syncScheduled(): Promise<readonly unknown[]>
  }
  readonly publishing: {
    launchInformation(
      publicationId: string,
      consumerKey?: string,
    ): Promise<LaunchInformation | undefined>
    basicLtiXml(publicationId: string): Promise<string | undefined>
    licenceReport(): Promise<readonly LicenceReportRow[]>
  }
}

function buildRuntime(options: LtiToolOptions): ToolRuntime {
  const clock = options.clock ?? systemClock
  const baseFetch = options.fetch ?? unguardedFetch
  const serviceTimeoutMs = options.serviceTimeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS
  return {
    ports: options.ports,
    urls: toolUrls(options.publicUrl),
    clock,
    fetch: withUserAgent(withTimeout(baseFetch, serviceTimeoutMs), options.userAgent),
    serviceTimeoutMs,
    userAgent: options.userAgent,
    toolName: options.toolName,
    keySets: new RemoteKeySets({ fetch: baseFetch, userAgent: options.userAgent }),
    tokens: new AccessTokenCache({ clock }),
    dynamicRegistration: {
      fetch: withUserAgent(options.dynamicRegistration?.fetch ?? baseFetch, options.userAgent),
      resolveHost: options.dynamicRegistration?.resolveHost,
      checkUrl: options.dynamicRegistration?.checkUrl,
      timeoutMs: options.dynamicRegistration?.timeoutMs ?? 10_000,
      admission: options.dynamicRegistration?.admission ?? (() => Promise.resolve('open')),
    },
    allowInsecureLoopback: options.dangerouslyAllowInsecureLoopback === true,
    stateTtlMs: (options.stateTtlSeconds ?? 600) * 1000,
    sessionTtlMs: (options.sessionTtlSeconds ?? 8 * 3600) * 1000,
    onLaunch: options.onLaunch,
    onDeepLinking: options.onDeepLinking,
    emit: safeEmitter(options.onEvent),
  }
}

/** Runs a handler; any failure becomes the error page, and its private detail an event. */
function guarded(runtime: ToolRuntime, endpoint: string, handler: Handler): Handler {
  return async (request) => {
    try {
      return await handler(request)
    } catch (error) {
      const event: ToolEvent = {
        type: 'request.failed',
        endpoint,
        code: isCodedError(error) ? error.code : 'ERR_INTERNAL',
        status: isCodedError(error) ? error.status : 500,
        ...(isCodedError(error) && error.detail !== undefined ? { detail: error.detail } : {}),
        error,
      }
      runtime.emit(event)
      const returnUrl = returnUrlOf(error)
      return errorPage(error, returnUrl === undefined ? {} : { returnUrl })
    }
  }
}

async function jwksResponse(runtime: ToolRuntime): Promise<Response> {
  const body = JSON.stringify(publicJwks(await runtime.ports.keys.keyRing()))
  return new Response(body, {
    headers: {
      'content-type': 'application/json',
      // Short enough that a rotation's new key is seen before it signs (it is published first).
      'cache-control': 'public, max-age=300',
    },
  })
}

async function cartridgeResponse(runtime: ToolRuntime, publicationId: string): Promise<Response> {
  const xml = await basicLtiXml(runtime.ports, runtime.urls, runtime.toolName, publicationId)
  if (xml === undefined) throw new ToolError('ERR_LTI_ROUTE_NOT_FOUND', { detail: publicationId })
  return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } })
}

function dispatcher(runtime: ToolRuntime, handlers: Omit<LtiTool, 'handle' | 'urls'>): Handler {
  const byRoute = (found: Route, request: Request): Promise<Response> => {
    switch (found.endpoint) {
      case 'cartridge':
        return handlers.cartridge(request, found.publicationId)
      default:
        return handlers[found.endpoint](request)
    }
  }
  return async (request) => {
    let found: Route
    try {
      found = route(runtime.urls, request)
    } catch (error) {
      return guarded(runtime, 'router', () => Promise.reject(error))(request)
    }
    return byRoute(found, request)
  }
}

async function syncPublication(
  runtime: ToolRuntime,
  publicationId: string,
  mode: MemberSyncMode | undefined,
): Promise<readonly RosterSyncResult[]> {
  const results: RosterSyncResult[] = []
  for (const source of await runtime.ports.rosterSources.list(publicationId)) {
    results.push(await syncRosterSource(runtime, source, { mode }))
  }
  return results
}

/**
 * Creates an LTI tool over the given ports: no singleton, no server, no database connection of
 * its own. Mount `tool.handle` (or the single handlers) in any HTTP framework.
 *
 * @example
 * const tool = createLtiTool({
 *   ports, publicUrl: 'https://tool.example.com/', userAgent: 'my-app/1.0', toolName: 'My app',
 *   onLaunch: (launch) => Response.redirect(`/courses/${launch.course.id}`, 303),
 * })
 * http.createServer(nodeHandler(tool.handle)).listen(3000)
 */
export function createLtiTool(options: LtiToolOptions): LtiTool {
  checkOptions(options)
  const runtime = buildRuntime(options)
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.gradeDelivery }
  const lanes = new DeliveryLanes()
  const { ports } = runtime
  const grades = {
    reportResult: (report: ResultReport) => reportResult(ports, runtime.clock, report),
    reportProgress: (report: ProgressReport) => reportProgress(ports, runtime.clock, report),
  }
  const handlers: Omit<LtiTool, 'handle' | 'urls'> = {
    login: guarded(runtime, 'login', (request) => handleLogin(request, runtime)),
    launch: guarded(runtime, 'launch', (request) => handleLaunch(request, runtime)),
    deepLinking: guarded(runtime, 'deep-linking', (request) =>
      handleDeepLinkingSubmit(request, runtime),
    ),
    register: guarded(runtime, 'register', (request) => handleRegistration(request, runtime)),
    jwks: guarded(runtime, 'jwks', () => jwksResponse(runtime)),
    cartridge: (request, publicationId) =>
      guarded(runtime, 'cartridge', () => cartridgeResponse(runtime, publicationId))(request),
    session: async (sessionId) => {
      const session = await ports.sessions.get(sessionId, runtime.clock())
      return session?.kind === 'launch' ? session.launch : undefined
    },
    sessionOf: async (request) => {
      const sessionId = sessionIdOf(request, runtime.urls.origin)
      const session =
        sessionId === undefined ? undefined : await ports.sessions.get(sessionId, runtime.clock())
      return session?.kind === 'launch' ? bindSession(session.launch, grades) : undefined
    },
    deepLinkingSession: async (sessionId) => {
      const session = await ports.sessions.get(sessionId, runtime.clock())
      return session?.kind === 'deep-linking' ? session.deepLinking : undefined
    },
    respondToDeepLinking: async (sessionId, answer) =>
      respondToDeepLinking(runtime, await deepLinkingSession(runtime, sessionId), answer),
    grades: {
      ...grades,
      deliverDue: (deliver) => deliverDueGrades({ runtime, policy, lanes }, deliver),
      resend: (itemId) => ports.gradeOutbox.resend(itemId, runtime.clock()),
      deadLetters: (limit = 100) => ports.gradeOutbox.listDead(limit),
    },
    roster: {
      sync: (publicationId, mode) => syncPublication(runtime, publicationId, mode),
      syncScheduled: () => syncScheduledRosters(runtime),
    },
    publishing: {
      launchInformation: (publicationId, consumerKey) =>
        launchInformation(ports, runtime.urls, publicationId, consumerKey),
      basicLtiXml: (publicationId) =>
        basicLtiXml(ports, runtime.urls, runtime.toolName, publicationId),
      licenceReport: () => licenceReport(ports),
    },
  }
  return { urls: runtime.urls, handle: dispatcher(runtime, handlers), ...handlers }
}
