import type { JobContext } from '../context.js'
import type { Feature } from '../features/feature.js'
import type { IntervalJob } from '../jobs/runner.js'
import { purgeExpiredNonces } from '@ltihub/kysely/sql'

/** How often expired nonces are deleted. Expired rows are harmless meanwhile (consume ignores them). */
export const NONCE_PURGE_INTERVAL_MS = 10 * 60 * 1000

/** Deletes expired nonces, bounding the table to the nonces still live. */
export function noncePurgeJob(ctx: JobContext): IntervalJob {
  return {
    name: 'nonces.purge',
    intervalMs: NONCE_PURGE_INTERVAL_MS,
    run: async () => ({ purged: await purgeExpiredNonces(ctx.db, ctx.clock()) }),
  }
}

export const nonceFeature: Feature = {
  name: 'nonces',
  jobs: (ctx) => [noncePurgeJob(ctx)],
}
