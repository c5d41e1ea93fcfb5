import type { Kysely } from 'kysely'

/** A migration with both directions: ltihub requires `down` so every upgrade can be undone. */
export interface ReversibleMigration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see no typed schema
  up(db: Kysely<any>): Promise<void>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see no typed schema
  down(db: Kysely<any>): Promise<void>
}
