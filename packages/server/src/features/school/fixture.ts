import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import { createAssignment } from './assignments-repository.js'
import type { AssignmentRecord, School, Section, User } from './model.js'
import {
  addUserToSchool,
  createDistrict,
  createSchool,
  createUser,
  linkParent,
  type NewUser,
} from './repository.js'
import { createCourse, createSection, enrol } from './sections-repository.js'

/** A small school for tests of this and other features (fixed names, fresh random ids). */
export interface SchoolFixture {
  readonly school: School
  readonly otherSchool: School
  readonly admin: User
  readonly teacher: User
  readonly assistant: User
  readonly student: User
  /** Enrolled, but inactive. */
  readonly formerStudent: User
  /** Linked to `student`. */
  readonly parent: User
  readonly section: Section
  /** A section of `otherSchool`, taught by nobody of the fixture. */
  readonly otherSection: Section
  /** Scored by points, 20 possible. */
  readonly pointsAssignment: AssignmentRecord
  readonly marksAssignment: AssignmentRecord
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fixture: ${what} exists already`)
  return value
}

/**
 * Builds the fixture in `db`: district "Fixture District" with schools "North School" (licensed)
 * and "South School", one person of each kind, a section of "Algebra" with a teacher, an assistant,
 * an active and an inactive student, and two assignments. Call on an empty, migrated database.
 */
export async function createSchoolFixture(
  db: Kysely<Database>,
  now: number,
): Promise<SchoolFixture> {
  const district = defined(await createDistrict(db, { name: 'Fixture District' }, now), 'district')
  const school = defined(
    await createSchool(
      db,
      { districtId: district.id, name: 'North School', ltiLicensed: true },
      now,
    ),
    'school',
  )
  const otherSchool = defined(
    await createSchool(
      db,
      { districtId: district.id, name: 'South School', ltiLicensed: false },
      now,
    ),
    'other school',
  )
  const person = async (input: Omit<NewUser, 'districtId'>, schoolId?: string) => {
    const user = defined(
      await createUser(db, { ...input, districtId: district.id }, now),
      input.loginName,
    )
    if (schoolId !== undefined) await addUserToSchool(db, user.id, schoolId)
    return user
  }
  const base = { email: null, externalLearningTools: false }
  const admin = await person({
    ...base,
    kind: 'administrator',
    givenName: 'Ada',
    familyName: 'Admin',
    email: 'ada.admin@example.edu',
    loginName: 'ada',
  })
  const teacher = await person(
    {
      kind: 'teacher',
      givenName: 'Tom',
      familyName: 'Teacher',
      email: 'tom.teacher@example.edu',
      loginName: 'tom',
      externalLearningTools: true,
    },
    school.id,
  )
  const assistant = await person(
    { ...base, kind: 'teacher', givenName: 'Tia', familyName: 'Assistant', loginName: 'tia' },
    school.id,
  )
  const student = await person(
    { ...base, kind: 'student', givenName: 'Sam', familyName: 'Student', loginName: 'sam' },
    school.id,
  )
  const formerStudent = await person(
    { ...base, kind: 'student', givenName: 'Fay', familyName: 'Former', loginName: 'fay' },
    school.id,
  )
  const parent = await person({
    ...base,
    kind: 'parent',
    givenName: 'Pat',
    familyName: 'Parent',
    loginName: 'pat',
  })
  await linkParent(db, parent.id, student.id, now)

  const course = defined(
    await createCourse(db, { schoolId: school.id, title: 'Algebra', code: 'ALG-1' }, now),
    'course',
  )
  const section = defined(
    await createSection(db, { courseId: course.id, label: 'Period 1', term: '2026-27' }, now),
    'section',
  )
  const otherCourse = defined(
    await createCourse(db, { schoolId: otherSchool.id, title: 'Biology', code: 'BIO-1' }, now),
    'other course',
  )
  const otherSection = defined(
    await createSection(db, { courseId: otherCourse.id, label: 'Period 3', term: '2026-27' }, now),
    'other section',
  )
  const roster = [
    { userId: teacher.id, role: 'teacher', status: 'active' },
    { userId: assistant.id, role: 'teaching_assistant', status: 'active' },
    { userId: student.id, role: 'student', status: 'active' },
    { userId: formerStudent.id, role: 'student', status: 'inactive' },
  ] as const
  for (const row of roster) await enrol(db, { sectionId: section.id, ...row }, now)

  const pointsAssignment = await createAssignment(
    db,
    { sectionId: section.id, title: 'Quiz 1', scoring: 'points', pointsPossible: 20 },
    now,
  )
  const marksAssignment = await createAssignment(
    db,
    { sectionId: section.id, title: 'Essay', scoring: 'marks' },
    now,
  )
  return {
    school,
    otherSchool,
    admin,
    teacher,
    assistant,
    student,
    formerStudent,
    parent,
    section,
    otherSection,
    pointsAssignment,
    marksAssignment,
  }
}
