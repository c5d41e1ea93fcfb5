/**
 * LTI 1.1 `lis_result_sourcedid` values (`SourcedIdStore`): random and opaque, one per
 * (connection, link, user). `issue` inserts if absent (the unique binding makes a race harmless)
 * and reads the stored value, so the same binding always gets the same sourcedid.
 */
import type { SourcedIdBinding, SourcedIdStore } from '../layer.js'
import type { Db } from './db.js'

const MAX_SOURCED_ID_LENGTH = 256

export function sqlSourcedIdStore(db: Db, clock: () => number): SourcedIdStore {
  return {
    async issue(binding) {
      const where = db
        .selectFrom('lti_sourced_ids')
        .select('sourced_id')
        .where('connection_id', '=', binding.connectionId)
        .where('resource_link_id', '=', binding.resourceLinkId)
        .where('user_id', '=', binding.userId)
      await db
        .insertInto('lti_sourced_ids')
        .values({
          sourced_id: crypto.randomUUID(),
          connection_id: binding.connectionId,
          resource_link_id: binding.resourceLinkId,
          user_id: binding.userId,
          created_at: clock(),
        })
        .onConflict((conflict) =>
          conflict.columns(['connection_id', 'resource_link_id', 'user_id']).doNothing(),
        )
        .execute()
      const row = await where.executeTakeFirstOrThrow()
      return row.sourced_id
    },
    async resolve(sourcedId): Promise<SourcedIdBinding | undefined> {
      if (sourcedId.length === 0 || sourcedId.length > MAX_SOURCED_ID_LENGTH) return undefined
      const row = await db
        .selectFrom('lti_sourced_ids')
        .selectAll()
        .where('sourced_id', '=', sourcedId)
        .executeTakeFirst()
      if (row === undefined) return undefined
      return {
        connectionId: row.connection_id,
        resourceLinkId: row.resource_link_id,
        userId: row.user_id,
      }
    },
  }
}
