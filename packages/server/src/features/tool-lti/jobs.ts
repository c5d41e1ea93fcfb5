import type { JobContext } from '../../context.js'
import type { IntervalJob } from '../../jobs/runner.js'
import { purgeExpiredSessions } from '@ltihub/kysely/tool'
import { ltiToolOf } from './tool.js'

/** Grade delivery runs often: a learner expects the grade in the LMS within seconds. */
export const GRADE_DELIVERY_INTERVAL_MS = 3_000
/** Scheduled member sync ("synchronise users by a scheduled task"). */
export const MEMBER_SYNC_INTERVAL_MS = 15 * 60_000
const SESSION_PURGE_INTERVAL_MS = 10 * 60_000

/**
 * The tool role's background work: the tool layer's grade delivery over the SQL outbox (claims are
 * atomic, so several instances may run it), the scheduled member sync, and the session purge.
 */
export function toolLtiJobs(ctx: JobContext): IntervalJob[] {
  const tool = ltiToolOf(ctx)
  return [
    {
      name: 'tool.grades.deliver',
      intervalMs: GRADE_DELIVERY_INTERVAL_MS,
      // A run waiting on a silent platform (up to the tool's service timeout) must not hold back
      // the other platforms' grades: the next run starts anyway and skips that platform.
      overlapAfterMs: GRADE_DELIVERY_INTERVAL_MS,
      run: async () => {
        const report = await tool.grades.deliverDue()
        return {
          claimed: report.claimed,
          delivered: report.delivered,
          retried: report.retried,
          dead: report.dead,
        }
      },
    },
    {
      name: 'tool.members.sync',
      intervalMs: MEMBER_SYNC_INTERVAL_MS,
      run: async () => ({ contexts: (await tool.roster.syncScheduled()).length }),
    },
    {
      name: 'tool.sessions.purge',
      intervalMs: SESSION_PURGE_INTERVAL_MS,
      run: async () => ({ purged: await purgeExpiredSessions(ctx.db, ctx.clock()) }),
    },
  ]
}
