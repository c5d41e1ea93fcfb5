import type { LaunchStateRecord, LaunchStateStore, SessionStore, ToolSession } from '@ltihub/tool'
import { type Placeholders, prepared } from '../sql/prepared.js'
import { type Db, fromJson, narrow } from './rows.js'
import type { Kysely } from 'kysely'
import type { ToolDatabase } from './schema.js'

// Every login writes a state and every launch reads, takes it and writes a session: prepared once
// (sql/prepared.ts).
const insertState = prepared(
  (db: Db, p: Placeholders<{ state: string; record: string; expiresAt: number }>) =>
    db
      .insertInto('tool_launch_states')
      .values({ state: p.state, record: p.record, expires_at: p.expiresAt }),
)
const liveState = prepared((db: Db, p: Placeholders<{ state: string; now: number }>) =>
  db
    .selectFrom('tool_launch_states')
    .select('record')
    .where('state', '=', p.state)
    .where('expires_at', '>', p.now),
)
const deleteState = prepared((db: Db, p: Placeholders<{ state: string }>) =>
  db
    .deleteFrom('tool_launch_states')
    .where('state', '=', p.state)
    .returning(['record', 'expires_at']),
)
const upsertSession = prepared(
  (db: Db, p: Placeholders<{ id: string; kind: string; data: string; expiresAt: number }>) => {
    const values = { kind: p.kind, data: p.data, expires_at: p.expiresAt }
    return db
      .insertInto('tool_sessions')
      .values({ id: p.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
  },
)
const liveSession = prepared((db: Db, p: Placeholders<{ id: string; now: number }>) =>
  db
    .selectFrom('tool_sessions')
    .select('data')
    .where('id', '=', p.id)
    .where('expires_at', '>', p.now),
)

/** Pending OIDC logins. `take` is one DELETE … RETURNING, so a state serves one launch only. */
export function sqlLaunchStateStore<DB extends ToolDatabase>(handle: Kysely<DB>): LaunchStateStore {
  const db = narrow(handle)
  return {
    async save(record) {
      await insertState.run(db, {
        state: record.state,
        record: JSON.stringify(record),
        expiresAt: record.expiresAt,
      })
    },
    async find(state, now) {
      const row = await liveState.takeFirst(db, { state, now })
      return row === undefined ? undefined : fromJson<LaunchStateRecord>(row.record)
    },
    async take(state, now) {
      const row = await deleteState.takeFirst(db, { state })
      // Deleted whatever its age: an expired state is dead anyway, and is gone now.
      return row === undefined || row.expires_at <= now
        ? undefined
        : fromJson<LaunchStateRecord>(row.record)
    },
  }
}

/** Launch and deep-linking sessions as JSON. */
export function sqlSessionStore<DB extends ToolDatabase>(handle: Kysely<DB>): SessionStore {
  const db = narrow(handle)
  return {
    async save(session) {
      await upsertSession.run(db, {
        id: session.id,
        kind: session.kind,
        data: JSON.stringify(session),
        expiresAt: session.expiresAt,
      })
    },
    async get(id, now) {
      const row = await liveSession.takeFirst(db, { id, now })
      return row === undefined ? undefined : fromJson<ToolSession>(row.data)
    },
  }
}

/** Deletes expired launch states and sessions; returns how many rows went. */
export async function purgeExpiredSessions<DB extends ToolDatabase>(
  handle: Kysely<DB>,
  now: number,
): Promise<number> {
  const db = narrow(handle)
  const states = await db
    .deleteFrom('tool_launch_states')
    .where('expires_at', '<=', now)
    .executeTakeFirst()
  const sessions = await db
    .deleteFrom('tool_sessions')
    .where('expires_at', '<=', now)
    .executeTakeFirst()
  return Number(states.numDeletedRows + sessions.numDeletedRows)
}
