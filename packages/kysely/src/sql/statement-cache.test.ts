import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { withStatementCache } from './statement-cache.js'

const opened: SQLite.Database[] = []
function open() {
  const database = new SQLite(':memory:')
  opened.push(database)
  database.exec('create table t (id integer primary key, v text)')
  return database
}
afterEach(() => {
  for (const database of opened.splice(0)) if (database.open) database.close()
})

describe('withStatementCache', () => {
  it('prepares each SQL text once and reuses the statement', () => {
    const cached = withStatementCache(open())
    const first = cached.prepare('select v from t where id = ?')
    expect(cached.prepare('select v from t where id = ?')).toBe(first)
    expect(cached.prepare('select id from t')).not.toBe(first)
  })

  it('hands out a fresh statement while the cached one is being iterated', () => {
    const database = open()
    database.exec("insert into t (v) values ('a'), ('b')")
    const cached = withStatementCache(database)
    const statement = cached.prepare('select v from t order by id') as SQLite.Statement
    const rows = statement.iterate()
    rows.next()
    const other = cached.prepare('select v from t order by id') as SQLite.Statement
    expect(other).not.toBe(statement)
    expect(other.all()).toEqual([{ v: 'a' }, { v: 'b' }])
    rows.return?.()
  })

  it('keeps at most `capacity` statements, dropping the least recently used', () => {
    const cached = withStatementCache(open(), 2)
    const a = cached.prepare('select 1')
    const b = cached.prepare('select 2')
    expect(cached.prepare('select 1')).toBe(a)
    cached.prepare('select 3')
    expect(cached.prepare('select 1')).toBe(a)
    expect(cached.prepare('select 2')).not.toBe(b)
  })

  it('gives Kysely the same results as preparing every time, across a schema change', async () => {
    const db = new Kysely<{ t: { id: number; v: string } }>({
      dialect: new SqliteDialect({ database: withStatementCache(open()) }),
    })
    await db.insertInto('t').values({ id: 1, v: 'one' }).execute()
    const read = () => db.selectFrom('t').selectAll().where('id', '=', 1).execute()
    expect(await read()).toEqual([{ id: 1, v: 'one' }])
    await sql`alter table t add column w text`.execute(db)
    expect(await read()).toEqual([{ id: 1, v: 'one', w: null }])
    await db.destroy()
  })
})
