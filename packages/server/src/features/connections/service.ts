/**
 * What the API and the console share: applications with their lozenges, connection tests run
 * as the signed-in user, and cartridge imports.
 */
import type { Kysely } from 'kysely'
import type { AppContext } from '../../context.js'
import type { Database } from '../../db/schema.js'
import { HttpProblem } from '../../http/problems.js'
import { platformEndpoints, platformIssuer } from '../platform-lti/urls.js'
import { ensureInstanceIdentity } from '../settings/instance.js'
import { getApplication, listApplications } from './application-repository.js'
import { getConnection, listConnections } from './connection-repository.js'
import { type FieldIssue, fieldErrors } from './fields.js'
import type { ApplicationView, ConnectionView } from './model.js'
import { createSqlConnectionStore } from './store.js'
import type { ConnectionType } from './table.js'
import { type TestResult, type TestTarget, testConnection } from './test-connection.js'

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

/**
 * The signed-in user as the tool will see them. "The user performing the test should have an
 * email address": refused (400, field `user.email`) without one.
 */
async function testUser(ctx: AppContext, principal: { id: string; name: string }) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'given_name', 'family_name', 'email'])
    .where('id', '=', principal.id)
    .executeTakeFirst()
  const email = user?.email?.trim() ?? ''
  if (user === undefined || email === '') {
    const issue: FieldIssue = {
      path: 'user.email',
      message: `${principal.name} has no email address: add one to your user record before testing a connection`,
    }
    throw fieldErrors([issue])
  }
  return { id: user.id, name: `${user.given_name} ${user.family_name}`.trim(), email }
}

/** The settings of a saved connection as a test target (its secret opened for the test only). */
export async function savedTarget(ctx: AppContext, connectionId: string): Promise<TestTarget> {
  const connection = await createSqlConnectionStore(ctx.db, ctx.cipher).get(connectionId)
  if (connection === undefined) throw new HttpProblem(404, `no connection ${connectionId}`)
  const lti13 = connection.lti13
  return {
    connectionId: connection.id,
    launchUrl: connection.lti11?.launchUrl ?? lti13?.targetLinkUri ?? '',
    transferEmail: connection.privacy.sendEmail,
    sendName: connection.privacy.sendName,
    customParameters: connection.customParameters,
    ...(connection.lti11 === undefined
      ? {}
      : { lti11: { consumerKey: connection.lti11.consumerKey, secret: connection.lti11.secret } }),
    ...(lti13 === undefined
      ? {}
      : {
          lti13: {
            clientId: lti13.clientId,
            ...(lti13.deployments[0] === undefined
              ? {}
              : { deploymentId: lti13.deployments[0].deploymentId }),
            loginUrl: lti13.initiateLoginUri,
            targetLinkUri: lti13.targetLinkUri,
            ...(lti13.jwksUri === undefined ? {} : { jwksUrl: lti13.jwksUri }),
            ...(lti13.publicJwk === undefined ? {} : { publicJwk: lti13.publicJwk }),
          },
        }),
  }
}

/** Runs "Test Connection" on `target` as the signed-in `principal`. */
export async function runConnectionTest(
  ctx: AppContext,
  principal: { id: string; name: string },
  target: TestTarget,
): Promise<TestResult> {
  const user = await testUser(ctx, principal)
  const identity = await ensureInstanceIdentity(ctx.db, ctx.clock())
  return testConnection(target, user, {
    issuer: issuerOf(ctx.config.publicUrl),
    instanceGuid: identity.id,
    authorizationEndpoint: platformEndpoints(ctx.config.publicUrl).authorization,
    clock: ctx.clock,
  })
}
