import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../db/schema.js'
import type { ApiTokensTable } from './table.js'

type Db = Kysely<Database>
export type ApiTokenRow = Selectable<ApiTokensTable>

export async function insertToken(db: Db, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute()
}

export async function findTokenByDigest(db: Db, digest: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('digest', '=', digest).executeTakeFirst()
}

export async function findToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

/** A person's tokens, or everyone's without `ownerId`; newest first. */
export async function listTokens(db: Db, ownerId?: string): Promise<ApiTokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll()
  if (ownerId !== undefined) query = query.where('owner_id', '=', ownerId)
  return query.orderBy('created_at', 'desc').orderBy('id').execute()
}

/** Revokes a live token once; false when it was already revoked (or does not exist). */
export async function revokeToken(db: Db, id: string, by: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Records a use; the caller decides when a write is due (not at every request). */
export async function recordUse(db: Db, id: string, at: number, address: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at, last_used_address: address })
    .where('id', '=', id)
    .execute()
}
