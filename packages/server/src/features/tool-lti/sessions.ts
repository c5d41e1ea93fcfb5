import type { LaunchStateRecord, LaunchStateStore, SessionStore, ToolSession } from '@ltihub/tool'
import { type Db, fromJson } from './rows.js'

/** Pending OIDC logins. `take` is one DELETE … RETURNING, so a state serves one launch only. */
export function sqlLaunchStateStore(db: Db): LaunchStateStore {
  return {
    async save(record) {
      await db
        .insertInto('tool_launch_states')
        .values({
          state: record.state,
          record: JSON.stringify(record),
          expires_at: record.expiresAt,
        })
        .execute()
    },
    async find(state, now) {
      const row = await db
        .selectFrom('tool_launch_states')
        .select('record')
        .where('state', '=', state)
        .where('expires_at', '>', now)
        .executeTakeFirst()
      return row === undefined ? undefined : fromJson<LaunchStateRecord>(row.record)
    },
    async take(state, now) {
      const row = await db
        .deleteFrom('tool_launch_states')
        .where('state', '=', state)
        .returning(['record', 'expires_at'])
        .executeTakeFirst()
      // Deleted whatever its age: an expired state is dead anyway, and is gone now.
      return row === undefined || row.expires_at <= now
        ? undefined
        : fromJson<LaunchStateRecord>(row.record)
    },
  }
}

/** Launch and deep-linking sessions as JSON. */
export function sqlSessionStore(db: Db): SessionStore {
  return {
    async save(session) {
      const values = {
        kind: session.kind,
        data: JSON.stringify(session),
        expires_at: session.expiresAt,
      }
      await db
        .insertInto('tool_sessions')
        .values({ id: session.id, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute()
    },
    async get(id, now) {
      const row = await db
        .selectFrom('tool_sessions')
        .select('data')
        .where('id', '=', id)
        .where('expires_at', '>', now)
        .executeTakeFirst()
      return row === undefined ? undefined : fromJson<ToolSession>(row.data)
    },
  }
}

/** Deletes expired launch states and sessions; returns how many rows went. */
export async function purgeExpiredSessions(db: Db, now: number): Promise<number> {
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
