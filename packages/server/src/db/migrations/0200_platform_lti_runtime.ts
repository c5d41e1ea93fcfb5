import { type Kysely, sql } from 'kysely'

/**
 * The platform's LTI runtime: resource links (with copy history), embedded content, AGS line
 * items and results, and single-use launch state (launch intents, deep linking sessions,
 * registration tokens, keyed by a SHA-256 of the bearer value) plus LTI 1.1 sourcedids.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lti_resource_links')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('connection_id', 'text', (col) => col.notNull())
    .addColumn('assignment_id', 'text')
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('url', 'text')
    .addColumn('custom_json', 'text', (col) => col.notNull())
    .addColumn('history_json', 'text', (col) => col.notNull())
    .addColumn('available_start', 'text')
    .addColumn('available_end', 'text')
    .addColumn('submission_start', 'text')
    .addColumn('submission_end', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('lti_resource_links_assignment_idx')
    .on('lti_resource_links')
    .column('assignment_id')
    .execute()

  await db.schema
    .createTable('lti_embedded_content')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('image', 'html')`))
    .addColumn('connection_id', 'text', (col) => col.notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('assignment_id', 'text')
    .addColumn('url', 'text')
    .addColumn('untrusted_html', 'text')
    .addColumn('title', 'text')
    .addColumn('text', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('lti_embedded_content_assignment_idx')
    .on('lti_embedded_content')
    .column('assignment_id')
    .execute()

  await db.schema
    .createTable('lti_line_items')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('connection_id', 'text', (col) => col.notNull())
    .addColumn('assignment_id', 'text')
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('score_maximum', 'double precision', (col) => col.notNull())
    .addColumn('resource_link_id', 'text')
    .addColumn('resource_id', 'text')
    .addColumn('tag', 'text')
    .addColumn('start_date_time', 'text')
    .addColumn('end_date_time', 'text')
    .addColumn('grades_released', 'integer')
    .addColumn('extensions_json', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('lti_line_items_owner_idx')
    .on('lti_line_items')
    .columns(['context_id', 'connection_id'])
    .execute()

  await db.schema
    .createTable('lti_results')
    .addColumn('line_item_id', 'text', (col) =>
      col.notNull().references('lti_line_items.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('score_given', 'double precision')
    .addColumn('score_maximum', 'double precision')
    .addColumn('comment', 'text')
    .addColumn('activity_progress', 'text', (col) => col.notNull())
    .addColumn('grading_progress', 'text', (col) => col.notNull())
    .addColumn('scoring_user_id', 'text')
    .addColumn('timestamp', 'text', (col) => col.notNull())
    .addColumn('timestamp_key', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text')
    .addPrimaryKeyConstraint('lti_results_pkey', ['line_item_id', 'user_id'])
    .execute()

  for (const table of [
    'lti_launch_intents',
    'lti_deep_linking_sessions',
    'lti_registration_tokens',
  ]) {
    await db.schema
      .createTable(table)
      .addColumn('id_sha256', 'text', (col) => col.primaryKey())
      .addColumn('payload_json', 'text', (col) => col.notNull())
      .addColumn('expires_at', 'bigint', (col) => col.notNull())
      .execute()
    await db.schema.createIndex(`${table}_expires_at_idx`).on(table).column('expires_at').execute()
  }

  await db.schema
    .createTable('lti_sourced_ids')
    .addColumn('sourced_id', 'text', (col) => col.primaryKey())
    .addColumn('connection_id', 'text', (col) => col.notNull())
    .addColumn('resource_link_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('lti_sourced_ids_binding_key', [
      'connection_id',
      'resource_link_id',
      'user_id',
    ])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lti_sourced_ids').execute()
  for (const table of [
    'lti_registration_tokens',
    'lti_deep_linking_sessions',
    'lti_launch_intents',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema.dropTable('lti_results').execute()
  await db.schema.dropTable('lti_line_items').execute()
  await db.schema.dropTable('lti_embedded_content').execute()
  await db.schema.dropTable('lti_resource_links').execute()
}
