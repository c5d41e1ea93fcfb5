import type { MigrationList } from '../../sql/migrate.js'
import * as m0001 from './0001_tool_nonces.js'
import * as m0300 from './0300_tool_content.js'
import * as m0301 from './0301_tool_lti.js'
import * as m0302 from './0302_tool_roster_contexts.js'
import * as m0310 from './0310_tool_signing_keys.js'

/**
 * The migrations of the tool's tables, under the names the ltihub server gives them in its own
 * list (which runs them between its other migrations): never rename one.
 */
export const toolTableMigrations = {
  '0300_tool_content': m0300,
  '0301_tool_lti': m0301,
  '0302_tool_roster_contexts': m0302,
} as const satisfies MigrationList

/** Every migration of a standalone tool storage ({@link createToolStorage}), in order. */
export const toolStorageMigrations: MigrationList = {
  '0001_tool_nonces': m0001,
  ...toolTableMigrations,
  '0310_tool_signing_keys': m0310,
}
