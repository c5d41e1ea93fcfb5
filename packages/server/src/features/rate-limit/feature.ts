import type { JobContext } from '../../context.js'
import type { IntervalJob } from '../../jobs/runner.js'
import type { Feature } from '../feature.js'
import { purgeEndedWindows } from './sql-store.js'

/** How often counters of ended windows are deleted (a dead row is harmless meanwhile). */
export const RATE_LIMIT_PURGE_INTERVAL_MS = 10 * 60 * 1000

function purgeJob(ctx: JobContext): IntervalJob {
  return {
    name: 'rate-limits.purge',
    intervalMs: RATE_LIMIT_PURGE_INTERVAL_MS,
    run: async () => ({ purged: await purgeEndedWindows(ctx.db, ctx.clock()) }),
  }
}

/**
 * Rate limits: the hooks are registered by the composition root (see limits.ts); this feature
 * keeps the database counters' table small when they live there.
 */
export const rateLimitFeature: Feature = {
  name: 'rate-limits',
  jobs: (ctx) => (ctx.config.rateLimits.store === 'database' ? [purgeJob(ctx)] : []),
}
