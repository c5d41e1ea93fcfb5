import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Clock } from '@ltihub/core'
import { type Kysely, sql } from 'kysely'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Database } from '../../db/schema.js'
import { sha256Base64url } from '../../security/digest.js'

/** Longer keys are stored as their hash, so an odd caller cannot grow the table's rows. */
const MAX_KEY_LENGTH = 200

interface Counter {
  readonly hits: number
  readonly window_ends_at: number
}

type HitParams = { key: string; now: number; windowEndsAt: number }

/**
 * One hit, in ONE statement on both dialects: insert the key's first hit, or count one more in
 * its live window, or restart a window that has ended; the new count and the window's end come
 * back with RETURNING. Concurrent hits serialise on the row (PostgreSQL's ON CONFLICT takes its
 * lock; SQLite has one writer), so no hit is lost between processes.
 */
const hit = prepared((db: Kysely<Database>, p: Placeholders<HitParams>) =>
  db
    .insertInto('rate_limit_counters')
    .values({ key: p.key, hits: 1, window_ends_at: p.windowEndsAt })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_counters.window_ends_at <= ${p.now} then 1 else rate_limit_counters.hits + 1 end`,
        window_ends_at: sql<number>`case when rate_limit_counters.window_ends_at <= ${p.now} then ${p.windowEndsAt} else rate_limit_counters.window_ends_at end`,
      }),
    )
    .returning(['hits', 'window_ends_at']),
)

const peek = prepared((db: Kysely<Database>, p: Placeholders<{ key: string; now: number }>) =>
  db
    .selectFrom('rate_limit_counters')
    .select(['hits', 'window_ends_at'])
    .where('key', '=', p.key)
    .where('window_ends_at', '>', p.now),
)

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

function storedKey(prefix: string, key: string): string {
  const full = prefix + key
  return full.length <= MAX_KEY_LENGTH ? full : `sha256:${sha256Base64url(full)}`
}

function settle(work: Promise<{ current: number; ttl: number }>, callback: Callback): void {
  work.then(
    (result) => callback(null, result),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
  )
}

/** A window's counter: hits so far and the milliseconds left. */
export interface WindowCount {
  readonly current: number
  readonly ttl: number
}

/** Counts one hit of `key` in a window of `windowMs` (see {@link hit}). */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now: number,
): Promise<WindowCount> {
  const row: Counter | undefined = await hit.takeFirst(db, {
    key,
    now,
    windowEndsAt: now + windowMs,
  })
  if (row === undefined) throw new Error('the rate-limit upsert returned no row')
  return { current: Number(row.hits), ttl: Math.max(0, Number(row.window_ends_at) - now) }
}

/** The live window of `key` without counting: zero hits when there is none. */
export async function readHits(
  db: Kysely<Database>,
  key: string,
  now: number,
): Promise<WindowCount> {
  const row: Counter | undefined = await peek.takeFirst(db, { key, now })
  if (row === undefined) return { current: 0, ttl: 0 }
  return { current: Number(row.hits), ttl: Math.max(0, Number(row.window_ends_at) - now) }
}

/**
 * A `@fastify/rate-limit` store over Kysely, for several processes sharing one SQLite or
 * PostgreSQL database: fixed windows, `incr` counts (one upsert), `read` peeks. A route's child
 * store prefixes its keys with the route, as the library's own stores do.
 */
export function sqlRateLimitStore(db: Kysely<Database>, clock: Clock): FastifyRateLimitStoreCtor {
  class SqlRateLimitStore implements FastifyRateLimitStore {
    readonly #prefix: string

    constructor(_options: unknown, prefix = '') {
      this.#prefix = prefix
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      settle(countHit(db, storedKey(this.#prefix, key), timeWindow, clock()), callback)
    }

    read(key: string, callback: Callback): void {
      settle(readHits(db, storedKey(this.#prefix, key), clock()), callback)
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]) {
      // The library passes the route as `routeInfo` (empty for `createRateLimit` limiters).
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo
      const scope = route?.url === undefined ? '' : `${String(route.method)}${String(route.url)}-`
      return new SqlRateLimitStore(undefined, this.#prefix + scope)
    }
  }
  return SqlRateLimitStore
}

/** Deletes counters whose window has ended; returns how many. Run periodically. */
export async function purgeEndedWindows(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counters')
    .where('window_ends_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
