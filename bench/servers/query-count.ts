// Counts the SQL statements a server child runs, so the driver can report queries per operation:
// GET /bench/queries answers the running total. The server keeps statements prepared, so the
// count wraps the statement's run/all/get/iterate rather than `prepare`.
import SQLite from 'better-sqlite3'
import type { Feature } from '../../packages/server/src/features/feature.js'

let executed = 0
/** Statements by text since the last `resetStatements()` (for profiles: which queries run). */
let bySql = new Map<string, { count: number; ns: bigint }>()

// Counting by text costs a hash of the SQL per statement: only when profiles are written.
const byText = process.env['BENCH_PROFILE_DIR'] !== undefined

function counted(source: string, ns: bigint): void {
  executed++
  if (!byText) return
  const seen = bySql.get(source) ?? { count: 0, ns: 0n }
  bySql.set(source, { count: seen.count + 1, ns: seen.ns + ns })
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
    const started = process.hrtime.bigint()
    try {
      return original.apply(this, args)
    } finally {
      counted(this.source, process.hrtime.bigint() - started)
    }
  }
}

export function resetStatements(): void {
  bySql = new Map()
}

/**
 * The statements run since the last reset, most time first, one `count  µs-each  sql` per line
 * (the time is SQLite's alone: from the statement call to its return).
 */
export function statementsReport(): string {
  return [...bySql.entries()]
    .sort((a, b) => Number(b[1].ns - a[1].ns))
    .map(([source, { count, ns }]) => {
      const each = (Number(ns) / 1000 / count).toFixed(1)
      return `${String(count).padStart(7)}  ${each.padStart(7)} µs  ${source.replace(/\s+/g, ' ')}`
    })
    .join('\n')
}

export const queryCountFeature: Feature = {
  name: 'bench-query-count',
  async routes(app) {
    app.get('/bench/queries', async () => ({ executed }))
  },
}
