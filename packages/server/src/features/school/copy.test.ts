import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { sqlLineItemStore, sqlResourceLinkStore } from '../platform-lti/index.js'
import { listAssignments } from './assignments-repository.js'
import { copySection } from './copy.js'
import { copyResourceLinks } from './copy-links.js'
import { createSchoolFixture } from './fixture.js'
import { listSections } from './sections-repository.js'

const NOW = Date.UTC(2026, 8, 1)
const dialects = await testDialects()

describe.each(dialects)('course copy on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('copies aligned resource links with their history into the new assignments', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const links = sqlResourceLinkStore(db, () => NOW)
    const original = await links.create({
      contextId: f.section.id,
      connectionId: 'conn-1',
      title: 'Quiz in the tool',
      custom: { chapter: '3' },
      assignmentId: f.pointsAssignment.id,
    })
    const lineItems = sqlLineItemStore(db, () => NOW)
    await lineItems.create({
      contextId: f.section.id,
      connectionId: 'conn-1',
      label: 'Quiz score',
      scoreMaximum: 10,
      resourceLinkId: original.id,
      assignmentId: f.pointsAssignment.id,
      tag: 'quiz',
      extensions: {},
    })
    const target = { label: 'Period 1', term: '2027-28' }
    const first = await copySection(db, f.section.id, target, NOW, [copyResourceLinks])
    if (first.kind !== 'copied') throw new Error(first.kind)
    const newAssignment = first.copy.assignmentIds.get(f.pointsAssignment.id) ?? ''
    const [copied] = await links.listByAssignment(newAssignment)
    expect(copied).toMatchObject({
      contextId: first.copy.section.id,
      connectionId: 'conn-1',
      title: 'Quiz in the tool',
      custom: { chapter: '3' },
      history: [original.id],
    })
    // AGS: copied "with all attributes except resourceLinkId", which becomes the new link's.
    expect(await lineItems.listByAssignment(newAssignment)).toMatchObject([
      { label: 'Quiz score', scoreMaximum: 10, tag: 'quiz', resourceLinkId: copied?.id },
    ])
    const second = await copySection(
      db,
      first.copy.section.id,
      { label: 'Period 1', term: '2028-29' },
      NOW,
      [copyResourceLinks],
    )
    if (second.kind !== 'copied') throw new Error(second.kind)
    const [again] = await links.listByAssignment(second.copy.assignmentIds.get(newAssignment) ?? '')
    expect(again?.history).toEqual([copied?.id, original.id])
    // The original stays where it was.
    expect(await links.listByAssignment(f.pointsAssignment.id)).toEqual([original])
  })

  it('undoes the whole copy when an extension fails', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const before = (await listSections(db)).length
    const failing = async () => {
      throw new Error('extension failed')
    }
    await expect(
      copySection(db, f.section.id, { label: 'X', term: 'Y' }, NOW, [failing]),
    ).rejects.toThrow('extension failed')
    expect((await listSections(db)).length).toBe(before)
    const orphans = await db
      .selectFrom('assignments')
      .select('id')
      .where('copied_from', 'is not', null)
      .execute()
    expect(orphans).toEqual([])
    expect((await listAssignments(db, f.section.id)).length).toBe(2)
  })

  it('reports an unknown section and a taken label without writing', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    expect(await copySection(db, 'unknown', { label: 'X', term: 'Y' }, NOW)).toEqual({
      kind: 'not-found',
    })
    expect(
      await copySection(db, f.section.id, { label: 'Period 1', term: '2026-27' }, NOW),
    ).toEqual({ kind: 'duplicate' })
  })
})
