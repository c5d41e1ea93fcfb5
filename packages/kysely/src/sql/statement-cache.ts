import type SQLite from 'better-sqlite3'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Distinct SQL texts kept prepared; beyond it the least recently used statement is dropped. */
const DEFAULT_CAPACITY = 512

/**
 * better-sqlite3 behind a bounded cache of prepared statements. Kysely's SQLite driver prepares
 * every query it runs, and on the hot paths (a launch, a score) compiling the SQL text again cost
 * more than running it. A statement still being iterated (`busy`) is never handed out twice: the
 * caller then gets a fresh one. SQLite recompiles a cached statement itself after a schema change.
 */
export function withStatementCache(
  database: SQLite.Database,
  capacity = DEFAULT_CAPACITY,
): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  const remember = (source: string, statement: SQLite.Statement) => {
    statements.delete(source)
    statements.set(source, statement)
    if (statements.size > capacity) {
      const oldest = statements.keys().next()
      if (oldest.done !== true) statements.delete(oldest.value)
    }
  }
  return {
    close: () => database.close(),
    prepare(source: string): SqliteStatement {
      const cached = statements.get(source)
      const statement = cached !== undefined && !cached.busy ? cached : database.prepare(source)
      remember(source, statement)
      return statement
    },
  }
}
