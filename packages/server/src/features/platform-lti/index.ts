/**
 * The platform role's LTI runtime: launches (OIDC login, id_token), deep linking, AGS, NRPS,
 * Basic Outcomes, Dynamic Registration and the launch pages, wired from the platform layer to
 * Fastify with SQL storage. Routes and paths: see `urls.ts`.
 */
import { LEARNING_TOOL_USERS } from '../../console/access.js'
import type { Feature } from '../feature.js'
import { consoleRoutes } from './console-routes.js'
import { createPlatformRuntime, type LmsPorts } from './deps.js'
import { platformHome } from './home.js'
import { launchRoutes } from './launch-routes.js'
import { serviceRoutes } from './service-routes.js'
import { sqlLmsPorts } from './sql-ports.js'
import { purgeExpiredLaunchState } from './stores/one-time.js'
import { CONSOLE, ROUTES } from './urls.js'

export { type LmsPorts, type PlatformRuntime } from './deps.js'
export { platformEndpoints, platformIssuer, ROUTES, CONSOLE } from './urls.js'
export { sqlResourceLinkStore, sqlEmbeddedContentStore } from './stores/resource-links.js'
export { sqlLineItemStore, sqlResultStore } from './stores/grades.js'
export {
  sqlDeepLinkingSessionStore,
  sqlLaunchIntentStore,
  sqlRegistrationTokenStore,
} from './stores/one-time.js'
export { sqlSourcedIdStore } from './stores/sourced-ids.js'
export { copyLtiPlacements, type PlacementCopy } from './stores/copy.js'

/** How often expired launch intents, deep linking sessions and registration tokens are removed. */
const PURGE_INTERVAL_MS = 10 * 60_000

/**
 * The feature, given the LMS ports of the school and connection features.
 * @example
 * export const platformLtiFeature = createPlatformLtiFeature(sqlLmsPorts)
 */
export function createPlatformLtiFeature(ports: LmsPorts): Feature {
  return {
    name: 'platform-lti',
    async routes(app, ctx) {
      const runtime = await createPlatformRuntime(ctx, ports)
      await app.register(async (scope) => serviceRoutes(scope, runtime))
      await app.register(async (scope) => launchRoutes(scope, runtime))
      await app.register(async (scope) => consoleRoutes(scope, runtime))
    },
    nav: [
      {
        section: 'platform',
        label: 'Learning Tools',
        href: CONSOLE.learningTools,
        order: 40,
        roles: LEARNING_TOOL_USERS,
      },
    ],
    home: (ctx, principal) => platformHome(ctx, ports, principal),
    publicLinks: () => [
      {
        role: 'platform',
        label: 'OpenID configuration',
        path: ROUTES.openidConfiguration,
        note: 'What tools read during LTI Dynamic Registration.',
      },
    ],
    jobs: (ctx) => [
      {
        name: 'platform-lti.purge-launch-state',
        intervalMs: PURGE_INTERVAL_MS,
        run: async () => ({ deleted: await purgeExpiredLaunchState(ctx.db, ctx.clock()) }),
      },
    ],
  }
}

/** The runtime on the school model's and the connections' SQL ports. */
export const platformLtiFeature: Feature = createPlatformLtiFeature(sqlLmsPorts)
