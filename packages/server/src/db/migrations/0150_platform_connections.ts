import { type CreateTableBuilder, type Kysely, sql } from 'kysely'

/**
 * Platform connections: the partner catalog, the district's applications, their LTI connections
 * (LTI 1.1 key + sealed secret and/or an LTI 1.3 registration), deployments and enabled schools.
 * "Each school can only have one connection per provider": a unique index on
 * (application_id, school_id) enforces it in the database, not only in the console.
 */
function withDefaults<T extends string>(
  table: CreateTableBuilder<T, string>,
): CreateTableBuilder<T, string> {
  return table
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('launch_url', 'text', (col) => col.notNull())
    .addColumn('supported_types', 'text', (col) => col.notNull())
    .addColumn('lti_versions', 'text', (col) => col.notNull())
    .addColumn('custom_parameters', 'text', (col) => col.notNull())
    .addColumn('transfer_email', 'integer', (col) => col.notNull())
    .addColumn('login_url', 'text')
    .addColumn('redirect_uris', 'text')
    .addColumn('jwks_url', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await withDefaults(
    db.schema
      .createTable('platform_partners')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('slug', 'text', (col) => col.notNull().unique()),
  ).execute()

  await withDefaults(
    db.schema
      .createTable('platform_applications')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('partner_id', 'text', (col) =>
        col.references('platform_partners.id').onDelete('set null'),
      ),
  ).execute()
  await db.schema
    .createIndex('platform_applications_name_idx')
    .on('platform_applications')
    .column('name')
    .unique()
    .execute()

  await db.schema
    .createTable('platform_connections')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('application_id', 'text', (col) =>
      col.references('platform_applications.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_key', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('active', 'pending', 'disabled')`),
    )
    .addColumn('launch_url', 'text', (col) => col.notNull())
    .addColumn('transfer_email', 'integer', (col) => col.notNull())
    .addColumn('send_name', 'integer', (col) => col.notNull())
    .addColumn('learning_tool', 'integer', (col) => col.notNull())
    .addColumn('score_passback', 'integer', (col) => col.notNull())
    .addColumn('assignment_resource', 'integer', (col) => col.notNull())
    .addColumn('embeddable_content', 'integer', (col) => col.notNull())
    .addColumn('list_student', 'integer', (col) => col.notNull())
    .addColumn('list_parent', 'integer', (col) => col.notNull())
    .addColumn('custom_parameters', 'text', (col) => col.notNull())
    .addColumn('lti11_consumer_key', 'text', (col) => col.unique())
    .addColumn('lti11_secret_sealed', 'text')
    .addColumn('lti13_client_id', 'text', (col) => col.unique())
    .addColumn('lti13_issuer', 'text')
    .addColumn('lti13_login_url', 'text')
    .addColumn('lti13_redirect_uris', 'text')
    .addColumn('lti13_target_link_uri', 'text')
    .addColumn('lti13_deep_linking_uri', 'text')
    .addColumn('lti13_jwks_url', 'text')
    .addColumn('lti13_public_jwk', 'text')
    .addColumn('lti13_allowed_scopes', 'text')
    .addColumn('registration_request', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    // A key without its secret (or the reverse) could never verify a signature.
    .addCheckConstraint(
      'platform_connections_lti11_pair',
      sql`(lti11_consumer_key is null) = (lti11_secret_sealed is null)`,
    )
    .execute()
  await db.schema
    .createIndex('platform_connections_name_idx')
    .on('platform_connections')
    .columns(['application_id', 'name_key'])
    .unique()
    .execute()

  await db.schema
    .createTable('platform_deployments')
    .addColumn('deployment_id', 'text', (col) => col.primaryKey())
    .addColumn('connection_id', 'text', (col) =>
      col.notNull().references('platform_connections.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('platform_deployments_connection_idx')
    .on('platform_deployments')
    .column('connection_id')
    .execute()

  await db.schema
    .createTable('platform_connection_schools')
    .addColumn('connection_id', 'text', (col) =>
      col.notNull().references('platform_connections.id').onDelete('cascade'),
    )
    .addColumn('application_id', 'text', (col) =>
      col.notNull().references('platform_applications.id').onDelete('cascade'),
    )
    .addColumn('school_id', 'text', (col) =>
      col.notNull().references('schools.id').onDelete('cascade'),
    )
    .addColumn('deployment_id', 'text', (col) =>
      col.references('platform_deployments.deployment_id').onDelete('set null'),
    )
    .addPrimaryKeyConstraint('platform_connection_schools_pkey', ['connection_id', 'school_id'])
    .execute()
  // "Each school can only have one connection per provider."
  await db.schema
    .createIndex('platform_connection_schools_one_per_app_idx')
    .on('platform_connection_schools')
    .columns(['application_id', 'school_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('platform_connection_schools_school_idx')
    .on('platform_connection_schools')
    .column('school_id')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('platform_connection_schools').execute()
  await db.schema.dropTable('platform_deployments').execute()
  await db.schema.dropTable('platform_connections').execute()
  await db.schema.dropTable('platform_applications').execute()
  await db.schema.dropTable('platform_partners').execute()
}
