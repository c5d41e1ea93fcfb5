// Counts the SQL statements a server child runs, so the driver can report queries per operation:
// GET /bench/queries answers the running total. The server keeps statements prepared, so the
// count wraps the statement's run/all/get/iterate rather than `prepare`.
import SQLite from 'better-sqlite3'
import type { Feature } from '../../packages/server/src/features/feature.js'

let executed = 0
/** Statements by text since the last `resetStatements()` (for profiles: which queries run). */
let bySql = new Map<string, number>()

// Counting by text costs a hash of the SQL per statement: only when profiles are written.
const byText = process.env['BENCH_PROFILE_DIR'] !== undefined

function counted(source: string): void {
  executed++
  if (byText) bySql.set(source, (bySql.get(source) ?? 0) + 1)
}

const probe = new SQLite(':memory:')
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
  'run' | 'all' | 'get' | 'iterate',
  (this: SQLite.Statement, ...args: unknown[]) => unknown
>
probe.close()
for (const method of ['run', 'all', 'get', 'iterate'] as const) {
  const original = statementPrototype[method]
  statementPrototype[method] = function execute(this: SQLite.Statement, ...args: unknown[]) {
    counted(this.source)
    return original.apply(this, args)
  }
}

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
    app.get('/bench/queries', async () => ({ executed }))
  },
}
