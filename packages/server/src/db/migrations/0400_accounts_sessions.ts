import type { Kysely } from 'kysely'

/**
 * Console accounts and server-side sessions, on every instance whatever its roles: credentials of
 * any person (`accounts`), console-only people (`console_people`) and sessions
 * (`console_sessions`, the session id stored only as its SHA-256).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('person_id', 'text', (col) => col.primaryKey())
    .addColumn('password_hash', 'text')
    .addColumn('sso_only', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('console_people')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('email_lower', 'text')
    .addColumn('roles', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('console_people_email_idx')
    .on('console_people')
    .column('email_lower')
    .unique()
    .execute()

  await db.schema
    .createTable('console_sessions')
    .addColumn('id_sha256', 'text', (col) => col.primaryKey())
    .addColumn('handle', 'text', (col) => col.notNull().unique())
    .addColumn('person_id', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_seen_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('console_sessions_person_idx')
    .on('console_sessions')
    .column('person_id')
    .execute()
  await db.schema
    .createIndex('console_sessions_expires_idx')
    .on('console_sessions')
    .column('expires_at')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees no typed schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('console_sessions').execute()
  await db.schema.dropTable('console_people').execute()
  await db.schema.dropTable('accounts').execute()
}
