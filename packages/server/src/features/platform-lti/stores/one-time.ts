/**
 * Single-use records (launch intents, deep linking sessions, registration tokens) in SQL. The
 * bearer value is stored only as its SHA-256, and `consume` removes and returns the record in
 * one `DELETE … RETURNING` statement: two requests presenting the same value can never both
 * get it (house style §10).
 */
import type { DeepLinkingSession, LaunchIntent, RegistrationToken } from '../layer.js'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Db } from './db.js'
import { sha256Base64url } from '../../../security/digest.js'

type OneTimeTable = 'lti_launch_intents' | 'lti_deep_linking_sessions' | 'lti_registration_tokens'

/** Longest bearer value looked up; longer ones cannot have been issued. */
const MAX_ID_LENGTH = 512

interface OneTime {
  readonly id: string
  readonly expiresAt: number
}

/** The port shape shared by the three single-use stores. */
export interface OneTimeStore<T extends OneTime> {
  save(record: T): Promise<void>
  consume(id: string, now: number): Promise<T | undefined>
}

/** The two statements of a single-use table, prepared once (`prepared` of @ltihub/kysely/sql): two per launch. */
function statementsOf(table: OneTimeTable) {
  return {
    insert: prepared(
      (db: Db, p: Placeholders<{ hash: string; payload: string; expiresAt: number }>) =>
        db
          .insertInto(table)
          .values({ id_sha256: p.hash, payload_json: p.payload, expires_at: p.expiresAt }),
    ),
    take: prepared((db: Db, p: Placeholders<{ hash: string; now: number }>) =>
      db
        .deleteFrom(table)
        .where('id_sha256', '=', p.hash)
        .where('expires_at', '>', p.now)
        .returning('payload_json'),
    ),
  }
}
const statements = {
  lti_launch_intents: statementsOf('lti_launch_intents'),
  lti_deep_linking_sessions: statementsOf('lti_deep_linking_sessions'),
  lti_registration_tokens: statementsOf('lti_registration_tokens'),
}

function oneTimeStore<T extends OneTime>(db: Db, table: OneTimeTable): OneTimeStore<T> {
  const { insert, take } = statements[table]
  return {
    async save(record) {
      if (!Number.isSafeInteger(record.expiresAt)) throw new TypeError('expiresAt must be epoch ms')
      const { id, ...payload } = record
      await insert.run(db, {
        hash: sha256Base64url(id),
        payload: JSON.stringify(payload),
        expiresAt: record.expiresAt,
      })
    },
    async consume(id, now) {
      if (id.length === 0 || id.length > MAX_ID_LENGTH) return undefined
      const row = await take.takeFirst(db, { hash: sha256Base64url(id), now })
      if (row === undefined) return undefined
      // Written by `save` above from a value of type T (without its id): trusted data at rest.
      return { ...(JSON.parse(row.payload_json) as Omit<T, 'id'>), id } as T
    },
  }
}

/** `LaunchIntentStore`: the records behind `lti_message_hint`. */
export const sqlLaunchIntentStore = (db: Db): OneTimeStore<LaunchIntent> =>
  oneTimeStore<LaunchIntent>(db, 'lti_launch_intents')

/** `DeepLinkingSessionStore`: consumed by the deep linking return. */
export const sqlDeepLinkingSessionStore = (db: Db): OneTimeStore<DeepLinkingSession> =>
  oneTimeStore<DeepLinkingSession>(db, 'lti_deep_linking_sessions')

/** `RegistrationTokenStore`: Dynamic Registration tokens. */
export const sqlRegistrationTokenStore = (db: Db): OneTimeStore<RegistrationToken> =>
  oneTimeStore<RegistrationToken>(db, 'lti_registration_tokens')

/** Deletes expired single-use records of every kind; returns how many. */
export async function purgeExpiredLaunchState(db: Db, now: number): Promise<number> {
  let deleted = 0
  for (const table of [
    'lti_launch_intents',
    'lti_deep_linking_sessions',
    'lti_registration_tokens',
  ] as const) {
    const result = await db.deleteFrom(table).where('expires_at', '<=', now).executeTakeFirst()
    deleted += Number(result.numDeletedRows)
  }
  return deleted
}
