import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'

type Db = Kysely<Database>

/** The console credentials of one person (see table.ts). */
export interface Account {
  readonly personId: string
  readonly passwordHash: string | null
  readonly ssoOnly: boolean
  readonly disabled: boolean
  readonly createdAt: number
  readonly updatedAt: number
}

export async function findAccount(db: Db, personId: string): Promise<Account | undefined> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return {
    personId: row.person_id,
    passwordHash: row.password_hash,
    ssoOnly: row.sso_only === 1,
    disabled: row.disabled === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

/** The accounts of several people at once, by person id. */
export async function findAccounts(
  db: Db,
  personIds: readonly string[],
): Promise<Map<string, Account>> {
  if (personIds.length === 0) return new Map()
  const accounts = await Promise.all(personIds.map((id) => findAccount(db, id)))
  return new Map(accounts.flatMap((a) => (a === undefined ? [] : [[a.personId, a] as const])))
}

export interface AccountChanges {
  readonly passwordHash?: string | null
  readonly ssoOnly?: boolean
  readonly disabled?: boolean
}

/** Creates the person's account row or changes it (insert-or-update in one statement). */
export async function saveAccount(
  db: Db,
  personId: string,
  changes: AccountChanges,
  now: number,
): Promise<void> {
  const set = {
    ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
    ...(changes.ssoOnly === undefined ? {} : { sso_only: changes.ssoOnly ? 1 : 0 }),
    ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
    updated_at: now,
  }
  await db
    .insertInto('accounts')
    .values({
      person_id: personId,
      password_hash: changes.passwordHash ?? null,
      sso_only: changes.ssoOnly === true ? 1 : 0,
      disabled: changes.disabled === true ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(set))
    .execute()
}

export async function deleteAccount(db: Db, personId: string): Promise<void> {
  await db.deleteFrom('accounts').where('person_id', '=', personId).execute()
}
