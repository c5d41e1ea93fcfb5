import { readdirSync } from 'node:fs'
import { toolTableMigrations } from '@ltihub/kysely/tool'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../testing/databases.js'
import { schemaSnapshot } from '../testing/schema-snapshot.js'
import {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  migrateDown,
  migrateDownAll,
  migrateToLatest,
  migrateUp,
  MigrationError,
  migrationStatus,
} from './migrate.js'
import { migrations } from './migrations/index.js'

const dialects = await testDialects()
const names = Object.keys(migrations)
const BOOKKEEPING = [MIGRATION_LOCK_TABLE, MIGRATION_TABLE].sort()

describe('migration list', () => {
  it('lists every migration file of the folder and of the tool storage, once, in order', () => {
    const files = readdirSync(new URL('./migrations/', import.meta.url))
      .filter((file) => /^\d{4}_.*\.ts$/.test(file) && !file.endsWith('.test.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
    // The tool's tables are @ltihub/kysely's, under the names existing databases recorded.
    expect(Object.keys(toolTableMigrations)).toEqual([
      '0300_tool_content',
      '0301_tool_lti',
      '0302_tool_roster_contexts',
    ])
    expect(names).toEqual([...files, ...Object.keys(toolTableMigrations)].sort())
    expect([...names].sort()).toEqual(names)
  })

  it('names migrations NNNN_snake_case with both directions', () => {
    for (const [name, migration] of Object.entries(migrations)) {
      expect(name).toMatch(/^\d{4}_[a-z0-9]+(_[a-z0-9]+)*$/)
      expect(typeof migration.up).toBe('function')
      expect(typeof migration.down).toBe('function')
    }
  })
})

describe.each(dialects)('migrations on $name', (dialect) => {
  const database = useTestDatabase(dialect, { migrate: false })

  it('migrate up, down to nothing, and up again give the same schema', async () => {
    const { db } = database()
    const applied = await migrateToLatest(db)
    expect(applied.map((step) => step.name)).toEqual(names)
    const fresh = await schemaSnapshot(db, dialect.name)
    expect(Object.keys(fresh.tables)).toContain('signing_keys')
    expect(await migrateToLatest(db)).toEqual([])

    await migrateDownAll(db)
    const empty = await schemaSnapshot(db, dialect.name)
    expect(empty).toEqual({ tables: {}, indexes: [] })
    const bookkeeping = (await db.introspection.getTables()).map((table) => table.name).sort()
    expect(bookkeeping).toEqual(BOOKKEEPING)

    await migrateToLatest(db)
    expect(await schemaSnapshot(db, dialect.name)).toEqual(fresh)
  })

  it('each down restores exactly the schema its up found', async () => {
    const { db } = database()
    for (const name of names) {
      const before = await schemaSnapshot(db, dialect.name)
      expect(await migrateUp(db)).toEqual([{ name, direction: 'up' }])
      expect(await migrateDown(db)).toEqual([{ name, direction: 'down' }])
      expect(await schemaSnapshot(db, dialect.name), `down of ${name}`).toEqual(before)
      await migrateUp(db)
    }
    const status = await migrationStatus(db)
    expect(status.every((entry) => entry.appliedAt instanceof Date)).toBe(true)
  })

  it('reports the failing migration by name and leaves none of it behind', async () => {
    const { db } = database()
    await migrateToLatest(db)
    const before = await schemaSnapshot(db, dialect.name)
    const broken = {
      ...migrations,
      '9999_broken': {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped
        async up(trx: Kysely<any>) {
          await trx.schema.createTable('half_done').addColumn('id', 'text').execute()
          throw new Error('boom')
        },
        down: () => Promise.resolve(),
      },
    }
    const error: unknown = await migrateToLatest(db, broken).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(MigrationError)
    expect(error).toMatchObject({ code: 'ERR_LTIHUB_MIGRATION', migration: '9999_broken' })
    expect(await schemaSnapshot(db, dialect.name)).toEqual(before)
    expect(
      (await migrationStatus(db)).filter((entry) => entry.appliedAt).map((e) => e.name),
    ).toEqual(names)
  })

  it('refuses a non-positive step count', async () => {
    await expect(migrateDown(database().db, 0)).rejects.toThrow(TypeError)
  })
})
