/**
 * What the API and the console share: applications with their lozenges, and lookups that
 * answer 404.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { HttpProblem } from '../../http/problems.js'
import { platformIssuer } from '../platform-lti/urls.js'
import { getApplication, listApplications } from './application-repository.js'
import { getConnection, listConnections } from './connection-repository.js'
import type { ApplicationView, ConnectionView } from './model.js'
import type { ConnectionType } from './table.js'

/** The platform issuer, exactly as the platform runtime signs with it. */
export const issuerOf = (publicUrl: string): string => platformIssuer(publicUrl)

export interface ApplicationSummary extends ApplicationView {
  readonly enabledTypes: ConnectionType[]
  readonly connectionCount: number
}

/** The types at least one active connection turned on: the ✓ lozenges. */
function enabledTypesOf(connections: readonly ConnectionView[]): ConnectionType[] {
  const on = new Set(connections.filter((c) => c.status === 'active').flatMap((c) => c.types))
  return [...on].sort()
}

export async function applicationSummary(db: Kysely<Database>, app: ApplicationView) {
  const connections = await listConnections(db, app.id)
  const summary: ApplicationSummary = {
    ...app,
    enabledTypes: enabledTypesOf(connections),
    connectionCount: connections.length,
  }
  return { summary, connections }
}

export async function applicationSummaries(db: Kysely<Database>): Promise<ApplicationSummary[]> {
  const apps = await listApplications(db)
  return Promise.all(apps.map(async (app) => (await applicationSummary(db, app)).summary))
}

export async function requireApplication(db: Kysely<Database>, id: string) {
  const app = await getApplication(db, id)
  if (app === undefined) throw new HttpProblem(404, `no application ${id}`)
  return app
}

export async function requireConnection(db: Kysely<Database>, id: string) {
  const connection = await getConnection(db, id)
  if (connection === undefined) throw new HttpProblem(404, `no connection ${id}`)
  return connection
}
