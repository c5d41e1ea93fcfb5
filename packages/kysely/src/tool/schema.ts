import type { NonceTables } from '../sql/nonce-table.js'
import type { ToolContentTables } from './content-table.js'
import type { ToolKeyTables } from './keys.js'
import type { ToolLtiTables } from './table.js'

/**
 * The tables of the tool's storage as Kysely sees them. A larger schema that includes these
 * (the ltihub server's) works as well. Conventions: snake_case columns, text ids, timestamps as
 * epoch ms (BIGINT), JSON as text, booleans as integer 0/1 (SQLite has no boolean type).
 */
export interface ToolDatabase extends NonceTables, ToolContentTables, ToolLtiTables {}

/** {@link ToolDatabase} with the signing-key table of a standalone storage. */
export interface StandaloneToolDatabase extends ToolDatabase, ToolKeyTables {}
