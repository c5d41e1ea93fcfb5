import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { testDialects, useTestDatabase } from '../../testing/databases.js'
import { findGradeEntry, writeManualGrade } from './assignments-repository.js'
import { copySection } from './copy.js'
import { createSqlLmsDirectory, MAX_ROSTER_PAGE } from './directory.js'
import { createSchoolFixture } from './fixture.js'
import { createSqlGradeBook } from './grade-book.js'
import type { GradeWrite } from './layer.js'

const NOW = 1_790_000_000_000
const dialects = await testDialects()

describe.each(dialects)('LmsDirectory on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  it('maps users: admins as admin of every district school, parents with their mentees', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const directory = createSqlLmsDirectory(db)
    const admin = await directory.getUser(f.admin.id)
    expect(admin).toMatchObject({ kind: 'admin', email: 'ada.admin@example.edu', menteeIds: [] })
    expect([...(admin?.schoolIds ?? [])].sort()).toEqual([f.school.id, f.otherSchool.id].sort())
    expect(await directory.getUser(f.parent.id)).toMatchObject({
      kind: 'parent',
      menteeIds: [f.student.id],
      schoolIds: [],
    })
    const teacher = await directory.getUser(f.teacher.id)
    expect(teacher).toEqual({
      id: f.teacher.id,
      kind: 'teacher',
      givenName: 'Tom',
      familyName: 'Teacher',
      fullName: 'Tom Teacher',
      email: 'tom.teacher@example.edu',
      username: 'tom',
      schoolIds: [f.school.id],
      menteeIds: [],
      canUseExternalTools: true,
    })
    // A user without an email has no `email` member at all, not an undefined one.
    expect(Object.keys((await directory.getUser(f.student.id)) ?? {})).not.toContain('email')
    expect(await directory.getUser('no-such-user')).toBeUndefined()
  })

  it('maps a section to a context with title, label and copy history, most recent first', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const directory = createSqlLmsDirectory(db)
    expect(await directory.getContext(f.section.id)).toEqual({
      id: f.section.id,
      schoolId: f.school.id,
      title: 'Algebra (Period 1)',
      label: 'ALG-1',
      history: [],
    })
    const first = await copySection(db, f.section.id, { label: 'Period 1', term: '2027-28' }, NOW)
    if (first.kind !== 'copied') throw new Error('copy failed')
    const second = await copySection(
      db,
      first.copy.section.id,
      { label: 'Period 1', term: '2028-29', startsAt: NOW, endsAt: NOW + 1000 },
      NOW,
    )
    if (second.kind !== 'copied') throw new Error('copy failed')
    const context = await directory.getContext(second.copy.section.id)
    expect(context?.history).toEqual([first.copy.section.id, f.section.id])
    expect(context?.startDateTime).toBe(new Date(NOW).toISOString())
    expect(context?.endDateTime).toBe(new Date(NOW + 1000).toISOString())
    expect(await directory.getContext('no-such-section')).toBeUndefined()
  })

  it('lists the whole roster with roles and status, never-launched users included', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const directory = createSqlLmsDirectory(db)
    const roster = await directory.listEnrolments(f.section.id, { offset: 0, limit: 10 })
    const byUser = Object.fromEntries(roster.map((row) => [row.userId, [row.role, row.status]]))
    expect(byUser).toEqual({
      [f.teacher.id]: ['teacher', 'active'],
      [f.assistant.id]: ['assistant', 'active'],
      [f.student.id]: ['student', 'active'],
      [f.formerStudent.id]: ['student', 'inactive'],
    })
    expect(roster.map((row) => row.userId)).toEqual(roster.map((row) => row.userId).sort())
    expect(
      roster.every((row) => row.contextId === f.section.id && row.user.id === row.userId),
    ).toBe(true)
    // Parents are never enrolled: they reach the course as mentors of their children.
    expect(roster.map((row) => row.userId)).not.toContain(f.parent.id)
    expect(await directory.getEnrolment(f.section.id, f.assistant.id)).toEqual({
      contextId: f.section.id,
      userId: f.assistant.id,
      role: 'assistant',
      status: 'active',
    })
    expect(await directory.getEnrolment(f.section.id, f.parent.id)).toBeUndefined()
  })

  it('pages in a stable order and filters by role', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const directory = createSqlLmsDirectory(db)
    const all = await directory.listEnrolments(f.section.id, { offset: 0, limit: 10 })
    const pages = [
      await directory.listEnrolments(f.section.id, { offset: 0, limit: 3 }),
      await directory.listEnrolments(f.section.id, { offset: 3, limit: 3 }),
    ]
    expect(pages.map((page) => page.length)).toEqual([3, 1])
    expect(pages.flat()).toEqual(all)
    expect(await directory.listEnrolments(f.section.id, { offset: 4, limit: 3 })).toEqual([])
    const students = await directory.listEnrolments(f.section.id, {
      offset: 0,
      limit: 10,
      roles: ['student'],
    })
    expect(students.map((row) => row.userId).sort()).toEqual(
      [f.student.id, f.formerStudent.id].sort(),
    )
    const assistants = await directory.listEnrolments(f.section.id, {
      offset: 0,
      limit: 10,
      roles: ['assistant'],
    })
    expect(assistants.map((row) => row.userId)).toEqual([f.assistant.id])
    expect(
      await directory.listEnrolments(f.section.id, { offset: 0, limit: 10, roles: [] }),
    ).toEqual([])
    expect(await directory.listEnrolments('no-such-section', { offset: 0, limit: 10 })).toEqual([])
  })

  it('pages any way cover the roster exactly once, in order (property)', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const directory = createSqlLmsDirectory(db)
    const all = (await directory.listEnrolments(f.section.id, { offset: 0, limit: 100 })).map(
      (row) => row.userId,
    )
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (limit) => {
        const seen: string[] = []
        for (let offset = 0; offset < all.length + limit; offset += limit) {
          const page = await directory.listEnrolments(f.section.id, { offset, limit })
          expect(page.length).toBeLessThanOrEqual(limit)
          seen.push(...page.map((row) => row.userId))
        }
        expect(seen).toEqual(all)
      }),
      { numRuns: 10 },
    )
  })

  it('refuses a malformed page (caller misuse) with TypeError', async () => {
    const { db } = database()
    const directory = createSqlLmsDirectory(db)
    for (const page of [
      { offset: -1, limit: 10 },
      { offset: 0.5, limit: 10 },
      { offset: 0, limit: 0 },
      { offset: 0, limit: Number.NaN },
    ]) {
      await expect(directory.listEnrolments('x', page)).rejects.toThrow(TypeError)
    }
    expect(MAX_ROSTER_PAGE).toBeGreaterThan(0)
  })

  it('maps assignments with their scoring; points possible only for points', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const directory = createSqlLmsDirectory(db)
    expect(await directory.getAssignment(f.pointsAssignment.id)).toEqual({
      id: f.pointsAssignment.id,
      contextId: f.section.id,
      title: 'Quiz 1',
      scoringType: 'points',
      pointsPossible: 20,
    })
    expect(await directory.getAssignment(f.marksAssignment.id)).toEqual({
      id: f.marksAssignment.id,
      contextId: f.section.id,
      title: 'Essay',
      scoringType: 'marks',
    })
    expect(await directory.getAssignment('no-such-assignment')).toBeUndefined()
  })
})

describe.each(dialects)('GradeBook on $name', (dialect) => {
  const database = useTestDatabase(dialect)

  function gradeWrite(assignmentId: string, userId: string, at: number, points: number | null) {
    return {
      assignmentId,
      userId,
      points,
      pointsPossible: 20,
      comment: 'Well done',
      source: { connectionId: 'conn-1', protocol: 'ags', lineItemId: 'li-1' },
      timestamp: new Date(at).toISOString(),
      timestampMs: at,
    } satisfies GradeWrite
  }

  it('stores points with percentage, comment and source, and reads them back', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const grades = createSqlGradeBook(db, () => NOW + 5)
    // 70 % of 20 points possible, as the platform layer computed it.
    const write = gradeWrite(f.pointsAssignment.id, f.student.id, NOW, 14)
    expect(await grades.write(write)).toBe('applied')
    expect(await grades.read(f.pointsAssignment.id, f.student.id)).toEqual({
      assignmentId: f.pointsAssignment.id,
      userId: f.student.id,
      points: 14,
      pointsPossible: 20,
      timestampMs: NOW,
    })
    expect(await findGradeEntry(db, f.pointsAssignment.id, f.student.id)).toMatchObject({
      percentage: 70,
      comment: 'Well done',
      source: 'lti-ags',
      connectionId: 'conn-1',
      lineItemId: 'li-1',
      scoredAt: new Date(NOW).toISOString(),
      updatedAt: NOW + 5,
    })
    expect(await grades.read(f.pointsAssignment.id, f.formerStudent.id)).toBeUndefined()
  })

  it('refuses an older score, lets an equal or newer one win, and clears with null', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const grades = createSqlGradeBook(db, () => NOW)
    const id = f.pointsAssignment.id
    expect(await grades.write(gradeWrite(id, f.student.id, NOW, 10))).toBe('applied')
    expect(await grades.write(gradeWrite(id, f.student.id, NOW - 1, 20))).toBe('stale')
    expect((await grades.read(id, f.student.id))?.points).toBe(10)
    expect(await grades.write(gradeWrite(id, f.student.id, NOW, 12))).toBe('applied')
    expect((await grades.read(id, f.student.id))?.points).toBe(12)
    const cleared = {
      ...gradeWrite(id, f.student.id, NOW + 1, null),
      source: { connectionId: 'c', protocol: 'basic-outcomes' },
    } as const
    expect(await grades.write(cleared)).toBe('applied')
    expect(await findGradeEntry(db, id, f.student.id)).toMatchObject({
      points: null,
      percentage: null,
      source: 'lti-bo',
      lineItemId: null,
    })
  })

  it('applies exactly one of concurrent writes with different times: the newest', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const grades = createSqlGradeBook(db, () => NOW)
    const times = [5, 1, 9, 3, 7].map((offset) => NOW + offset)
    await Promise.all(
      times.map((at) =>
        grades.write(gradeWrite(f.pointsAssignment.id, f.student.id, at, at - NOW)),
      ),
    )
    expect(await grades.read(f.pointsAssignment.id, f.student.id)).toMatchObject({
      points: 9,
      timestampMs: NOW + 9,
    })
  })

  it('lets a later tool score replace a manual grade, but not an earlier one', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const grades = createSqlGradeBook(db, () => NOW)
    await writeManualGrade(
      db,
      { assignment: f.pointsAssignment, studentId: f.student.id, points: 5 },
      NOW,
    )
    expect(await findGradeEntry(db, f.pointsAssignment.id, f.student.id)).toMatchObject({
      points: 5,
      percentage: 25,
      source: 'manual',
    })
    expect(await grades.write(gradeWrite(f.pointsAssignment.id, f.student.id, NOW - 10, 1))).toBe(
      'stale',
    )
    expect(await grades.write(gradeWrite(f.pointsAssignment.id, f.student.id, NOW + 10, 18))).toBe(
      'applied',
    )
  })

  it('refuses writes the layer must never make: non-points assignments, non-students, bad numbers', async () => {
    const { db } = database()
    const f = await createSchoolFixture(db, NOW)
    const grades = createSqlGradeBook(db, () => NOW)
    const bad: GradeWrite[] = [
      gradeWrite(f.marksAssignment.id, f.student.id, NOW, 10),
      gradeWrite('no-such-assignment', f.student.id, NOW, 10),
      gradeWrite(f.pointsAssignment.id, f.teacher.id, NOW, 10),
      gradeWrite(f.pointsAssignment.id, 'no-such-user', NOW, 10),
      gradeWrite(f.pointsAssignment.id, f.student.id, NOW, Number.NaN),
      { ...gradeWrite(f.pointsAssignment.id, f.student.id, NOW, 10), pointsPossible: 0 },
      { ...gradeWrite(f.pointsAssignment.id, f.student.id, NOW, 10), timestampMs: 1.5 },
    ]
    for (const write of bad) await expect(grades.write(write)).rejects.toThrow(TypeError)
    expect(await findGradeEntry(db, f.marksAssignment.id, f.student.id)).toBeUndefined()
    expect(await findGradeEntry(db, f.pointsAssignment.id, f.student.id)).toBeUndefined()
  })
})
