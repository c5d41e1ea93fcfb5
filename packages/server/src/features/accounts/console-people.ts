import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../db/schema.js'
import { normalizeEmail, type Person, type PeopleSource } from './people.js'
import type { ConsolePeopleTable } from './table.js'

type Db = Kysely<Database>

const rolesSchema = z.array(z.string().min(1).max(64)).max(20)

/** Roles the console offers for console-only people. */
export const CONSOLE_ROLES = ['administrator', 'tool-administrator', 'author'] as const

/** How the account form names each console role. */
export const CONSOLE_ROLE_LABELS: Record<(typeof CONSOLE_ROLES)[number], string> = {
  administrator: 'Administrator (everything)',
  'tool-administrator': 'Tool administrator (consumer keys, platforms, publications, reports)',
  author: 'Author (tool content)',
}

function personOf(row: Selectable<ConsolePeopleTable>): Person {
  let roles: string[] = []
  try {
    roles = rolesSchema.parse(JSON.parse(row.roles))
  } catch {
    roles = []
  }
  return { id: row.id, name: row.name, email: row.email, roles, source: 'console' }
}

export interface NewConsolePerson {
  /** Default: a new `console:<uuid>` id. */
  readonly id?: string
  readonly name: string
  readonly email: string | null
  readonly roles: readonly string[]
}

export async function createConsolePerson(
  db: Db,
  person: NewConsolePerson,
  now: number,
): Promise<Person> {
  const id = person.id ?? `console:${randomUUID()}`
  const email = person.email?.trim() || null
  await db
    .insertInto('console_people')
    .values({
      id,
      name: person.name,
      email,
      email_lower: email === null ? null : normalizeEmail(email),
      roles: JSON.stringify(rolesSchema.parse([...person.roles])),
      created_at: now,
      updated_at: now,
    })
    .execute()
  return { id, name: person.name, email, roles: [...person.roles], source: 'console' }
}

export async function updateConsolePerson(
  db: Db,
  id: string,
  changes: {
    readonly name: string
    readonly email: string | null
    readonly roles: readonly string[]
  },
  now: number,
): Promise<boolean> {
  const email = changes.email?.trim() || null
  const result = await db
    .updateTable('console_people')
    .set({
      name: changes.name,
      email,
      email_lower: email === null ? null : normalizeEmail(email),
      roles: JSON.stringify(rolesSchema.parse([...changes.roles])),
      updated_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteConsolePerson(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('console_people').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function listConsolePeople(db: Db): Promise<Person[]> {
  const rows = await db
    .selectFrom('console_people')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(personOf)
}

/** Console-only people, the first source the identity consults. */
export const consolePeopleSource: PeopleSource = {
  name: 'console',
  async findById(db, id) {
    const row = await db
      .selectFrom('console_people')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : personOf(row)
  },
  async findByEmail(db, emailLower) {
    const rows = await db
      .selectFrom('console_people')
      .selectAll()
      .where('email_lower', '=', emailLower)
      .execute()
    return rows.map(personOf)
  },
  async hasAdministrator(db) {
    const row = await db
      .selectFrom('console_people')
      .select('id')
      .where('roles', 'like', '%"administrator"%')
      .executeTakeFirst()
    return row !== undefined
  },
}
