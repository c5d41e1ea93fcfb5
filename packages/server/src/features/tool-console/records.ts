/**
 * The console's changes to the tool's records after creation: consumer keys (edit, enable,
 * rotate the secret, delete), platform registrations (edit, enable, delete) and publications
 * (enable, delete), with what each deletion takes along, so the confirmation can say so.
 */
import type { DeploymentPolicy, PublicationConsumer } from '@ltihub/tool'
import type { Kysely } from 'kysely'
import type { AppContext } from '../../context.js'
import type { Database } from '../../db/schema.js'
import { bit, fromJson } from '@ltihub/kysely/tool'
import type { Db } from '../../db/handle.js'

const sealContext = (key: string) => `tool_consumer_keys:${key}`

/** What a deletion would touch: publications that name the consumer, enrolments, grades. */
export interface Usage {
  /** Publications that admit only the listed consumers and name this one. */
  readonly publications: readonly { readonly id: string; readonly name: string }[]
  readonly activeEnrolments: number
  /** Grade deliveries not yet delivered (pending or failed). */
  readonly undeliveredGrades: number
}

async function countOf(query: Promise<{ count: string | number | bigint } | undefined>) {
  return Number((await query)?.count ?? 0)
}

/** Enrolments still active for a consumer (`consumer` tag) or a publication. */
function activeEnrolments(db: Db, column: 'consumer' | 'publication_id', value: string) {
  return countOf(
    db
      .selectFrom('tool_enrolments')
      .select((eb) => eb.fn.countAll().as('count'))
      .where(column, '=', value)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  )
}

/** Grades not yet delivered (pending, delivering or failed) for a platform or a publication. */
function undeliveredGrades(db: Db, column: 'platform_key' | 'publication_id', value: string) {
  return countOf(
    db
      .selectFrom('tool_grade_outbox')
      .select((eb) => eb.fn.countAll().as('count'))
      .where(column, '=', value)
      .where('state', 'in', ['pending', 'delivering', 'dead'])
      .executeTakeFirst(),
  )
}

/** Usage of a consumer: `lti11:<key>` or `lti13:<registration id>`. */
export async function consumerUsage(db: Db, consumer: PublicationConsumer): Promise<Usage> {
  const tag =
    consumer.kind === 'lti11' ? `lti11:${consumer.consumerKey}` : `lti13:${consumer.registrationId}`
  const rows = await db
    .selectFrom('tool_publications')
    .select(['id', 'name', 'consumers'])
    .execute()
  const publications = rows
    .filter((row) =>
      fromJson<PublicationConsumer[]>(row.consumers).some((c) =>
        c.kind === 'lti11'
          ? consumer.kind === 'lti11' && c.consumerKey === consumer.consumerKey
          : consumer.kind === 'lti13' && c.registrationId === consumer.registrationId,
      ),
    )
    .map(({ id, name }) => ({ id, name }))
  return {
    publications,
    activeEnrolments: await activeEnrolments(db, 'consumer', tag),
    undeliveredGrades: await undeliveredGrades(db, 'platform_key', tag),
  }
}

/** The consumer key's name and LMS ID; false when it does not exist. */
export async function updateConsumerKey(
  db: Db,
  key: string,
  change: { readonly name: string; readonly lmsIdPrefix: string },
): Promise<boolean> {
  const result = await db
    .updateTable('tool_consumer_keys')
    .set({ name: change.name, lms_id_prefix: change.lmsIdPrefix })
    .where('key', '=', key)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function setConsumerKeyEnabled(
  db: Db,
  key: string,
  enabled: boolean,
): Promise<boolean> {
  const result = await db
    .updateTable('tool_consumer_keys')
    .set({ enabled: bit(enabled) })
    .where('key', '=', key)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Replaces the secret (sealed as at creation): launches signed with the old one are refused. */
export async function rotateConsumerSecret(
  db: Db,
  ctx: Pick<AppContext, 'cipher'>,
  key: string,
  secret: string,
): Promise<boolean> {
  const result = await db
    .updateTable('tool_consumer_keys')
    .set({ secret_sealed: await ctx.cipher.encrypt(secret, sealContext(key)) })
    .where('key', '=', key)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteConsumerKey(db: Db, key: string): Promise<boolean> {
  const result = await db.deleteFrom('tool_consumer_keys').where('key', '=', key).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** The settings of a registration an administrator may change (issuer and client ID name it). */
export interface RegistrationChange {
  readonly name: string
  readonly authLoginUrl: string
  readonly authTokenUrl: string
  readonly jwksUrl: string
  readonly lmsIdPrefix: string
  readonly deploymentPolicy: DeploymentPolicy
}

export async function updateRegistration(
  db: Db,
  id: string,
  change: RegistrationChange,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('tool_registrations')
    .set({
      name: change.name,
      auth_login_url: change.authLoginUrl,
      auth_token_url: change.authTokenUrl,
      jwks_url: change.jwksUrl,
      lms_id_prefix: change.lmsIdPrefix,
      deployment_policy: change.deploymentPolicy,
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function setRegistrationEnabled(
  db: Db,
  id: string,
  enabled: boolean,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('tool_registrations')
    .set({ enabled: bit(enabled), updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Deletes a registration; its deployments go with it (foreign key cascade). */
export async function deleteRegistration(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('tool_registrations').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function setPublicationEnabled(
  db: Db,
  id: string,
  enabled: boolean,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('tool_publications')
    .set({ enabled: bit(enabled), updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** What deleting a publication takes along: its enrolments (cascade) and undelivered grades. */
export async function publicationUsage(
  db: Db,
  id: string,
): Promise<{ enrolments: number; undeliveredGrades: number }> {
  return {
    enrolments: await activeEnrolments(db, 'publication_id', id),
    undeliveredGrades: await undeliveredGrades(db, 'publication_id', id),
  }
}

/**
 * Deletes a publication with its enrolments and roster sources; grades not yet delivered are
 * dropped (their learner can no longer reach the work). Licences recorded stay in the report.
 */
export async function deletePublication(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('tool_grade_outbox')
      .where('publication_id', '=', id)
      .where('state', 'in', ['pending', 'dead'])
      .execute()
    await trx.deleteFrom('tool_roster_sources').where('publication_id', '=', id).execute()
    const result = await trx.deleteFrom('tool_publications').where('id', '=', id).executeTakeFirst()
    return result.numDeletedRows > 0n
  })
}
