import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import { type Clock, systemClock } from '@ltihub/core'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from '../config/index.js'
import { registerApiGuard } from '../api/guard.js'
import { renderConsoleProblem, wantsHtmlPage } from '../console/error-page.js'
import { registerConsoleGuard } from '../console/guard.js'
import type { AppContext, JobContext } from '../context.js'
import type { Database } from '../db/schema.js'
import type { Feature } from '../features/feature.js'
import { createIdentity } from '../features/accounts/identity.js'
import { createSessions } from '../features/accounts/sessions.js'
import { resolveToken } from '../features/api-tokens/index.js'
import { featuresFor } from '../features/index.js'
import { createSigningKeys } from '../features/keys/signing-keys.js'
import { registerRateLimits } from '../features/rate-limit/limits.js'
import { createJobRunner } from '../jobs/runner.js'
import { NO_METRICS } from '../metrics/port.js'
import { createPrometheusMetrics } from '../metrics/prometheus.js'
import { registerRequestMetrics } from '../metrics/requests.js'
import { createServerOutbound, type OutboundTransport } from '../outbound/index.js'
import { createDataCipher, type DerivedKeys } from '../security/index.js'
import { SqlNonceStore } from '@ltihub/kysely/sql'
import { ServerError } from './errors.js'
import { statusProblem, toProblemResponse } from './problems.js'
import { refusedTarget, requestTargetRewriter } from './request-target.js'
import { registerSecurityHeaders } from './security-headers.js'

export interface BuildAppOptions {
  readonly config: Config
  readonly db: Kysely<Database>
  readonly logger: Logger
  /** Derived from the root secret with `deriveKeys`. */
  readonly keys: DerivedKeys
  readonly clock?: Clock
  /** Defaults to the features of the configured roles (`featuresFor(config.roles)`). */
  readonly features?: readonly Feature[]
  /** Replaces the outbound resolver and connector (tests: no real address is ever dialled). */
  readonly outboundTransport?: Partial<OutboundTransport>
}

export interface App {
  readonly app: FastifyInstance
  readonly context: AppContext
}

const REQUEST_ID = /^[\w.:-]{8,128}$/

/** Keeps a well-formed `X-Request-Id` from a trusted proxy for log correlation, else makes one. */
function requestIdOf(trustProxy: boolean) {
  return (request: IncomingMessage): string => {
    const incoming = request.headers['x-request-id']
    if (trustProxy && typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming
    return randomUUID()
  }
}

function createContext(options: BuildAppOptions): AppContext {
  const { config, db, logger, keys } = options
  const clock = options.clock ?? systemClock
  const cipher = createDataCipher(keys.dataEncryption)
  const features = options.features ?? featuresFor(config.roles)
  const identity = createIdentity({
    db,
    sources: features.flatMap((feature) => (feature.people === undefined ? [] : [feature.people])),
  })
  const prometheus = config.metrics.enabled
    ? createPrometheusMetrics({ db, clock, tool: config.roles.includes('tool') })
    : undefined
  const base: JobContext = {
    config,
    db,
    logger,
    clock,
    keys,
    cipher,
    nonces: new SqlNonceStore(db, clock),
    signingKeys: createSigningKeys({ db, cipher, clock }),
    identity,
    sessions: createSessions({
      db,
      identity,
      clock,
      https: config.publicUrl.startsWith('https://'),
      idleMs: config.sessionIdleMs,
      maxMs: config.sessionMaxMs,
    }),
    features,
    outbound: createServerOutbound(config, options.outboundTransport),
    metrics: prometheus?.metrics ?? NO_METRICS,
    scrapeMetrics: prometheus?.scrape,
  }
  const jobs = createJobRunner(
    base.features.flatMap((feature) => feature.jobs?.(base) ?? []),
    { logger: logger.child({ component: 'jobs' }), now: clock },
  )
  return { ...base, jobs }
}

/**
 * Errors answer problem+json, except where a person reads them: console pages (and browser
 * navigations outside `/api`) get an HTML page in the console's layout with a way back.
 */
function registerErrorHandling(app: FastifyInstance, context: AppContext): void {
  app.setErrorHandler(async (error, request, reply) => {
    const { problem, level, retryAfter } = toProblemResponse(error)
    request.log[level]({ err: error, status: problem.status }, 'request failed')
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
    if (wantsHtmlPage(request)) return renderConsoleProblem(context, request, reply, problem)
    return reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem)
  })
  app.setNotFoundHandler(async (request, reply) => {
    if (wantsHtmlPage(request)) {
      return renderConsoleProblem(context, request, reply, statusProblem(404))
    }
    return reply
      .status(404)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(statusProblem(404))
  })
}

/**
 * The composition root: builds the context (stores, keys, sessions, jobs) and a Fastify app with
 * logging, request ids, body limits, forms, signed cookies, security headers, problem-details
 * errors, the console guard and every feature's routes. Does not listen and starts no job; see
 * `startServer`. Nothing happens at import time and nothing is global.
 */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config, logger } = options
  const context = createContext(options)
  const app: FastifyInstance = Fastify<Server, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: requestIdOf(config.trustProxy),
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    rewriteUrl: requestTargetRewriter(config.publicUrl),
  })
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
    const refusal = refusedTarget(request.raw)
    if (refusal !== undefined) throw new ServerError(refusal)
  })
  registerErrorHandling(app, context)
  if (context.scrapeMetrics !== undefined) registerRequestMetrics(app, context.metrics)
  registerSecurityHeaders(app, { https: config.publicUrl.startsWith('https://') })
  await app.register(formbody, { bodyLimit: config.bodyLimit })
  await app.register(cookie, {
    secret: Buffer.from(context.keys.session),
    parseOptions: { httpOnly: true, sameSite: 'lax', path: '/' },
  })
  // Before the guard: a refused request costs no session lookup.
  await registerRateLimits(app, context)
  registerConsoleGuard(app, { sessions: context.sessions, publicUrl: config.publicUrl })
  registerApiGuard(app, {
    publicUrl: config.publicUrl,
    session: async (request) => context.sessions.read(request),
    token: async (value, request) => resolveToken(context, value, request.ip),
  })
  for (const feature of context.features) {
    const routes = feature.routes
    if (routes !== undefined) await app.register(async (scope) => routes(scope, context))
  }
  await app.ready()
  return { app, context }
}
