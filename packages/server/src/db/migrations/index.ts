import * as m0001 from './0001_foundation.js'
import type { ReversibleMigration } from './types.js'

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
  // Tool role
}
