import type { Kysely } from 'kysely'

/**
 * Line items of a (context, connection) are read in creation order on every launch (the AGS
 * endpoint claim of the link) and by every container query: with the order in the index, SQLite
 * and PostgreSQL walk it instead of sorting the matching rows in a temporary tree each time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('lti_line_items_owner_idx').execute()
  await db.schema
    .createIndex('lti_line_items_owner_idx')
    .on('lti_line_items')
    .columns(['context_id', 'connection_id', 'created_at', 'id'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('lti_line_items_owner_idx').execute()
  await db.schema
    .createIndex('lti_line_items_owner_idx')
    .on('lti_line_items')
    .columns(['context_id', 'connection_id'])
    .execute()
}
