import type { Kysely, Selectable } from 'kysely'
import type { Role } from '../../config/index.js'
import type { Database } from '../../db/schema.js'
import type { KeyState, SigningKeysTable } from './table.js'

export type SigningKeyRow = Selectable<SigningKeysTable>

/** Public view of a key, for the console and the JWKS: no private material. */
export interface PublishedKey {
  readonly kid: string
  readonly purpose: Role
  readonly alg: string
  readonly state: KeyState
  readonly publicJwk: string
  readonly createdAt: number
}

const STATE_ORDER: Record<KeyState, number> = { next: 0, current: 1, retiring: 2 }

/** Every key of one purpose, private part still sealed; next, current, then retiring newest first. */
export async function keysOf(db: Kysely<Database>, purpose: Role): Promise<SigningKeyRow[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('purpose', '=', purpose)
    .execute()
  return rows.sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || b.generation - a.generation,
  )
}

/** The published keys of every purpose, without their private parts. */
export async function publishedKeys(db: Kysely<Database>): Promise<PublishedKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select(['kid', 'purpose', 'alg', 'state', 'generation', 'public_jwk', 'created_at'])
    .execute()
  return rows
    .sort(
      (a, b) =>
        a.purpose.localeCompare(b.purpose) ||
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        b.generation - a.generation,
    )
    .map((row) => ({
      kid: row.kid,
      purpose: row.purpose,
      alg: row.alg,
      state: row.state,
      publicJwk: row.public_jwk,
      createdAt: row.created_at,
    }))
}

/** The generation a new key of `purpose` gets: one above the highest so far. */
export async function nextGeneration(db: Kysely<Database>, purpose: Role): Promise<number> {
  const row = await db
    .selectFrom('signing_keys')
    .select((eb) => eb.fn.max('generation').as('max'))
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  return Number(row?.max ?? 0) + 1
}

export async function insertKey(db: Kysely<Database>, row: SigningKeyRow): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute()
}

export async function setKeyState(
  db: Kysely<Database>,
  kid: string,
  state: KeyState,
  now: number,
): Promise<void> {
  await db
    .updateTable('signing_keys')
    .set({ state, state_changed_at: now })
    .where('kid', '=', kid)
    .execute()
}

export async function deleteKeys(db: Kysely<Database>, kids: readonly string[]): Promise<void> {
  if (kids.length === 0) return
  await db.deleteFrom('signing_keys').where('kid', 'in', kids).execute()
}
