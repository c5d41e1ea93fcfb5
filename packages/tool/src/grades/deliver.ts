import type { GradeOutboxItem, OutboxSettlement } from '../records.js'
import { backoffDelay, classifyFailure, type RetryPolicy } from './policy.js'
import type { ToolRuntime } from '../internal/runtime.js'
import { sendAgsScore, sendOutcome } from './send.js'

/** Options of one {@link deliverDueGrades} run. */
export interface DeliverOptions {
  /** The run's time (epoch ms); defaults to the tool's clock. */
  readonly now?: number
  /** Items claimed in this run at most. Default 100. */
  readonly limit?: number
}

/** What one run did, item by item. */
export interface DeliveryReport {
  readonly claimed: number
  readonly delivered: number
  readonly retried: number
  readonly dead: number
  readonly items: readonly {
    readonly id: string
    readonly state: OutboxSettlement['state']
    readonly status?: number
    readonly error?: string
  }[]
}

/** What the worker needs: the runtime plus the retry policy. */
export interface DeliveryContext {
  readonly runtime: ToolRuntime
  readonly policy: RetryPolicy
}

async function attempt(context: DeliveryContext, item: GradeOutboxItem): Promise<void> {
  const target = item.target
  if (target.kind === 'ags') await sendAgsScore(context.runtime, item, target)
  else await sendOutcome(context.runtime, item, target)
}

/** Sends one item and records how the attempt ended. */
async function deliverOne(
  context: DeliveryContext,
  item: GradeOutboxItem,
): Promise<DeliveryReport['items'][number]> {
  const { runtime, policy } = context
  const attempts = item.attempts + 1
  try {
    await attempt(context, item)
    await runtime.ports.gradeOutbox.settle(item.id, {
      state: 'delivered',
      at: runtime.clock(),
      attempts,
    })
    runtime.emit({ type: 'grade.delivered', itemId: item.id, attempts })
    return { id: item.id, state: 'delivered' }
  } catch (error) {
    const failure = classifyFailure(error)
    const at = runtime.clock()
    const status = failure.status === undefined ? {} : { lastStatus: failure.status }
    if (failure.retryable && attempts < policy.maxAttempts) {
      const nextAttemptAt = at + backoffDelay(policy, attempts, failure.retryAfterMs)
      await runtime.ports.gradeOutbox.settle(item.id, {
        state: 'pending',
        at,
        attempts,
        nextAttemptAt,
        lastError: failure.message,
        ...status,
      })
      runtime.emit({ type: 'grade.retry', itemId: item.id, attempts, error: failure.message })
      return { id: item.id, state: 'pending', ...statusOf(failure.status), error: failure.message }
    }
    await runtime.ports.gradeOutbox.settle(item.id, {
      state: 'dead',
      at,
      attempts,
      lastError: failure.message,
      ...status,
    })
    runtime.emit({ type: 'grade.dead', itemId: item.id, attempts, error: failure.message })
    return { id: item.id, state: 'dead', ...statusOf(failure.status), error: failure.message }
  }
}

function statusOf(status: number | undefined): { status?: number } {
  return status === undefined ? {} : { status }
}

/** Runs `tasks` with at most `limit` in flight, keeping the order of results. */
async function limited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next
      next += 1
      results[index] = await task(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}

/**
 * One run of the grade delivery worker: claims the due items (leased, so parallel workers never
 * send the same one), sends them with at most `concurrencyPerPlatform` in flight per platform,
 * and records each outcome: delivered; retried later with exponential backoff and jitter that
 * honours `Retry-After` (408, 425, 429, 5xx, network); or dead after `maxAttempts` or on an
 * answer that will not change (400, 401 after a fresh token, 403, 404, 409, 422). Every attempt
 * sends the score's original timestamp. Call it on a schedule (every few seconds).
 *
 * @example
 * setInterval(() => void tool.grades.deliverDue(), 5_000)
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function deliverDueGrades(
  context: DeliveryContext,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const now = options.now ?? context.runtime.clock()
  const limit = options.limit ?? 100
  const claimed = await context.runtime.ports.gradeOutbox.claimDue(
    now,
    limit,
    now + context.policy.leaseMs,
  )
  const byPlatform = new Map<string, GradeOutboxItem[]>()
  for (const item of claimed) {
    byPlatform.set(item.platformKey, [...(byPlatform.get(item.platformKey) ?? []), item])
  }
  const groups = await Promise.all(
    [...byPlatform.values()].map((items) =>
      limited(items, context.policy.concurrencyPerPlatform, (item) => deliverOne(context, item)),
    ),
  )
  const items = groups.flat()
  return {
    claimed: claimed.length,
    delivered: items.filter((i) => i.state === 'delivered').length,
    retried: items.filter((i) => i.state === 'pending').length,
    dead: items.filter((i) => i.state === 'dead').length,
    items,
  }
}
