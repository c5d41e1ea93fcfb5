// Counts the SQL statements a server child prepares (Kysely prepares one per query on SQLite), so
// the driver can report queries per operation: GET /bench/queries answers the running total.
import SQLite from 'better-sqlite3'
import type { Feature } from '../../packages/server/src/features/feature.js'

let prepared = 0
/** Statements by text since the last `resetStatements()` (for profiles: which queries run). */
let bySql = new Map<string, number>()
const original = SQLite.prototype.prepare
SQLite.prototype.prepare = function prepare(this: SQLite.Database, source: string) {
  prepared++
  bySql.set(source, (bySql.get(source) ?? 0) + 1)
  return original.call(this, source)
} as typeof original

export function resetStatements(): void {
  bySql = new Map()
}

/** The statements run since the last reset, most frequent first, one `count  sql` per line. */
export function statementsReport(): string {
  return [...bySql.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([source, count]) => `${String(count).padStart(7)}  ${source.replace(/\s+/g, ' ')}`)
    .join('\n')
}

export const queryCountFeature: Feature = {
  name: 'bench-query-count',
  async routes(app) {
    app.get('/bench/queries', async () => ({ prepared }))
  },
}
