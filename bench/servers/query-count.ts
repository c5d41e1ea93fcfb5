// Counts the SQL statements a server child prepares (Kysely prepares one per query on SQLite), so
// the driver can report queries per operation: GET /bench/queries answers the running total.
import SQLite from 'better-sqlite3'
import type { Feature } from '../../packages/server/src/features/feature.js'

let prepared = 0
const original = SQLite.prototype.prepare
SQLite.prototype.prepare = function prepare(this: SQLite.Database, source: string) {
  prepared++
  return original.call(this, source)
} as typeof original

export const queryCountFeature: Feature = {
  name: 'bench-query-count',
  async routes(app) {
    app.get('/bench/queries', async () => ({ prepared }))
  },
}
