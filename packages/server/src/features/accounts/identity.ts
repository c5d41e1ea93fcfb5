import type { Kysely } from 'kysely'
import type { Principal } from '../../console/session.js'
import type { Database } from '../../db/schema.js'
import { consolePeopleSource } from './console-people.js'
import { normalizeEmail, type Person, type PeopleSource } from './people.js'
import { findAccount } from './repository.js'

/**
 * Who someone is now: their name and roles read from the current records at each call (console
 * people, then each feature's {@link PeopleSource}), and whether their account is disabled.
 */
export interface Identity {
  /** The current name and roles; `undefined` when unknown or disabled. */
  findById(id: string): Promise<Principal | undefined>
  /**
   * The one person with this email (ignoring case) across console accounts and every source;
   * `undefined` when nobody, several people, or a disabled person has it.
   */
  findByEmail(email: string): Promise<{ principal: Principal; ssoOnly: boolean } | undefined>
  /** The person record (email, source) whatever the account state, for console pages. */
  findPerson(id: string): Promise<Person | undefined>
  /** Everyone with this email (ignoring case), disabled or not: to keep emails unique. */
  peopleWithEmail(email: string): Promise<Person[]>
  /** Whether any person, console or school, holds the `administrator` role. */
  hasAdministrator(): Promise<boolean>
}

function principalOf(person: Person): Principal {
  return { id: person.id, name: person.name, roles: person.roles }
}

/** The identity over console people and the sources of the mounted features. */
export function createIdentity(options: {
  readonly db: Kysely<Database>
  readonly sources: readonly PeopleSource[]
}): Identity {
  const { db } = options
  const sources = [consolePeopleSource, ...options.sources]

  async function findPerson(id: string): Promise<Person | undefined> {
    for (const source of sources) {
      const person = await source.findById(db, id)
      if (person !== undefined) return person
    }
    return undefined
  }

  async function peopleWithEmail(email: string): Promise<Person[]> {
    const wanted = normalizeEmail(email)
    if (wanted === '') return []
    const lists = await Promise.all(sources.map((source) => source.findByEmail(db, wanted)))
    return lists.flat()
  }

  return {
    findPerson,
    peopleWithEmail,
    async findById(id) {
      const person = await findPerson(id)
      if (person === undefined) return undefined
      const account = await findAccount(db, id)
      return account?.disabled === true ? undefined : principalOf(person)
    },
    async findByEmail(email) {
      const people = await peopleWithEmail(email)
      const [person] = people
      if (person === undefined || people.length > 1) return undefined
      const account = await findAccount(db, person.id)
      if (account?.disabled === true) return undefined
      return { principal: principalOf(person), ssoOnly: account?.ssoOnly === true }
    },
    async hasAdministrator() {
      for (const source of sources) if (await source.hasAdministrator(db)) return true
      return false
    },
  }
}
