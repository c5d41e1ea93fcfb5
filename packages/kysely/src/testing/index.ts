/** Test helpers for storages on SQLite and PostgreSQL (a database per run, CI rules). */
export {
  createScratchDatabase,
  postgresAdminUrl,
  type ScratchDatabase,
  type TestDialect,
  testDialects,
} from './postgres.js'
