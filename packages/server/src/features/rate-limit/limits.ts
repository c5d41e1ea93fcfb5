import rateLimit, { type RateLimitOptions, type RateLimitPluginOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Redis } from 'ioredis'
import type { RateLimitSetting } from '../../config/index.js'
import type { AppContext } from '../../context.js'
import { sha256Base64url } from '../../security/digest.js'
import './bad-signature.js'
import { type ReplyKind, sendRateLimited } from './replies.js'
import {
  addressOf,
  REQUEST_RULES,
  type RequestRule,
  signatureTargetOf,
  type Stage,
} from './rules.js'
import { sqlRateLimitStore } from './sql-store.js'

type Limiter = ReturnType<FastifyInstance['createRateLimit']>

/** A refusal: how long the caller should wait. */
interface Refusal {
  readonly retryAfterSeconds: number
}

/** Counter keys: the rule and a hash of the subject, never an address or a token in clear. */
const counterKey = (id: string, subject: string): string => `${id}:${sha256Base64url(subject)}`

/** Memory holds this many keys per limit (least recently used go first). */
const MEMORY_KEYS = 50_000

function storeOptions(app: FastifyInstance, ctx: AppContext): RateLimitPluginOptions {
  const { rateLimits } = ctx.config
  if (rateLimits.store === 'database') return { store: sqlRateLimitStore(ctx.db, ctx.clock) }
  if (rateLimits.store === 'memory' || rateLimits.redisUrl === undefined) return {}
  // Fail fast while Redis is away (each request is let through with an error in the log)
  // rather than queueing commands behind a reconnect.
  const redis = new Redis(rateLimits.redisUrl.reveal(), {
    connectTimeout: 2000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  })
  const log = ctx.logger.child({ component: 'rate-limit' })
  redis.on('error', (error: Error) => log.warn({ err: { message: error.message } }, 'redis error'))
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect())
  })
  return { redis, nameSpace: rateLimits.redisPrefix }
}

/**
 * Runs a limiter and says whether to refuse. `counting` limits refuse past `max` requests;
 * peeks (failure limits) refuse once `max` failures are on record. A store failure lets the
 * request through and logs an error: limits must not take the service down with them.
 */
async function judge(
  limiter: Limiter,
  request: FastifyRequest,
  mode: 'count' | 'peek',
): Promise<Refusal | undefined> {
  try {
    const result = await limiter(request, mode === 'peek' ? { increment: false } : undefined)
    if (result.isAllowed) return undefined
    const refused = mode === 'peek' ? result.remaining === 0 : result.isExceeded
    return refused ? { retryAfterSeconds: result.ttlInSeconds } : undefined
  } catch (error) {
    request.log.error({ err: error }, 'rate-limit counter unavailable; request let through')
    return undefined
  }
}

interface BoundRule {
  readonly rule: RequestRule
  readonly limiter: Limiter
}

function limiterFor(
  app: FastifyInstance,
  setting: RateLimitSetting,
  key: (request: FastifyRequest) => string,
): Limiter {
  const options: RateLimitOptions = {
    max: setting.max,
    timeWindow: setting.windowMs,
    keyGenerator: key,
    // Each limiter gets its own child store; in memory, `cache` bounds its keys.
    cache: MEMORY_KEYS,
  }
  return app.createRateLimit(options)
}

function requestLimits(app: FastifyInstance, ctx: AppContext, stage: Stage) {
  const bound: BoundRule[] = REQUEST_RULES.filter((rule) => rule.stage === stage).map((rule) => ({
    rule,
    limiter: limiterFor(app, ctx.config.rateLimits[rule.limit], (request) =>
      counterKey(rule.id, rule.subject(request, ctx) ?? ''),
    ),
  }))
  return async (request: FastifyRequest, reply: FastifyReply) => {
    for (const { rule, limiter } of bound) {
      if (rule.subject(request, ctx) === undefined) continue
      const refusal = await judge(limiter, request, 'count')
      if (refusal !== undefined) {
        request.log.warn({ limit: rule.id }, 'rate limit reached')
        return sendRateLimited(ctx, request, reply, rule.reply, refusal.retryAfterSeconds)
      }
    }
    return undefined
  }
}

/**
 * LTI 1.1 wrong signatures, counted per consumer key and address and per address alone. Only
 * failures count (an endpoint marks them, see bad-signature.ts); a request is refused before it
 * is verified once its key and address, or its address, has used up its failures.
 */
function signatureLimits(app: FastifyInstance, ctx: AppContext) {
  const { lti11BadSignature, lti11BadSignatureAddress } = ctx.config.rateLimits
  const keyOf = (request: FastifyRequest) =>
    `${signatureTargetOf(request)?.consumerKey ?? ''}\n${addressOf(request)}`
  const perKey = limiterFor(app, lti11BadSignature, (r) => counterKey('lti11-sig', keyOf(r)))
  const perAddress = limiterFor(app, lti11BadSignatureAddress, (r) =>
    counterKey('lti11-sig-address', addressOf(r)),
  )
  const check = async (request: FastifyRequest, reply: FastifyReply) => {
    const target = signatureTargetOf(request)
    if (target === undefined) return undefined
    const refusal =
      (await judge(perKey, request, 'peek')) ?? (await judge(perAddress, request, 'peek'))
    if (refusal === undefined) return undefined
    request.log.warn({ limit: 'lti11-bad-signature' }, 'rate limit reached')
    return sendRateLimited(ctx, request, reply, target.reply, refusal.retryAfterSeconds)
  }
  // Counted before the answer leaves, so the caller's next request already sees the count.
  const record = async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    if (request.badLti11Signature && signatureTargetOf(request) !== undefined) {
      await judge(perKey, request, 'count')
      await judge(perAddress, request, 'count')
    }
    return payload
  }
  return { check, record }
}

/**
 * Registers `@fastify/rate-limit` with the configured counters (memory, the database or Redis)
 * and the limits of {@link REQUEST_RULES} and LTI 1.1 wrong signatures as root hooks, so every
 * feature's routes are covered by pattern, including routes added later. Refusals answer 429
 * with `Retry-After` and `ERR_LTI_RATE_LIMITED` in the endpoint's own error form.
 */
export async function registerRateLimits(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(rateLimit, { global: false, ...storeOptions(app, ctx) })
  app.decorateRequest('badLti11Signature', false)
  app.addHook('onRequest', requestLimits(app, ctx, 'onRequest'))
  const signatures = signatureLimits(app, ctx)
  const afterBody = requestLimits(app, ctx, 'preHandler')
  app.addHook('preHandler', async (request, reply) => {
    const refused = await afterBody(request, reply)
    return refused ?? signatures.check(request, reply)
  })
  app.addHook('onSend', signatures.record)
}

export type { ReplyKind }
