/**
 * Reading connections: one row of `platform_connections` plus its schools and deployments,
 * turned into the platform layer's `ToolConnection` (the LTI 1.1 secret opened with the cipher).
 */
import type { Kysely, Selectable } from 'kysely'
import { z } from 'zod'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Database } from '../../db/schema.js'
import type { DataCipher } from '../../security/index.js'
import { jwkObject, readJson, readOptionalJson, scopeList, stringList, stringMap } from './json.js'
import type { Deployment, Lti13Registration, ToolConnection } from './layer.js'
import type { PlatformConnectionsTable } from './table.js'

export type ConnectionRow = Selectable<PlatformConnectionsTable>

/** What a Dynamic Registration asked for, kept for the approval screen. */
export const registrationRequestSchema = z.object({
  requestedClaims: stringList,
  contacts: stringList,
  logoUri: z.string().optional(),
  schoolIds: stringList,
  requestedBy: z.string(),
})
export type RegistrationRequest = z.output<typeof registrationRequestSchema>

/** The sealing context of a connection's LTI 1.1 secret: bound to its row. */
export const secretContext = (connectionId: string): string =>
  `platform_connections:${connectionId}`

interface SchoolLink {
  readonly school_id: string
  readonly deployment_id: string | null
}

/** Enabled schools and deployments of some connections, keyed by connection id. */
// One connection's links: what every launch and service call loads, prepared once.
const schoolsOfOne = prepared((db: Kysely<Database>, p: Placeholders<{ id: string }>) =>
  db
    .selectFrom('platform_connection_schools')
    .select(['connection_id', 'school_id', 'deployment_id'])
    .where('connection_id', '=', p.id)
    .orderBy('school_id'),
)
const deploymentsOfOne = prepared((db: Kysely<Database>, p: Placeholders<{ id: string }>) =>
  db
    .selectFrom('platform_deployments')
    .select(['connection_id', 'deployment_id'])
    .where('connection_id', '=', p.id)
    .orderBy('created_at')
    .orderBy('deployment_id'),
)

function schoolRowsOf(db: Kysely<Database>, connectionIds: readonly string[]) {
  const [only] = connectionIds
  if (connectionIds.length === 1 && only !== undefined)
    return schoolsOfOne.execute(db, { id: only })
  return db
    .selectFrom('platform_connection_schools')
    .select(['connection_id', 'school_id', 'deployment_id'])
    .where('connection_id', 'in', connectionIds)
    .orderBy('school_id')
    .execute()
}

function deploymentRowsOf(db: Kysely<Database>, connectionIds: readonly string[]) {
  const [only] = connectionIds
  if (connectionIds.length === 1 && only !== undefined) {
    return deploymentsOfOne.execute(db, { id: only })
  }
  return db
    .selectFrom('platform_deployments')
    .select(['connection_id', 'deployment_id'])
    .where('connection_id', 'in', connectionIds)
    .orderBy('created_at')
    .orderBy('deployment_id')
    .execute()
}

export async function loadLinks(
  db: Kysely<Database>,
  connectionIds: readonly string[],
): Promise<{
  schools: Map<string, SchoolLink[]>
  deployments: Map<string, string[]>
}> {
  const schools = new Map<string, SchoolLink[]>()
  const deployments = new Map<string, string[]>()
  if (connectionIds.length === 0) return { schools, deployments }
  const schoolRows = await schoolRowsOf(db, connectionIds)
  for (const row of schoolRows) {
    const list = schools.get(row.connection_id) ?? []
    list.push(row)
    schools.set(row.connection_id, list)
  }
  const deploymentRows = await deploymentRowsOf(db, connectionIds)
  for (const row of deploymentRows) {
    const list = deployments.get(row.connection_id) ?? []
    list.push(row.deployment_id)
    deployments.set(row.connection_id, list)
  }
  return { schools, deployments }
}

function lti13Of(
  row: ConnectionRow,
  deployments: readonly Deployment[],
  issuer: string | undefined,
): Lti13Registration | undefined {
  if (row.lti13_client_id === null || row.lti13_login_url === null) return undefined
  const jwk = readOptionalJson(jwkObject, row.lti13_public_jwk, 'lti13_public_jwk')
  return {
    issuer: issuer ?? row.lti13_issuer ?? '',
    clientId: row.lti13_client_id,
    initiateLoginUri: row.lti13_login_url,
    redirectUris:
      readOptionalJson(stringList, row.lti13_redirect_uris, 'lti13_redirect_uris') ?? [],
    targetLinkUri: row.lti13_target_link_uri ?? row.launch_url,
    ...(row.lti13_deep_linking_uri === null ? {} : { deepLinkingUri: row.lti13_deep_linking_uri }),
    ...(row.lti13_jwks_url === null ? {} : { jwksUri: row.lti13_jwks_url }),
    ...(jwk === undefined ? {} : { publicJwk: jwk }),
    allowedScopes:
      readOptionalJson(scopeList, row.lti13_allowed_scopes, 'lti13_allowed_scopes') ?? [],
    deployments,
  }
}

/** The deployments of a connection, each with the schools launching under it. */
function deploymentsOf(ids: readonly string[], schools: readonly SchoolLink[]): Deployment[] {
  return ids.map((deploymentId) => ({
    deploymentId,
    schoolIds: schools.filter((s) => s.deployment_id === deploymentId).map((s) => s.school_id),
  }))
}

/**
 * A stored connection as the platform layer sees it. Pending registrations report the schools
 * the registration token offered (they are not enabled until approval), all under the
 * registration's one deployment.
 */
export async function toToolConnection(
  row: ConnectionRow,
  links: { schools: readonly SchoolLink[]; deploymentIds: readonly string[] },
  cipher: DataCipher,
  issuer?: string,
): Promise<ToolConnection> {
  const request = readOptionalJson(
    registrationRequestSchema,
    row.registration_request,
    'registration_request',
  )
  const pendingSchools =
    row.status === 'pending' && request !== undefined
      ? request.schoolIds.map((school_id) => ({
          school_id,
          deployment_id: links.deploymentIds[0] ?? null,
        }))
      : undefined
  const schools = pendingSchools ?? links.schools
  const lti13 = lti13Of(row, deploymentsOf(links.deploymentIds, schools), issuer)
  const secret =
    row.lti11_secret_sealed === null
      ? undefined
      : await cipher.decrypt(row.lti11_secret_sealed, secretContext(row.id))
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    schoolIds: schools.map((s) => s.school_id),
    features: {
      learningTool: row.learning_tool === 1,
      scorePassback: row.score_passback === 1,
      assignmentResource: row.assignment_resource === 1,
      embeddableContent: row.embeddable_content === 1,
    },
    learningToolsList: { student: row.list_student === 1, parent: row.list_parent === 1 },
    privacy: { sendName: row.send_name === 1, sendEmail: row.transfer_email === 1 },
    customParameters: readJson(stringMap, row.custom_parameters, 'custom_parameters'),
    ...(row.lti11_consumer_key === null || secret === undefined
      ? {}
      : {
          lti11: { launchUrl: row.launch_url, consumerKey: row.lti11_consumer_key, secret },
        }),
    ...(lti13 === undefined ? {} : { lti13 }),
  }
}
