import type { ApiTokenTables } from '../features/api-tokens/table.js'
import type { AccountTables } from '../features/accounts/table.js'
import type { KeyTables } from '../features/keys/table.js'
import type { RateLimitTables } from '../features/rate-limit/table.js'
import type { PlatformTables } from '../features/platform-role.js'
import type { SettingTables } from '../features/settings/table.js'
import type { SsoTables } from '../features/sso/table.js'
import type { ToolTables } from '../features/tool-role.js'
import type { NonceTables } from '@ltihub/kysely/sql'

/**
 * The whole schema as Kysely sees it, composed from each feature's `table.ts`. The platform and
 * tool roles add theirs in `features/platform-role.ts` and `features/tool-role.ts`.
 * Conventions: snake_case columns, text ids, timestamps as epoch ms (`number`, BIGINT),
 * JSON as text, booleans as integer 0/1 (SQLite has no boolean type).
 */
export interface Database
  extends
    SettingTables,
    NonceTables,
    AccountTables,
    ApiTokenTables,
    KeyTables,
    RateLimitTables,
    SsoTables,
    PlatformTables,
    ToolTables {}
