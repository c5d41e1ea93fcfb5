/**
 * @ltihub/kysely: SQL storage for `@ltihub/tool` on SQLite and
 * PostgreSQL, with its migrations. One call opens, migrates and returns every port:
 *
 * @example
 * const storage = await createToolStorage({ database: 'sqlite:./data/tool.db' })
 * const tool = createLtiTool({ ports: storage, publicUrl, onLaunch })
 *
 * Single stores, tables and migrations are on the `./tool` and `./sql` subpaths.
 */
export type { DatabaseInput, Dialect } from './sql/database.js'
export { MigrationError, type MigrationStep } from './sql/migrate.js'
export { plainSecrets, type SecretCipher } from './sql/secrets.js'
export { kyselyToolPorts, type KyselyToolPortsOptions } from './tool/ports.js'
export type { StandaloneToolDatabase, ToolDatabase } from './tool/schema.js'
export {
  createToolStorage,
  DEFAULT_PUBLICATION_SETTINGS,
  type PublishInput,
  TOOL_MIGRATION_TABLE,
  type ToolStorage,
  type ToolStorageOptions,
} from './tool/storage.js'
