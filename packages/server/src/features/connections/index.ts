import type { Feature } from '../feature.js'
import { connectionsApi } from './api-routes.js'

export { createSqlConnectionStore, listActiveConnectionsForSchools, type SqlConnectionStoreOptions } from './store.js'
export type { ConnectionTables } from './table.js'

/**
 * LTI connections of the platform role, the administrators' side: the application catalog,
 * applications, their LTI 1.1 / 1.3 connections, enabled schools, Dynamic Registration approval.
 */
export const connectionsFeature: Feature = {
  name: 'platform-connections',
  routes: async (app, ctx) => {
    await app.register(async (scope) => connectionsApi(scope, ctx))
  },
}
