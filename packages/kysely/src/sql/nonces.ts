import type { NonceStore } from '@ltihub/core'
import type { Kysely } from 'kysely'
import { sha256Base64url } from './digest.js'
import type { NonceTables } from './nonce-table.js'
import { type Placeholders, prepared } from './prepared.js'

/** Scopes and values longer than this are refused as misuse; nonces are short random strings. */
const MAX_SCOPE_LENGTH = 200

// Every launch consumes a nonce: prepared once (sql/prepared.ts).
const consumeNonce = prepared(
  (
    db: Kysely<NonceTables>,
    p: Placeholders<{ scope: string; valueSha256: string; expiresAt: number; now: number }>,
  ) =>
    db
      .insertInto('nonces')
      .values({ scope: p.scope, value_sha256: p.valueSha256, expires_at: p.expiresAt })
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'value_sha256'])
          .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
          .where('nonces.expires_at', '<=', p.now),
      ),
)

/**
 * `NonceStore` on SQL, atomic in ONE statement: insert the value, or, when it is already there,
 * take it over only if its earlier use has expired. The affected row count says which happened,
 * so two concurrent requests with the same nonce can never both succeed (house style §10; the
 * find-then-insert of older libraries is the flaw this avoids). Both dialects implement
 * `INSERT … ON CONFLICT … DO UPDATE … WHERE` with this meaning.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export class SqlNonceStore<DB extends NonceTables = NonceTables> implements NonceStore {
  readonly #db: Kysely<NonceTables>
  readonly #now: () => number

  constructor(db: Kysely<DB>, now: () => number = Date.now) {
    // Only `nonces` is used: a larger schema is narrowed to it.
    this.#db = db as unknown as Kysely<NonceTables>
    this.#now = now
  }

  async consume(scope: string, value: string, expiresAt: number): Promise<boolean> {
    if (scope.length === 0 || scope.length > MAX_SCOPE_LENGTH) {
      throw new TypeError(`scope must be 1 to ${MAX_SCOPE_LENGTH} characters`)
    }
    if (!Number.isSafeInteger(expiresAt))
      throw new TypeError('expiresAt must be epoch milliseconds')
    const result = await consumeNonce.run(this.#db, {
      scope,
      valueSha256: sha256Base64url(value),
      expiresAt,
      now: this.#now(),
    })
    return result.numAffectedRows === 1n
  }
}

/** Deletes expired nonces; returns how many. Run periodically (see `noncePurgeJob`). */
export async function purgeExpiredNonces<DB extends NonceTables>(
  handle: Kysely<DB>,
  now: number,
): Promise<number> {
  const db = handle as unknown as Kysely<NonceTables>
  const result = await db.deleteFrom('nonces').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
