import type { GradeOutboxItem, OutboxSettlement } from '../records.js'
import type { ToolRuntime } from '../internal/runtime.js'
import type { DeliveryLanes } from './lanes.js'
import {
  backoffDelay,
  classifyFailure,
  type DeliveryFailure,
  isPlatformWide,
  type RetryPolicy,
} from './policy.js'
import { sendAgsScore, sendOutcome, type SendOutcome } from './send.js'

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
  readonly items: readonly DeliveryItemReport[]
}

export interface DeliveryItemReport {
  readonly id: string
  readonly state: OutboxSettlement['state']
  readonly status?: number
  readonly error?: string
  /** Delivered because the platform showed it held this score already (a lost answer). */
  readonly alreadyHeld?: true
  /** Not sent in this run: its platform asked to wait (the attempt is not counted). */
  readonly deferred?: true
}

/** What the worker needs: the runtime, the retry policy and the instance's platform lanes. */
export interface DeliveryContext {
  readonly runtime: ToolRuntime
  readonly policy: RetryPolicy
  /** Shared by every run of one tool instance. */
  readonly lanes: DeliveryLanes
}

function attempt(context: DeliveryContext, item: GradeOutboxItem): Promise<SendOutcome> {
  const target = item.target
  return target.kind === 'ags'
    ? sendAgsScore(context.runtime, item, target)
    : sendOutcome(context.runtime, item, target)
}

const statusOf = (status: number | undefined): { status?: number } =>
  status === undefined ? {} : { status }

async function recordFailure(
  context: DeliveryContext,
  lanes: DeliveryLanes,
  item: GradeOutboxItem,
  failure: DeliveryFailure,
): Promise<DeliveryItemReport> {
  const { runtime, policy } = context
  const attempts = item.attempts + 1
  const at = runtime.clock()
  const status = failure.status === undefined ? {} : { lastStatus: failure.status }
  if (failure.retryable && attempts < policy.maxAttempts) {
    const nextAttemptAt = at + backoffDelay(policy, attempts, failure.retryAfterMs)
    if (isPlatformWide(failure)) lanes.wait(item.platformKey, nextAttemptAt)
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

/** Sends one item and records how the attempt ended. */
async function deliverOne(
  context: DeliveryContext,
  lanes: DeliveryLanes,
  item: GradeOutboxItem,
): Promise<DeliveryItemReport> {
  const { runtime } = context
  let outcome: SendOutcome
  try {
    outcome = await attempt(context, item)
  } catch (error) {
    return recordFailure(context, lanes, item, classifyFailure(error))
  }
  const attempts = item.attempts + 1
  await runtime.ports.gradeOutbox.settle(item.id, {
    state: 'delivered',
    at: runtime.clock(),
    attempts,
  })
  runtime.emit({ type: 'grade.delivered', itemId: item.id, attempts })
  return {
    id: item.id,
    state: 'delivered',
    ...(outcome === 'already-held' ? { alreadyHeld: true } : {}),
  }
}

/** Puts back, uncounted, an item whose platform asked to wait before it was sent. */
async function defer(
  runtime: ToolRuntime,
  item: GradeOutboxItem,
  until: number,
): Promise<DeliveryItemReport> {
  const error = 'not sent: the platform asked to wait (rate limited, down or not answering)'
  await runtime.ports.gradeOutbox.settle(item.id, {
    state: 'pending',
    at: runtime.clock(),
    attempts: item.attempts,
    nextAttemptAt: until,
    lastError: item.lastError ?? error,
    ...(item.lastStatus === undefined ? {} : { lastStatus: item.lastStatus }),
  })
  return { id: item.id, state: 'pending', error, deferred: true }
}

/**
 * One platform's items, at most `concurrencyPerPlatform` in flight; once the platform asks to
 * wait (429, 503, no answer) the items not yet sent go back, due when the wait ends.
 */
async function deliverPlatform(
  context: DeliveryContext,
  lanes: DeliveryLanes,
  items: readonly GradeOutboxItem[],
  runAt: number,
): Promise<DeliveryItemReport[]> {
  const results = new Array<DeliveryItemReport>(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next
      next += 1
      const item = items[index] as GradeOutboxItem
      // The run's own time counts too (a run for a later `now` is past the waits before it).
      const at = Math.max(runAt, context.runtime.clock())
      const until = lanes.waitingUntil(item.platformKey, at)
      results[index] =
        until === undefined
          ? await deliverOne(context, lanes, item)
          : await defer(context.runtime, item, until)
    }
  }
  const width = Math.min(context.policy.concurrencyPerPlatform, items.length)
  await Promise.all(Array.from({ length: width }, lane))
  return results
}

function byPlatform(items: readonly GradeOutboxItem[]): Map<string, GradeOutboxItem[]> {
  const groups = new Map<string, GradeOutboxItem[]>()
  for (const item of items) {
    groups.set(item.platformKey, [...(groups.get(item.platformKey) ?? []), item])
  }
  return groups
}

/**
 * One run of the grade delivery worker: claims the due items (leased, so parallel workers never
 * send the same one), sends each platform's items independently of the others, at most
 * `concurrencyPerPlatform` in flight per platform, and records each outcome: delivered (also when
 * a 409 shows the platform holds the score already: an earlier attempt's answer was lost);
 * retried later with exponential backoff and jitter that honours `Retry-After` (408, 425, 429,
 * 5xx, network, no answer within the tool's `serviceTimeoutMs`); or dead after `maxAttempts` or
 * on an answer that will not change (400, 401 after a fresh token, 403, 404, 409, 422). Every
 * attempt sends the score's original timestamp.
 *
 * Runs may overlap: a run skips platforms another run of this instance is sending to or that
 * asked to wait (429, 503, no answer), so one hanging or throttling platform delays only its own
 * grades. Call it on a schedule (every few seconds) without waiting for the previous run.
 *
 * @example
 * setInterval(() => void tool.grades.deliverDue(), 5_000)
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export async function deliverDueGrades(
  context: DeliveryContext,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const { lanes } = context
  const now = options.now ?? context.runtime.clock()
  const limit = options.limit ?? 100
  const groups = await lanes.claim(now, async (skipPlatforms) => {
    const claimed = await context.runtime.ports.gradeOutbox.claimDue(
      now,
      limit,
      now + context.policy.leaseMs,
      { skipPlatforms },
    )
    const grouped = byPlatform(claimed)
    return { items: grouped, platforms: [...grouped.keys()] }
  })
  const reports = await Promise.all(
    [...groups].map(([platform, items]) =>
      deliverPlatform(context, lanes, items, now).finally(() => lanes.release(platform)),
    ),
  )
  const items = reports.flat()
  return {
    claimed: items.length,
    delivered: items.filter((i) => i.state === 'delivered').length,
    retried: items.filter((i) => i.state === 'pending').length,
    dead: items.filter((i) => i.state === 'dead').length,
    items,
  }
}
