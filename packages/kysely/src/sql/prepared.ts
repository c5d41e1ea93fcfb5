/**
 * Queries built and compiled once, then run with new values. Kysely builds an operation tree and
 * compiles it to SQL on every call; on the hot paths (a score, a launch) that cost more than
 * SQLite running the statement. A prepared query is written as usual, with placeholders where
 * the values go; it is compiled on first use per dialect and afterwards only its parameters change.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely'

/** The placeholders a query is built with: typed as the values they stand for. */
export type Placeholders<P> = { readonly [K in keyof P]: P[K] }

type Slot = { readonly name: string } | { readonly value: unknown }

interface Compiled {
  readonly sql: string
  readonly slots: readonly Slot[]
}

// A NUL-delimited marker: no value a caller stores could be mistaken for one.
const MARK = '\u0000ltihub:'
const END = '\u0000'

function placeholders<P>(): Placeholders<P> {
  return new Proxy({} as Placeholders<P>, {
    get: (_target, name) => {
      if (typeof name !== 'string') throw new TypeError('placeholders are named by strings')
      return `${MARK}${name}${END}`
    },
    ownKeys: () => {
      throw new TypeError('placeholders cannot be spread or listed: name each one')
    },
  })
}

function slotOf(parameter: unknown): Slot {
  if (typeof parameter !== 'string' || !parameter.includes(MARK)) return { value: parameter }
  const name = parameter.slice(MARK.length, -END.length)
  if (!parameter.startsWith(MARK) || !parameter.endsWith(END) || name.includes(END)) {
    // e.g. `JSON.stringify(p.x)` or a template around it: the value would be computed once only.
    throw new TypeError('a placeholder must be passed as a value, not used in an expression')
  }
  return { name }
}

/** The dialect a database handle compiles for (shared by the database and its transactions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: only the dialect matters
const dialectOf = (db: Kysely<any>): object => db.getExecutor().adapter

export interface PreparedQuery<DB, P, O> {
  /** All rows. */
  execute(db: Kysely<DB>, params: P): Promise<O[]>
  /** The first row, or `undefined`. */
  takeFirst(db: Kysely<DB>, params: P): Promise<O | undefined>
  /** The raw result (affected rows of a write without `returning`). */
  run(db: Kysely<DB>, params: P): Promise<QueryResult<O>>
}

/**
 * Prepares `build`: called once per dialect with placeholders, whose compiled SQL is then reused.
 * Placeholders must be passed to Kysely as values (`where('id', '=', p.id)`, `values({ a: p.a })`);
 * anything else in the query is fixed at preparation. They are read by name only: spreading or
 * destructuring `p` with a rest element sees no properties.
 *
 * @example
 * const byId = prepared((db: Kysely<Database>, p: Placeholders<{ id: string }>) =>
 *   db.selectFrom('users').selectAll().where('id', '=', p.id))
 * const user = await byId.takeFirst(db, { id })
 */
export function prepared<DB, P extends Record<string, unknown>, O>(
  build: (db: Kysely<DB>, p: Placeholders<P>) => Compilable<O>,
): PreparedQuery<DB, P, O> {
  const byDialect = new WeakMap<object, Compiled>()
  const compiledFor = (db: Kysely<DB>): Compiled => {
    const dialect = dialectOf(db)
    let compiled = byDialect.get(dialect)
    if (compiled === undefined) {
      const query = build(db, placeholders<P>()).compile()
      compiled = { sql: query.sql, slots: query.parameters.map(slotOf) }
      byDialect.set(dialect, compiled)
    }
    return compiled
  }
  const run = (db: Kysely<DB>, params: P): Promise<QueryResult<O>> => {
    const { sql, slots } = compiledFor(db)
    const values = slots.map((slot) => ('name' in slot ? params[slot.name] : slot.value))
    return db.executeQuery(CompiledQuery.raw(sql, values) as CompiledQuery<O>)
  }
  return {
    run,
    execute: async (db, params) => (await run(db, params)).rows,
    takeFirst: async (db, params) => (await run(db, params)).rows[0],
  }
}
