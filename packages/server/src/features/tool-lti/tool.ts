import { AsyncLocalStorage } from 'node:async_hooks'
import {
  createLtiTool,
  isCodedError,
  type LaunchContext,
  type LtiTool,
  type ToolEvent,
  type ToolPorts,
} from '@ltihub/tool'
import type { FastifyRequest } from 'fastify'
import type { JobContext } from '../../context.js'
import { noteLti11Failure } from '../rate-limit/bad-signature.js'
import { allowsInsecureLoopback, USER_AGENT } from '../../outbound/index.js'
import { kyselyToolPorts } from '@ltihub/kysely/tool'
import { registrationAdmission } from './registration-admission.js'

/** Where the tool's LTI endpoints live under the server's public URL. */
export const TOOL_BASE_PATH = '/tool/'

/** Where a learner lands after a launch (one page per launch session). */
export const learnerPath = (sessionId: string): string =>
  `/tool/learn/${encodeURIComponent(sessionId)}`

/** Every tool-layer port, in SQL (`@ltihub/kysely`), over the server's database. */
export function sqlToolPorts(ctx: JobContext): ToolPorts {
  return {
    ...kyselyToolPorts(ctx.db, {
      cipher: ctx.cipher,
      keys: { keyRing: () => ctx.signingKeys.ring('tool') },
      clock: ctx.clock,
      dialect: ctx.config.database.dialect,
    }),
    // The server's one nonce store (shared with the platform role and the purge job).
    nonces: ctx.nonces,
  }
}

function onLaunch(launch: LaunchContext): Response {
  return new Response(null, { status: 303, headers: { location: learnerPath(launch.sessionId) } })
}

/** The outbound client's connect, header and body limits in a row, within the tool's bound. */
function serviceTimeoutOf(outbound: JobContext['config']['outbound']): number {
  const total = outbound.connectTimeoutMs + outbound.headersTimeoutMs + outbound.bodyTimeoutMs
  return Math.min(total, 300_000)
}

/**
 * The code of the coded failure under a failure (an outbound refusal under an unreachable key
 * set, say): the operator learns why, and the code carries no request data.
 */
function causeCodeOf(error: unknown): string | undefined {
  let cause = error instanceof Error ? error.cause : undefined
  for (let depth = 0; depth < 5 && cause instanceof Error; depth += 1) {
    if (isCodedError(cause)) return cause.code
    cause = cause.cause
  }
  return undefined
}

/** The platform label of an outbox item (`lti13:<registration>` or `lti11:<consumer key>`). */
async function platformOfItem(ctx: JobContext, itemId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('tool_grade_outbox')
    .select('platform_key')
    .where('id', '=', itemId)
    .executeTakeFirst()
  return row?.platform_key ?? 'unknown'
}

const DELIVERY_OUTCOMES = {
  'grade.delivered': 'delivered',
  'grade.retry': 'retry',
  'grade.dead': 'dead',
} as const

/** Reports the tool layer's events to the metrics port (launches, refusals, deliveries). */
function countEvent(ctx: JobContext, event: ToolEvent): void {
  switch (event.type) {
    case 'launch.succeeded':
      ctx.metrics.launch('tool', event.ltiVersion)
      return
    case 'request.failed':
      ctx.metrics.refusal('tool', event.endpoint, event.code)
      return
    case 'grade.delivered':
    case 'grade.retry':
    case 'grade.dead': {
      // The event names the item, not its platform: look it up, only with METRICS on.
      if (ctx.scrapeMetrics === undefined) return
      const outcome = DELIVERY_OUTCOMES[event.type]
      void platformOfItem(ctx, event.itemId).then(
        (platform) => ctx.metrics.delivery(platform, outcome),
        (error: unknown) => ctx.logger.warn({ err: error }, 'delivery metric lost'),
      )
      return
    }
    default:
      return
  }
}

const instances = new WeakMap<object, LtiTool>()

/**
 * The HTTP request the tool layer is handling: its events carry no request, so a failure is tied
 * back to the request it ended (the rate limits count wrong LTI 1.1 signatures per request).
 */
const requestInFlight = new AsyncLocalStorage<FastifyRequest>()

/** Runs the tool layer for `request`, so its failure events can be tied to it. */
export function handleForRequest<T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> {
  return requestInFlight.run(request, run)
}

/**
 * The tool of this server instance, built once per database handle (routes, jobs and the learner
 * pages share it, so they share its token cache and key-set cache).
 */
export function ltiToolOf(ctx: JobContext): LtiTool {
  const existing = instances.get(ctx.db)
  if (existing !== undefined) return existing
  const logger = ctx.logger.child({ component: 'tool' })
  const tool = createLtiTool({
    ports: sqlToolPorts(ctx),
    publicUrl: new URL(TOOL_BASE_PATH, ctx.config.publicUrl).href,
    userAgent: USER_AGENT,
    // Every call to a platform (keys, tokens, grades, rosters, registration) goes through the
    // server's one outbound client: address policy, timeouts, size cap.
    fetch: ctx.outbound,
    // The whole call (token, score, roster page) may take what the outbound client's phases allow
    // together; a grade delivery abandoned then is retried later, and other platforms go on.
    serviceTimeoutMs: serviceTimeoutOf(ctx.config.outbound),
    toolName: 'ltihub',
    onLaunch,
    clock: ctx.clock,
    onEvent: (event) => {
      countEvent(ctx, event)
      if (event.type === 'request.failed') {
        // Private detail goes to the log only; the error object may hold request data.
        const { error, ...rest } = event
        const causeCode = causeCodeOf(error)
        logger.warn(causeCode === undefined ? rest : { ...rest, causeCode }, 'tool request failed')
        noteLti11Failure(requestInFlight.getStore(), event.code)
      } else if (event.type === 'roster.failed') {
        logger.warn({ publicationId: event.publicationId }, 'member sync failed')
      } else {
        logger.info(event, event.type)
      }
    },
    // The registration page is open to anyone: it calls through the outbound client, refuses
    // storing URLs that resolve to internal addresses, and registers while an administrator
    // accepts Dynamic Registration and few registrations wait.
    dynamicRegistration: {
      fetch: ctx.outbound,
      checkUrl: (url) => ctx.outbound.check(url),
      admission: () => registrationAdmission(ctx.db),
    },
    ...(allowsInsecureLoopback(ctx.config) ? { dangerouslyAllowInsecureLoopback: true } : {}),
  })
  instances.set(ctx.db, tool)
  return tool
}
