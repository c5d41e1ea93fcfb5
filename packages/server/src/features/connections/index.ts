import { DISTRICT_ADMINISTRATORS } from '../../console/access.js'
import type { Feature } from '../feature.js'
import { connectionsApi } from './api-routes.js'
import { registrationConsoleRoutes } from './console-registrations.js'
import { applicationConsoleRoutes } from './console-routes.js'
import { connectionsHome } from './home.js'
import { seedDemoCatalog } from './seed.js'
import { seedOwnToolConnection } from './seed-own-tool.js'

export {
  createSqlConnectionStore,
  listActiveConnectionsForSchools,
  type SqlConnectionStoreOptions,
} from './store.js'
export type { ConnectionTables } from './table.js'

/**
 * LTI connections of the platform role, the administrators' side: the application catalog,
 * applications, their LTI 1.1 / 1.3 connections, enabled schools, Dynamic Registration approval.
 */
export const connectionsFeature: Feature = {
  name: 'platform-connections',
  routes: async (app, ctx) => {
    await app.register(async (scope) => connectionsApi(scope, ctx))
    await app.register(async (scope) => applicationConsoleRoutes(scope, ctx))
    await app.register(async (scope) => registrationConsoleRoutes(scope, ctx))
  },
  nav: [
    {
      section: 'platform',
      label: 'Digital Learning Applications',
      href: '/console/platform/applications',
      order: 20,
      roles: DISTRICT_ADMINISTRATORS,
    },
    {
      section: 'platform',
      label: 'Tool Registrations',
      href: '/console/platform/registrations',
      order: 21,
      roles: DISTRICT_ADMINISTRATORS,
    },
  ],
  home: connectionsHome,
  seeders: [
    { name: 'platform.connections-catalog', seed: seedDemoCatalog },
    { name: 'platform.own-tool-connection', seed: seedOwnToolConnection },
  ],
}
