import type {
  ConsumerKeyStore,
  Deployment,
  DeploymentStatus,
  PlatformRegistration,
  PlatformRegistrationStore,
  ConsumerKey,
} from '@ltihub/tool'
import type { Selectable, Kysely } from 'kysely'
import type { SecretCipher } from '../sql/secrets.js'
import { type Placeholders, prepared } from '../sql/prepared.js'
import { bit, type Db, opt, narrow } from './rows.js'
import type { ToolConsumerKeysTable, ToolRegistrationsTable } from './table.js'
import type { ToolDatabase } from './schema.js'

function toRegistration(row: Selectable<ToolRegistrationsTable>): PlatformRegistration {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    authLoginUrl: row.auth_login_url,
    authTokenUrl: row.auth_token_url,
    ...opt('authServer', row.auth_server),
    jwksUrl: row.jwks_url,
    deploymentPolicy: row.deployment_policy,
    lmsIdPrefix: row.lms_id_prefix,
    enabled: row.enabled === 1,
  }
}

// The look-ups of every login and launch, prepared once (sql/prepared.ts).
const registrationByClient = prepared(
  (db: Db, p: Placeholders<{ issuer: string; clientId: string }>) =>
    db
      .selectFrom('tool_registrations')
      .selectAll()
      .where('issuer', '=', p.issuer)
      .where('client_id', '=', p.clientId),
)
const registrationById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('tool_registrations').selectAll().where('id', '=', p.id),
)
const deploymentOf = prepared(
  (db: Db, p: Placeholders<{ registrationId: string; deploymentId: string }>) =>
    db
      .selectFrom('tool_deployments')
      .selectAll()
      .where('registration_id', '=', p.registrationId)
      .where('deployment_id', '=', p.deploymentId),
)

/**
 * LTI 1.3 platform registrations, unique by (issuer, client_id), and their deployments.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export function sqlRegistrationStore<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  clock: () => number,
): PlatformRegistrationStore {
  const db = narrow(handle)
  return {
    async find(issuer, clientId) {
      const row = await registrationByClient.takeFirst(db, { issuer, clientId })
      return row === undefined ? undefined : toRegistration(row)
    },
    async findByIssuer(issuer) {
      const rows = await db
        .selectFrom('tool_registrations')
        .selectAll()
        .where('issuer', '=', issuer)
        .orderBy('created_at')
        .execute()
      return rows.map(toRegistration)
    },
    async get(id) {
      const row = await registrationById.takeFirst(db, { id })
      return row === undefined ? undefined : toRegistration(row)
    },
    async upsert(registration) {
      const now = clock()
      const values = {
        name: registration.name,
        auth_login_url: registration.authLoginUrl,
        auth_token_url: registration.authTokenUrl,
        auth_server: registration.authServer ?? null,
        jwks_url: registration.jwksUrl,
        deployment_policy: registration.deploymentPolicy,
        lms_id_prefix: registration.lmsIdPrefix,
        enabled: bit(registration.enabled),
        updated_at: now,
      }
      // One statement: a concurrent registration of the same (issuer, client_id) updates, never duplicates.
      const row = await db
        .insertInto('tool_registrations')
        .values({
          ...values,
          id: crypto.randomUUID(),
          issuer: registration.issuer,
          client_id: registration.clientId,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['issuer', 'client_id']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow()
      return toRegistration(row)
    },
    async findDeployment(registrationId, deploymentId) {
      const row = await deploymentOf.takeFirst(db, { registrationId, deploymentId })
      return row === undefined ? undefined : toDeployment(row)
    },
    async recordDeployment(deployment) {
      // Insert-if-absent, then read: an administrator's earlier decision always wins.
      await db
        .insertInto('tool_deployments')
        .values({
          registration_id: deployment.registrationId,
          deployment_id: deployment.deploymentId,
          status: deployment.status,
          first_seen_at: deployment.firstSeenAt,
        })
        .onConflict((oc) => oc.columns(['registration_id', 'deployment_id']).doNothing())
        .execute()
      const row = await deploymentOf.takeFirst(db, deployment)
      if (row === undefined) throw new Error('deployment vanished after its insert')
      return toDeployment(row)
    },
  }
}

function toDeployment(row: {
  registration_id: string
  deployment_id: string
  status: DeploymentStatus
  first_seen_at: number
}): Deployment {
  return {
    registrationId: row.registration_id,
    deploymentId: row.deployment_id,
    status: row.status,
    firstSeenAt: row.first_seen_at,
  }
}

/** Every registration, for the console. */
export async function listRegistrations<DB extends ToolDatabase>(
  handle: Kysely<DB>,
): Promise<PlatformRegistration[]> {
  const db = narrow(handle)
  const rows = await db.selectFrom('tool_registrations').selectAll().orderBy('name').execute()
  return rows.map(toRegistration)
}

/** Deployments of every registration, newest first (pending ones are approved in the console). */
export async function listDeployments<DB extends ToolDatabase>(
  handle: Kysely<DB>,
): Promise<Deployment[]> {
  const db = narrow(handle)
  const rows = await db
    .selectFrom('tool_deployments')
    .selectAll()
    .orderBy('first_seen_at', 'desc')
    .execute()
  return rows.map(toDeployment)
}

/** The administrator's decision on a deployment; false when it does not exist. */
export async function setDeploymentStatus<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  registrationId: string,
  deploymentId: string,
  status: DeploymentStatus,
): Promise<boolean> {
  const db = narrow(handle)
  const result = await db
    .updateTable('tool_deployments')
    .set({ status })
    .where('registration_id', '=', registrationId)
    .where('deployment_id', '=', deploymentId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

const sealContext = (key: string) => `tool_consumer_keys:${key}`

async function toConsumerKey(
  ctx: { readonly cipher: SecretCipher },
  row: Selectable<ToolConsumerKeysTable>,
): Promise<ConsumerKey> {
  return {
    key: row.key,
    secret: await ctx.cipher.decrypt(row.secret_sealed, sealContext(row.key)),
    name: row.name,
    lmsIdPrefix: row.lms_id_prefix,
    enabled: row.enabled === 1,
  }
}

/** LTI 1.1 consumer keys; secrets are opened only when a launch or the console needs them. */
export function sqlConsumerKeyStore<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  ctx: { readonly cipher: SecretCipher },
): ConsumerKeyStore {
  const db = narrow(handle)
  return {
    async find(key) {
      const row = await db
        .selectFrom('tool_consumer_keys')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst()
      return row === undefined ? undefined : toConsumerKey(ctx, row)
    },
    async list() {
      const rows = await db.selectFrom('tool_consumer_keys').selectAll().orderBy('name').execute()
      return Promise.all(rows.map((row) => toConsumerKey(ctx, row)))
    },
  }
}

/** Creates a consumer key; false when the key exists already (keys are never overwritten). */
export async function createConsumerKey<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  ctx: { readonly cipher: SecretCipher; readonly clock: () => number },
  key: ConsumerKey,
): Promise<boolean> {
  const db = narrow(handle)
  const result = await db
    .insertInto('tool_consumer_keys')
    .values({
      key: key.key,
      name: key.name,
      lms_id_prefix: key.lmsIdPrefix,
      secret_sealed: await ctx.cipher.encrypt(key.secret, sealContext(key.key)),
      enabled: bit(key.enabled),
      created_at: ctx.clock(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst()
  return result !== undefined
}
