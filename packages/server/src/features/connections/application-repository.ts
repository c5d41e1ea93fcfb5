/**
 * The partner catalog and the district's applications. An application copies its partner's
 * defaults when added ("Add Application" from the catalog) and can take them again ("Restore
 * Defaults"); a custom application has no partner.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { ConnectionConflict, isUniqueViolation } from './conflicts.js'
import { type ApplicationDefaults, type ApplicationView, defaultsOf, defaultsRow } from './model.js'

type Db = Kysely<Database>

export interface PartnerView extends ApplicationDefaults {
  readonly id: string
  readonly slug: string
}

export async function listPartners(db: Db): Promise<PartnerView[]> {
  const rows = await db.selectFrom('platform_partners').selectAll().orderBy('name').execute()
  return rows.map((row) => ({ id: row.id, slug: row.slug, ...defaultsOf(row) }))
}

export async function getPartner(db: Db, id: string): Promise<PartnerView | undefined> {
  const row = await db
    .selectFrom('platform_partners')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : { id: row.id, slug: row.slug, ...defaultsOf(row) }
}

/**
 * Adds a catalog partner, or updates its defaults when `slug` exists (the catalog is ours; the
 * district's applications keep their own copies). Returns the partner's id.
 */
export async function upsertPartner(
  db: Db,
  slug: string,
  defaults: ApplicationDefaults,
  now: number,
): Promise<string> {
  const row = await db
    .insertInto('platform_partners')
    .values({
      id: crypto.randomUUID(),
      slug,
      ...defaultsRow(defaults),
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict.column('slug').doUpdateSet({ ...defaultsRow(defaults), updated_at: now }),
    )
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

function applicationOf(
  row: {
    id: string
    partner_id: string | null
    created_at: number
    updated_at: number
  } & Parameters<typeof defaultsOf>[0],
): ApplicationView {
  return {
    id: row.id,
    partnerId: row.partner_id,
    ...defaultsOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function listApplications(db: Db): Promise<ApplicationView[]> {
  const rows = await db.selectFrom('platform_applications').selectAll().orderBy('name').execute()
  return rows.map(applicationOf)
}

export async function getApplication(db: Db, id: string): Promise<ApplicationView | undefined> {
  const row = await db
    .selectFrom('platform_applications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : applicationOf(row)
}

export async function findApplicationByName(db: Db, name: string) {
  const row = await db
    .selectFrom('platform_applications')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst()
  return row === undefined ? undefined : applicationOf(row)
}

/** Adds an application (from `partnerId`'s defaults, or custom). Names are unique. */
export async function createApplication(
  db: Db,
  input: { partnerId: string | null; defaults: ApplicationDefaults; now: number },
): Promise<string> {
  const id = crypto.randomUUID()
  try {
    await db
      .insertInto('platform_applications')
      .values({
        id,
        partner_id: input.partnerId,
        ...defaultsRow(input.defaults),
        created_at: input.now,
        updated_at: input.now,
      })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConnectionConflict('name', `an application named "${input.defaults.name}" exists`)
    }
    throw error
  }
  return id
}

/** Replaces an application's defaults; `false` when there is no such application. */
export async function updateApplication(
  db: Db,
  id: string,
  defaults: ApplicationDefaults,
  now: number,
): Promise<boolean> {
  try {
    const result = await db
      .updateTable('platform_applications')
      .set({ ...defaultsRow(defaults), updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConnectionConflict('name', `an application named "${defaults.name}" exists`)
    }
    throw error
  }
}

/**
 * "Restore Defaults": copies the catalog partner's defaults over the application's again.
 * `undefined` when there is no such application; `false` for a custom one (nothing to restore).
 */
export async function restoreDefaults(db: Db, id: string, now: number) {
  return db.transaction().execute(async (trx) => {
    const app = await getApplication(trx, id)
    if (app === undefined) return undefined
    if (app.partnerId === null) return false
    const partner = await getPartner(trx, app.partnerId)
    if (partner === undefined) return false
    const { id: _id, slug: _slug, ...defaults } = partner
    return updateApplication(trx, id, defaults, now)
  })
}

/** Deletes an application and, with it, its connections, deployments and schools. */
export async function deleteApplication(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const ids = (
      await trx
        .selectFrom('platform_connections')
        .select('id')
        .where('application_id', '=', id)
        .execute()
    ).map((row) => row.id)
    if (ids.length > 0) {
      await trx
        .deleteFrom('platform_connection_schools')
        .where('connection_id', 'in', ids)
        .execute()
      await trx.deleteFrom('platform_deployments').where('connection_id', 'in', ids).execute()
      await trx.deleteFrom('platform_connections').where('id', 'in', ids).execute()
    }
    const result = await trx
      .deleteFrom('platform_applications')
      .where('id', '=', id)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  })
}
