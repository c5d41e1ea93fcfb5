/**
 * The platform layer's `ConnectionStore` port over SQL: what launches, token requests, services
 * and Dynamic Registration read and write. LTI 1.1 secrets are opened only here, on demand.
 */
import type { Clock } from '@ltihub/core'
import type { Kysely } from 'kysely'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Database } from '../../db/schema.js'
import type { DataCipher } from '../../security/index.js'
import { atomically } from '../platform-lti/stores/db.js'
import { flag } from './json.js'
import type { ConnectionStore, PendingRegistration, ToolConnection } from './layer.js'
import {
  type ConnectionRow,
  loadLinks,
  type RegistrationRequest,
  toToolConnection,
} from './rows.js'

export interface SqlConnectionStoreOptions {
  /**
   * The platform's issuer. When given, it is reported for every registration and
   * `findByClientId` only matches it; otherwise the issuer stored with each registration is used.
   */
  readonly issuer?: string
  /** Epoch ms for `created_at`; defaults to the system clock. */
  readonly clock?: Clock
}

type LookupColumn = 'id' | 'lti13_client_id' | 'lti11_consumer_key'

/** A connection by one of its unique columns: on every launch and service call, prepared once. */
function lookupBy(column: LookupColumn) {
  return prepared((db: Kysely<Database>, p: Placeholders<{ value: string }>) =>
    db.selectFrom('platform_connections').selectAll().where(column, '=', p.value),
  )
}
const connectionBy = {
  id: lookupBy('id'),
  lti13_client_id: lookupBy('lti13_client_id'),
  lti11_consumer_key: lookupBy('lti11_consumer_key'),
}

/** The longest name kept from a registration (`client_name` is the tool's text). */
const MAX_NAME = 200

/**
 * A `ConnectionStore` over the server's tables. Only `active` connections launch; the platform
 * layer checks `status`, this store reports it as stored.
 *
 * @example
 * const connections = createSqlConnectionStore(ctx.db, ctx.cipher, { issuer })
 * @see packages/platform/src/ports.ts
 */
export function createSqlConnectionStore(
  db: Kysely<Database>,
  cipher: DataCipher,
  options: SqlConnectionStoreOptions = {},
): ConnectionStore {
  const clock = options.clock ?? Date.now
  const read = async (row: ConnectionRow | undefined): Promise<ToolConnection | undefined> => {
    if (row === undefined) return undefined
    const links = await loadLinks(db, [row.id])
    return toToolConnection(
      row,
      {
        schools: links.schools.get(row.id) ?? [],
        deploymentIds: links.deployments.get(row.id) ?? [],
      },
      cipher,
      options.issuer,
    )
  }
  const byColumn = (column: LookupColumn, value: string) =>
    connectionBy[column].takeFirst(db, { value })

  return {
    async get(connectionId) {
      return read(await byColumn('id', connectionId))
    },
    async findByClientId(issuer, clientId) {
      const row = await byColumn('lti13_client_id', clientId)
      if (row === undefined) return undefined
      const expected = options.issuer ?? row.lti13_issuer
      // (iss, client_id) identifies the registration: a client_id under another issuer is not it.
      if (expected !== issuer) return undefined
      return read(row)
    },
    async findByConsumerKey(consumerKey) {
      return read(await byColumn('lti11_consumer_key', consumerKey))
    },
    async createPending(registration) {
      const id = await insertPending(db, registration, clock())
      const stored = await read(await byColumn('id', id))
      if (stored === undefined) throw new Error('the pending registration vanished')
      return stored
    },
  }
}

/**
 * Active connections enabled for any of `schoolIds`, by name: the Learning Tools list and the
 * teachers' tool pickers. Each connection is reported with all its schools.
 */
export async function listActiveConnectionsForSchools(
  db: Kysely<Database>,
  cipher: DataCipher,
  schoolIds: readonly string[],
  options: Pick<SqlConnectionStoreOptions, 'issuer'> = {},
): Promise<ToolConnection[]> {
  if (schoolIds.length === 0) return []
  const rows = await db
    .selectFrom('platform_connections')
    .selectAll()
    .where('status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('platform_connection_schools as s')
          .select('s.school_id')
          .whereRef('s.connection_id', '=', 'platform_connections.id')
          .where('s.school_id', 'in', schoolIds),
      ),
    )
    .orderBy('name')
    .orderBy('id')
    .execute()
  const links = await loadLinks(
    db,
    rows.map((row) => row.id),
  )
  return Promise.all(
    rows.map((row) =>
      toToolConnection(
        row,
        {
          schools: links.schools.get(row.id) ?? [],
          deploymentIds: links.deployments.get(row.id) ?? [],
        },
        cipher,
        options.issuer,
      ),
    ),
  )
}

/**
 * Stores a Dynamic Registration, its new client_id and one deployment, in one transaction (the
 * caller's, when `db` is one: the registration endpoint spends the token in the same).
 */
async function insertPending(
  db: Kysely<Database>,
  registration: PendingRegistration,
  now: number,
): Promise<string> {
  const id = crypto.randomUUID()
  const name = registration.name.trim().slice(0, MAX_NAME) || 'Registered tool'
  const request: RegistrationRequest = {
    requestedClaims: [...registration.requestedClaims],
    contacts: [...registration.contacts],
    ...(registration.logoUri === undefined ? {} : { logoUri: registration.logoUri }),
    schoolIds: [...registration.schoolIds],
    requestedBy: registration.requestedBy,
  }
  const { lti13 } = registration
  await atomically(db, async (trx) => {
    await trx
      .insertInto('platform_connections')
      .values({
        id,
        application_id: null,
        name,
        name_key: name.toLowerCase(),
        status: 'pending',
        launch_url: lti13.targetLinkUri,
        transfer_email: flag(registration.requestedClaims.includes('email')),
        send_name: flag(registration.requestedClaims.includes('name')),
        // Every connection type stays off until an administrator reviews the registration.
        learning_tool: 0,
        score_passback: 0,
        assignment_resource: 0,
        embeddable_content: 0,
        list_student: 0,
        list_parent: 0,
        custom_parameters: JSON.stringify(registration.customParameters),
        lti11_consumer_key: null,
        lti11_secret_sealed: null,
        lti13_client_id: crypto.randomUUID(),
        lti13_issuer: lti13.issuer,
        lti13_login_url: lti13.initiateLoginUri,
        lti13_redirect_uris: JSON.stringify(lti13.redirectUris),
        lti13_target_link_uri: lti13.targetLinkUri,
        lti13_deep_linking_uri: lti13.deepLinkingUri ?? null,
        lti13_jwks_url: lti13.jwksUri ?? null,
        lti13_public_jwk: lti13.publicJwk === undefined ? null : JSON.stringify(lti13.publicJwk),
        lti13_allowed_scopes: JSON.stringify(lti13.allowedScopes),
        registration_request: JSON.stringify(request),
        created_at: now,
        updated_at: now,
      })
      .execute()
    await trx
      .insertInto('platform_deployments')
      .values({ deployment_id: crypto.randomUUID(), connection_id: id, created_at: now })
      .execute()
  })
  return id
}
