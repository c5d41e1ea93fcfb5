import { OPERATORS } from '../../console/access.js'
import type { JobContext } from '../../context.js'
import type { Feature } from '../feature.js'
import type { IntervalJob } from '../../jobs/runner.js'
import { ACCOUNTS } from './paths.js'
import { accountRoutes } from './routes.js'
import { announceSetup, setupRoutes } from './setup.js'
import { passwordSignInMethod, passwordSignInRoutes } from './sign-in.js'

/** How often ended sessions are deleted (a live check happens at every read anyway). */
export const SESSION_PURGE_INTERVAL_MS = 10 * 60 * 1000

function sessionPurgeJob(ctx: JobContext): IntervalJob {
  return {
    name: 'sessions.purge',
    intervalMs: SESSION_PURGE_INTERVAL_MS,
    run: async () => ({ purged: await ctx.sessions.purgeExpired() }),
  }
}

/**
 * Console accounts and sessions, on every instance: credentials of any person, console-only
 * people (administrators, authors), password sign-in, the first administrator's setup, and the
 * pages to manage accounts and sessions.
 */
export const accountsFeature: Feature = {
  name: 'accounts',
  routes: async (app, ctx) => {
    await passwordSignInRoutes(app, ctx)
    await setupRoutes(app, ctx)
    await accountRoutes(app, ctx)
  },
  nav: [
    { section: 'personal', label: 'My account', href: ACCOUNTS.mine, order: 1 },
    {
      section: 'instance',
      label: 'Console accounts',
      href: ACCOUNTS.list,
      order: 2,
      roles: OPERATORS,
    },
  ],
  jobs: (ctx) => [sessionPurgeJob(ctx)],
  onStart: announceSetup,
  signInMethods: [passwordSignInMethod],
}

export { ensurePerson } from './ensure-person.js'
export type { Identity } from './identity.js'
export { normalizeEmail, type Person, type PeopleSource } from './people.js'
