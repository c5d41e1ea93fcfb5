import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createScratchDatabase, testDialects } from '../testing/postgres.js'
import { createToolStorage, type ToolStorage } from './storage.js'

const dialects = await testDialects()
const NOW = Date.UTC(2025, 0, 15)

const opened: ToolStorage[] = []
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function databaseUrl(dialect: 'sqlite' | 'postgres'): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ltihub-kysely-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return `sqlite:${join(dir, 'data', 'tool.db')}`
  }
  const scratch = await createScratchDatabase()
  cleanups.push(() => scratch.drop())
  return scratch.url
}

async function open(url: string): Promise<ToolStorage> {
  const storage = await createToolStorage({ database: url, clock: () => NOW })
  opened.push(storage)
  return storage
}

describe.each(dialects)('createToolStorage on $name', (dialect) => {
  it.skipIf(dialect.skipReason !== undefined)(
    'migrates, publishes a course, keeps one signing key and opens again',
    async () => {
      const url = await databaseUrl(dialect.name)
      const storage = await open(url)
      expect(storage.dialect).toBe(dialect.name)
      const publication = await storage.publish({ course: { id: 'algebra', title: 'Algebra' } })
      expect(publication).toMatchObject({ id: 'algebra', courseId: 'algebra', enabled: true })
      expect(await storage.publications.get('algebra')).toEqual(publication)
      expect(await storage.content.getCourse('algebra')).toEqual({
        id: 'algebra',
        title: 'Algebra',
      })
      await storage.saveActivity({ id: 'a1', courseId: 'algebra', title: 'One' })
      await storage.saveActivity({ id: 'a2', courseId: 'algebra', title: 'Two' })
      expect((await storage.content.listActivities('algebra')).map((a) => a.id)).toEqual([
        'a1',
        'a2',
      ])
      expect(
        await storage.addConsumerKey({
          key: 'k',
          secret: 's3cret',
          name: 'LMS',
          lmsIdPrefix: 'lms',
          enabled: true,
        }),
      ).toBe(true)
      expect((await storage.consumerKeys.find('k'))?.secret).toBe('s3cret')
      const kid = (await storage.keys.keyRing()).current.kid
      await storage.close()

      const again = await open(url)
      expect((await again.keys.keyRing()).current.kid).toBe(kid)
      expect(await again.publications.list()).toHaveLength(1)
    },
  )

  it.skipIf(dialect.skipReason !== undefined)(
    'hands concurrent processes the same signing key',
    async () => {
      const url = await databaseUrl(dialect.name)
      const [a, b] = [await open(url), await open(url)]
      const [ringA, ringB] = await Promise.all([a.keys.keyRing(), b.keys.keyRing()])
      expect(ringA.current.kid).toBe(ringB.current.kid)
    },
  )
})

describe('createToolStorage input', () => {
  it('refuses a database it cannot open', async () => {
    await expect(createToolStorage({ database: 'mysql://x' })).rejects.toThrow(TypeError)
    await expect(createToolStorage({ database: 'sqlite:' })).rejects.toThrow(TypeError)
  })
})
