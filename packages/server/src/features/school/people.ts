import { sql } from 'kysely'
import type { Person, PeopleSource } from '../accounts/people.js'
import type { User } from './model.js'
import { findUser, listUsers } from './repository.js'

function personOf(user: User): Person {
  return {
    id: user.id,
    name: `${user.givenName} ${user.familyName}`,
    email: user.email,
    // A person's kind is their console role: a change of kind applies at the next request.
    roles: [user.kind],
    source: 'school',
  }
}

/** The school's people for the console's identity: each user with their kind as role. */
export const schoolPeopleSource: PeopleSource = {
  name: 'school',
  async findById(db, id) {
    const user = await findUser(db, id)
    return user === undefined ? undefined : personOf(user)
  },
  async findByEmail(db, emailLower) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where(sql<string>`lower(email)`, '=', emailLower)
      .execute()
    const users = await Promise.all(rows.map((row) => findUser(db, row.id)))
    return users.flatMap((user) => (user === undefined ? [] : [personOf(user)]))
  },
  async hasAdministrator(db) {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('kind', '=', 'administrator')
      .executeTakeFirst()
    return row !== undefined
  },
}

/** School people for account pages. */
export async function listSchoolPeople(...args: Parameters<typeof listUsers>): Promise<Person[]> {
  return (await listUsers(...args)).map(personOf)
}
