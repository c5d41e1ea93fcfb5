import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../context.js'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { listAssignments } from './assignments-repository.js'
import { createSqlLmsDirectory } from './directory.js'
import { findDistrictByName, listSchools, listUsers } from './repository.js'
import {
  DEMO_ADMINISTRATOR_ID,
  DEMO_DISTRICT,
  demoSchoolIdentities,
  seedDemoSchool,
} from './seed.js'
import { listSections } from './sections-repository.js'

const NOW = Date.UTC(2026, 8, 1)
const dialects = await testDialects()

async function snapshot(ctx: AppContext) {
  const sections = await listSections(ctx.db)
  return {
    schools: (await listSchools(ctx.db)).map((s) => s.name),
    users: (await listUsers(ctx.db)).map((u) => u.loginName),
    sections: sections.map((s) => s.id),
    assignments: (await Promise.all(sections.map((s) => listAssignments(ctx.db, s.id)))).flat(),
  }
}

describe.each(dialects)('demo school on $name', (dialect) => {
  const database = useTestDatabase(dialect)
  const contextOf = () => ({ db: database().db, clock: () => NOW }) as unknown as AppContext

  it('seeds the district idempotently', async () => {
    const ctx = contextOf()
    await seedDemoSchool(ctx)
    const first = await snapshot(ctx)
    await seedDemoSchool(ctx)
    expect(await snapshot(ctx)).toEqual(first)
    expect(first.schools).toEqual([
      'Arthur Elementary',
      'Lincoln Middle School',
      'Roosevelt High School',
    ])
    expect(await findDistrictByName(ctx.db, DEMO_DISTRICT)).toBeDefined()
    const scorings = first.assignments.map((a) => [a.scoring, a.pointsPossible])
    expect(scorings).toContainEqual(['points', 20])
    expect(scorings).toContainEqual(['points', 50])
    expect(scorings).toContainEqual(['marks', null])
    expect(scorings).toContainEqual(['rubric', null])
  })

  it('gives the demo administrator an email, teachers the tool right, a parent a student', async () => {
    const ctx = contextOf()
    await seedDemoSchool(ctx)
    const directory = createSqlLmsDirectory(ctx.db)
    const admin = await directory.getUser(DEMO_ADMINISTRATOR_ID)
    expect(admin).toMatchObject({ kind: 'admin', email: 'administrator@demo-district.example' })
    expect(admin?.schoolIds).toHaveLength(3)
    const teachers = await listUsers(ctx.db, { kind: 'teacher' })
    expect(teachers.length).toBe(2)
    expect(teachers.every((t) => t.externalLearningTools && t.email !== null)).toBe(true)
    const [parent] = await listUsers(ctx.db, { kind: 'parent' })
    expect((await directory.getUser(parent?.id ?? ''))?.menteeIds).toHaveLength(1)
    const identities = await demoSchoolIdentities(ctx)
    expect(identities.map((i) => i.roles[0])).toEqual([
      ...Array(2).fill('teacher'),
      ...Array(7).fill('student'),
      'parent',
    ])
    expect(identities.map((i) => i.id)).not.toContain(DEMO_ADMINISTRATOR_ID)
  })

  it('offers nobody before seeding', async () => {
    expect(await demoSchoolIdentities(contextOf())).toEqual([])
  })
})
