/**
 * `@ltihub/kysely/tool`: the tool's stores one by one, their tables and migrations, and the
 * writes a console needs (registrations, deployments, consumer keys, publications, outbox).
 */
export { admitIn, toEnrolment, toLearner } from './admission.js'
export type {
  ActivityKind,
  ProgressState,
  ToolActivitiesTable,
  ToolContentTables,
  ToolCoursesTable,
  ToolProgressTable,
  ToolQuestionsTable,
} from './content-table.js'
export { getCourse, saveActivity, saveCourse, sqlContentCatalog, toCourse } from './content.js'
export { activeEnrolmentCounts, sqlEnrolmentStore } from './enrolments.js'
export { sqlToolKeyProvider, type ToolKeyTables, type ToolSigningKeysTable } from './keys.js'
export { toolStorageMigrations, toolTableMigrations } from './migrations/index.js'
export { listOutbox, sqlGradeOutbox, sqlRosterSourceStore } from './outbox.js'
export { kyselyToolPorts, type KyselyToolPortsOptions } from './ports.js'
export { savePublication, sqlPublicationStore } from './publications.js'
export {
  createConsumerKey,
  listDeployments,
  listRegistrations,
  setDeploymentStatus,
  sqlConsumerKeyStore,
  sqlRegistrationStore,
} from './registrations.js'
export { bit, fromJson, narrow, opt, type Db as ToolDb } from './rows.js'
export type { StandaloneToolDatabase, ToolDatabase } from './schema.js'
export { purgeExpiredSessions, sqlLaunchStateStore, sqlSessionStore } from './sessions.js'
export {
  createToolStorage,
  DEFAULT_PUBLICATION_SETTINGS,
  type PublishInput,
  TOOL_MIGRATION_TABLE,
  type ToolStorage,
  type ToolStorageOptions,
} from './storage.js'
export type * from './table.js'
