import { type Kysely, sql } from 'kysely'

/**
 * Member-sync sources become platform contexts: LTI 1.1 consumers sync too (`kind` 'lti11', the
 * consumer key in `registration_id`), and an LTI 1.3 context remembers its AGS line item and
 * line items container, so results of learners who never launched can go back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tool_roster_sources')
    .addColumn('kind', 'text', (col) =>
      col
        .notNull()
        .defaultTo('lti13')
        .check(sql`kind in ('lti13', 'lti11')`),
    )
    .execute()
  await db.schema.alterTable('tool_roster_sources').addColumn('line_item_url', 'text').execute()
  await db.schema.alterTable('tool_roster_sources').addColumn('line_items_url', 'text').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  // LTI 1.1 sources have no place in the earlier table.
  await db.deleteFrom('tool_roster_sources').where('kind', '=', 'lti11').execute()
  for (const column of ['line_items_url', 'line_item_url', 'kind']) {
    await db.schema.alterTable('tool_roster_sources').dropColumn(column).execute()
  }
}
