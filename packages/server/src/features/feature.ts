import type { FastifyInstance } from 'fastify'
import type { AppContext, JobContext } from '../context.js'
import type { HomePanel } from '../console/home.js'
import type { NavEntry } from '../console/nav.js'
import type { Principal } from '../console/session.js'
import type { SignInMethod } from '../console/sign-in-methods.js'
import type { PublicLink } from '../console/welcome.js'
import type { DemoSeeder } from '../demo/seed.js'
import type { IntervalJob } from '../jobs/runner.js'
import type { PeopleSource } from './accounts/people.js'

/**
 * One feature of the server: what it adds to the app. A feature lives in `features/<name>/`
 * (routes.ts, repository.ts, table.ts, service.ts, tests) and exports one `Feature` object, listed
 * in `features/index.ts` (always on), `platform-role.ts` or `tool-role.ts` (on with the role).
 * Every member is optional; the composition root wires what is present.
 */
export interface Feature {
  /** Unique, kebab-case, e.g. `grade-book`. */
  readonly name: string
  /**
   * Fastify routes, registered in their own encapsulated scope (hooks and decorators added here
   * stay here). Use `parseRequest` for input and throw LtiError/HttpProblem for errors.
   * Everything under `/console` requires a signed-in user, except `/console/sign-in*`.
   */
  readonly routes?: (app: FastifyInstance, ctx: AppContext) => Promise<void>
  /** Console navigation entries; each `href` must be a page this feature serves. */
  readonly nav?: readonly NavEntry[]
  /**
   * Panels of the signed-in person's home page (`/console`) for what they do here, e.g. a
   * teacher's sections. Return none for people this feature has nothing for; every link in a
   * panel must be one the person may open.
   */
  readonly home?: (ctx: AppContext, principal: Principal) => Promise<readonly HomePanel[]>
  /** Public URLs the welcome page at `/` lists (a JWKS, a registration URL). */
  readonly publicLinks?: (ctx: AppContext) => readonly PublicLink[]
  /** Background jobs (see jobs/runner.ts for the durability rules). */
  readonly jobs?: (ctx: JobContext) => readonly IntervalJob[]
  /** Idempotent demo data, run by `ltihub serve --demo` in feature order. */
  readonly seeders?: readonly DemoSeeder[]
  /** Work after migrations, before the server accepts requests (e.g. creating key rings). */
  readonly onStart?: (ctx: AppContext) => Promise<void>
  /** People the demo "sign in as" offers; only consulted when demo data is on. */
  readonly demoIdentities?: (ctx: AppContext) => Promise<readonly Principal[]>
  /** Panels on the console sign-in page (e.g. a password form posting to this feature's route). */
  readonly signInMethods?: readonly SignInMethod[]
  /** People this feature holds (e.g. the school's users), with their console roles. */
  readonly people?: PeopleSource
}
