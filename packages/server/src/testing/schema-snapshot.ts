import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../db/database.js'
import { MIGRATION_TABLE } from '../db/migrate.js'

/** A comparable description of a database schema: tables with columns, and indexes. */
export interface SchemaSnapshot {
  readonly tables: Record<string, readonly string[]>
  readonly indexes: readonly string[]
}

async function sqliteIndexes<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_master where type = 'index' order by name`.execute(db)
  return rows.map((row) => `${row.name}: ${row.sql ?? '(automatic)'}`)
}

async function postgresIndexes<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes where schemaname = current_schema() order by indexname`.execute(
    db,
  )
  const checks = await sql<{ def: string }>`
    select conrelid::regclass::text || ': ' || pg_get_constraintdef(oid) as def
    from pg_constraint where connamespace = current_schema()::regnamespace order by 1`.execute(db)
  return [...rows.map((row) => row.indexdef), ...checks.rows.map((row) => row.def)]
}

/**
 * Tables (with each column's type, nullability and default), indexes and constraints, sorted, so
 * two snapshots are equal exactly when the schemas are. Leaves out the migration bookkeeping tables.
 */
export async function schemaSnapshot<DB>(
  db: Kysely<DB>,
  dialect: Dialect,
): Promise<SchemaSnapshot> {
  const tables: Record<string, string[]> = {}
  for (const table of await db.introspection.getTables()) {
    if (table.name.startsWith(MIGRATION_TABLE)) continue
    tables[table.name] = table.columns
      .map(
        (c) =>
          `${c.name} ${c.dataType}${c.isNullable ? '' : ' not null'}${c.hasDefaultValue ? ' default' : ''}`,
      )
      .sort()
  }
  const indexes = dialect === 'sqlite' ? await sqliteIndexes(db) : await postgresIndexes(db)
  return { tables, indexes: indexes.filter((entry) => !entry.includes(MIGRATION_TABLE)).sort() }
}
