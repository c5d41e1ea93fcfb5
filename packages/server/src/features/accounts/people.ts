import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'

/** A person as the console knows them now: identity, email and roles from the current records. */
export interface Person {
  readonly id: string
  readonly name: string
  readonly email: string | null
  /** e.g. `administrator`, `teacher`, `author`. */
  readonly roles: readonly string[]
  /** Which feature holds the person: `console` (accounts feature) or e.g. `school`. */
  readonly source: string
}

/**
 * Where a feature's people come from (the school's users, say). The accounts feature asks every
 * source at each request, so a change of role in the feature's records applies at once.
 */
export interface PeopleSource {
  readonly name: string
  findById(db: Kysely<Database>, id: string): Promise<Person | undefined>
  /** Everyone whose email equals `emailLower` ignoring case (callers pass it lower-cased). */
  findByEmail(db: Kysely<Database>, emailLower: string): Promise<readonly Person[]>
  /** Whether anyone of this source holds the `administrator` role. */
  hasAdministrator(db: Kysely<Database>): Promise<boolean>
}

/** Emails compare case-insensitively (and without surrounding spaces). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}
