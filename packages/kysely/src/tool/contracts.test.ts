import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toolPortContracts, type ToolPortsUnderTest } from '@ltihub/tool/testing'
import { Kysely, sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest'
import { dialectFor } from '../sql/database.js'
import { createScratchDatabase, type ScratchDatabase, testDialects } from '../testing/postgres.js'
import { createToolStorage, type ToolStorage } from './storage.js'

const dialects = await testDialects()

const opened: ToolStorage[] = []
const folders: string[] = []
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close()
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function subjectOf(storage: ToolStorage): ToolPortsUnderTest {
  opened.push(storage)
  return {
    ports: storage,
    async publish(course, publication) {
      await storage.saveCourse(course)
      await storage.savePublication(publication)
    },
    async addConsumerKey(key) {
      if (!(await storage.addConsumerKey(key))) throw new Error(`key ${key.key} exists`)
    },
  }
}

describe('tool port contracts on SQLite (createToolStorage)', () => {
  const make = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltihub-contracts-'))
    folders.push(dir)
    return subjectOf(await createToolStorage({ database: `sqlite:${join(dir, 'tool.db')}` }))
  }
  for (const check of toolPortContracts(make)) it(check.name, check.run)
})

const postgres = dialects.find((dialect) => dialect.name === 'postgres')

describe('tool port contracts on PostgreSQL (createToolStorage)', () => {
  const skip = postgres?.skipReason
  let scratch: ScratchDatabase | undefined
  beforeAll(async () => {
    if (skip === undefined) scratch = await createScratchDatabase()
  })
  afterAll(async () => {
    await scratch?.drop()
  })
  // A fresh schema per check, in the run's own database.
  const make = async () => {
    if (scratch === undefined) throw new Error('the scratch database was not created')
    const admin = new Kysely<never>({ dialect: (await dialectFor(scratch.url)).driver })
    try {
      await sql`drop schema public cascade`.execute(admin)
      await sql`create schema public`.execute(admin)
    } finally {
      await admin.destroy()
    }
    return subjectOf(await createToolStorage({ database: scratch.url }))
  }
  for (const check of toolPortContracts(make)) it.skipIf(skip !== undefined)(check.name, check.run)
})
