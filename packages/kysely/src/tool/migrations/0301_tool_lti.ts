import { type Kysely, sql } from 'kysely'

/**
 * Storage of the tool layer's ports: LTI 1.3 registrations and deployments, LTI 1.1 consumer keys
 * (sealed secrets), single-use launch states, sessions, publications, learners, enrolments,
 * licences, the grade outbox and member-sync sources.
 */
// Migrations take Kysely<any> on purpose: they must keep working when today's types change.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tool_registrations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('issuer', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('auth_login_url', 'text', (col) => col.notNull())
    .addColumn('auth_token_url', 'text', (col) => col.notNull())
    .addColumn('auth_server', 'text')
    .addColumn('jwks_url', 'text', (col) => col.notNull())
    .addColumn('deployment_policy', 'text', (col) =>
      col.notNull().check(sql`deployment_policy in ('accept', 'pending')`),
    )
    .addColumn('lms_id_prefix', 'text', (col) => col.notNull())
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('tool_registrations_issuer_client_key', ['issuer', 'client_id'])
    .execute()
  await db.schema
    .createTable('tool_deployments')
    .addColumn('registration_id', 'text', (col) =>
      col.notNull().references('tool_registrations.id').onDelete('cascade'),
    )
    .addColumn('deployment_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('active', 'pending', 'disabled')`),
    )
    .addColumn('first_seen_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('tool_deployments_pkey', ['registration_id', 'deployment_id'])
    .execute()
  await db.schema
    .createTable('tool_consumer_keys')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('lms_id_prefix', 'text', (col) => col.notNull())
    .addColumn('secret_sealed', 'text', (col) => col.notNull())
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createTable('tool_launch_states')
    .addColumn('state', 'text', (col) => col.primaryKey())
    .addColumn('record', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createTable('tool_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute()
  await createPublications(db)
  await createLearning(db)
  await createOutbox(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
async function createPublications(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tool_publications')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('course_id', 'text', (col) =>
      col.notNull().references('tool_courses.id').onDelete('cascade'),
    )
    .addColumn('activity_id', 'text')
    .addColumn('enabled', 'integer', (col) => col.notNull())
    .addColumn('consumers', 'text', (col) => col.notNull())
    .addColumn('enrolment_period_ms', 'bigint')
    .addColumn('enrolment_starts_at', 'bigint')
    .addColumn('enrolment_ends_at', 'bigint')
    .addColumn('max_enrolled_users', 'integer')
    .addColumn('role_instructor', 'text', (col) => col.notNull())
    .addColumn('role_learner', 'text', (col) => col.notNull())
    .addColumn('grades_send_back', 'integer', (col) => col.notNull())
    .addColumn('grades_only_on_completion', 'integer', (col) => col.notNull())
    .addColumn('member_sync_trigger', 'text', (col) =>
      col.notNull().check(sql`member_sync_trigger in ('off', 'on-launch', 'scheduled')`),
    )
    .addColumn('member_sync_mode', 'text', (col) =>
      col.notNull().check(sql`member_sync_mode in ('enrol-new', 'unenrol-missing', 'both')`),
    )
    .addColumn('user_defaults', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('tool_publications_course_idx')
    .on('tool_publications')
    .column('course_id')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
async function createLearning(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tool_learners')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('external_id', 'text', (col) => col.notNull().unique())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('email', 'text')
    .addColumn('defaults', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createTable('tool_enrolments')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('publication_id', 'text', (col) =>
      col.notNull().references('tool_publications.id').onDelete('cascade'),
    )
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull().references('tool_learners.id'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('active', 'unenrolled')`),
    )
    .addColumn('consumer', 'text', (col) => col.notNull())
    .addColumn('context_id', 'text')
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('grade_target', 'text')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('tool_enrolments_publication_learner_key', [
      'publication_id',
      'learner_id',
    ])
    .execute()
  await db.schema
    .createTable('tool_licences')
    .addColumn('publication_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('consumer', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('tool_licences_pkey', ['publication_id', 'learner_id'])
    .execute()
  await db.schema
    .createTable('tool_roster_sources')
    .addColumn('publication_id', 'text', (col) => col.notNull())
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('deployment_id', 'text', (col) => col.notNull())
    .addColumn('memberships_url', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('tool_roster_sources_pkey', [
      'publication_id',
      'registration_id',
      'context_id',
    ])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
async function createOutbox(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tool_grade_outbox')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('target_key', 'text', (col) => col.notNull())
    .addColumn('platform_key', 'text', (col) => col.notNull())
    .addColumn('target', 'text', (col) => col.notNull())
    .addColumn('score', 'text', (col) => col.notNull())
    .addColumn('timestamp', 'text', (col) => col.notNull())
    .addColumn('publication_id', 'text', (col) => col.notNull())
    .addColumn('learner_id', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col
        .notNull()
        .check(sql`state in ('pending', 'delivering', 'delivered', 'dead', 'superseded')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull())
    .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('tool_grade_outbox_due_idx')
    .on('tool_grade_outbox')
    .columns(['state', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('tool_grade_outbox_target_idx')
    .on('tool_grade_outbox')
    .columns(['target_key', 'state'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'tool_grade_outbox',
    'tool_roster_sources',
    'tool_licences',
    'tool_enrolments',
    'tool_learners',
    'tool_publications',
    'tool_sessions',
    'tool_launch_states',
    'tool_consumer_keys',
    'tool_deployments',
    'tool_registrations',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
