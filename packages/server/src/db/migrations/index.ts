import * as m0001 from './0001_foundation.js'
import * as m0100school from './0100_platform_school.js'
import * as m0150 from './0150_platform_connections.js'
import * as m0200 from './0200_platform_lti_runtime.js'
import * as m0303order from './0303_platform_line_item_order.js'
import * as m0400accounts from './0400_accounts_sessions.js'
import * as m0450tokens from './0450_api_tokens.js'
import * as m0900limits from './0900_rate_limit_counters.js'
import * as m0910sso from './0910_sso_identity_providers.js'
import type { ReversibleMigration } from '@ltihub/kysely/sql'
import { toolTableMigrations } from '@ltihub/kysely/tool'

/**
 * Every migration, in order. To add one: create `NNNN_<area>_<name>.ts` next to this file with
 * `up` and `down` (both taking `Kysely<any>`), import it below and add one entry under your area.
 * Take the next number; two areas may use the same number (names differ). A test checks that the
 * files and this list agree, and that each `down` restores the schema exactly as it found it.
 */
export const migrations: Readonly<Record<string, ReversibleMigration>> = {
  // Foundation (server skeleton)
  '0001_foundation': m0001,
  // Platform role
  '0100_platform_school': m0100school,
  '0150_platform_connections': m0150,
  '0200_platform_lti_runtime': m0200,
  // Tool role: the tables of @ltihub/kysely's tool storage, under the same names
  ...toolTableMigrations,
  // Platform role, after the tool's (names sort in the order they run)
  '0303_platform_line_item_order': m0303order,
  // Accounts and console sessions (every instance)
  '0400_accounts_sessions': m0400accounts,
  // API tokens (every instance)
  '0450_api_tokens': m0450tokens,
  // Foundation, after the roles: shared rate-limit counters
  '0900_rate_limit_counters': m0900limits,
  // Single sign-on (every instance)
  '0910_sso_identity_providers': m0910sso,
}
