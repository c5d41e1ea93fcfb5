/**
 * `@ltihub/kysely/sql`: the building blocks the stores share, for hosts that keep more tables
 * beside them (the ltihub server): opening databases, migrating, prepared queries, nonces.
 */
export {
  createPostgresDialect,
  createPostgresPool,
  createSqliteDialect,
  type DatabaseInput,
  type Dialect,
  dialectFor,
  dialectOf,
  openDatabase,
  type OpenedDatabase,
  postgresDialect,
  type PostgresDriver,
  type PostgresOptions,
  sqliteDialect,
  type SqliteDriver,
} from './database.js'
export {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  migrateDown,
  migrateDownAll,
  migrateToLatest,
  migrateUp,
  MigrationError,
  type MigrationList,
  type MigrationOptions,
  type MigrationStep,
  migrationStatus,
} from './migrate.js'
export type { ReversibleMigration } from './migration-types.js'
export { createNoncesTable, type NoncesTable, type NonceTables } from './nonce-table.js'
export { purgeExpiredNonces, SqlNonceStore } from './nonces.js'
export { type Placeholders, type PreparedQuery, prepared } from './prepared.js'
export { plainSecrets, type SecretCipher } from './secrets.js'
export { withStatementCache } from './statement-cache.js'
