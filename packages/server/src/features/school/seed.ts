import type { Kysely } from 'kysely'
import type { Principal } from '../../console/session.js'
import type { AppContext } from '../../context.js'
import type { Database } from '../../db/schema.js'
import {
  type AssignmentScoring,
  createAssignment,
  listAssignments,
} from './assignments-repository.js'
import type { Course, School, Section, User } from './model.js'
import {
  addUserToSchool,
  createDistrict,
  createSchool,
  createUser,
  findDistrictByName,
  findUserByLogin,
  linkParent,
  listSchools,
  listUsers,
  type NewUser,
} from './repository.js'
import {
  createCourse,
  createSection,
  enrol,
  listCourses,
  listSections,
} from './sections-repository.js'

/** The demo district's name: the natural key the seeder and the demo identities look for. */
export const DEMO_DISTRICT = 'Demo District'

/**
 * The console's own demo administrator (`DEMO_ADMINISTRATOR` of console/feature.tsx) is also the
 * district's administrator in the school model, with an email address: tools match people by it.
 */
export const DEMO_ADMINISTRATOR_ID = 'demo:administrator'

type Db = Kysely<Database>
type Person = Omit<NewUser, 'districtId'> & { readonly school?: string }

const SCHOOLS = ['Arthur Elementary', 'Lincoln Middle School', 'Roosevelt High School'] as const

const PEOPLE: readonly Person[] = [
  {
    id: DEMO_ADMINISTRATOR_ID,
    kind: 'administrator',
    givenName: 'Demo',
    familyName: 'Administrator',
    email: 'administrator@demo-district.example',
    loginName: 'admin',
    externalLearningTools: true,
  },
  ...[
    ['Taylor', 'Reed', 'treed', 'Lincoln Middle School'],
    ['Jordan', 'Park', 'jpark', 'Roosevelt High School'],
  ].map(([given = '', family = '', login = '', school = '']) => ({
    kind: 'teacher' as const,
    givenName: given,
    familyName: family,
    email: `${login}@demo-district.example`,
    loginName: login,
    externalLearningTools: true,
    school,
  })),
  ...[
    ['Ava', 'Lopez', 'alopez', 'Lincoln Middle School'],
    ['Ben', 'Okafor', 'bokafor', 'Lincoln Middle School'],
    ['Chloe', 'Nguyen', 'cnguyen', 'Lincoln Middle School'],
    ['Dev', 'Patel', 'dpatel', 'Roosevelt High School'],
    ['Emma', 'Schultz', 'eschultz', 'Roosevelt High School'],
    ['Finn', 'Murphy', 'fmurphy', 'Roosevelt High School'],
    ['Gia', 'Romano', 'gromano', 'Arthur Elementary'],
  ].map(([given = '', family = '', login = '', school = '']) => ({
    kind: 'student' as const,
    givenName: given,
    familyName: family,
    email: null,
    loginName: login,
    externalLearningTools: false,
    school,
  })),
  {
    kind: 'parent',
    givenName: 'Maria',
    familyName: 'Lopez',
    email: 'maria.lopez@example.com',
    loginName: 'mlopez',
    externalLearningTools: false,
  },
]

type DemoAssignment = AssignmentScoring & { readonly title: string }

interface DemoSection {
  readonly school: string
  readonly course: { readonly title: string; readonly code: string }
  readonly label: string
  readonly teacher: string
  readonly students: readonly string[]
  readonly assignments: readonly DemoAssignment[]
}

const TERM = '2026-27'

const SECTIONS: readonly DemoSection[] = [
  {
    school: 'Lincoln Middle School',
    course: { title: 'Math 7', code: 'MATH-7' },
    label: 'Period 1',
    teacher: 'treed',
    students: ['alopez', 'bokafor', 'cnguyen'],
    assignments: [
      { title: 'Fractions quiz', scoring: 'points', pointsPossible: 20 },
      { title: 'Unit 1 test', scoring: 'points', pointsPossible: 50 },
      { title: 'Problem-solving journal', scoring: 'marks' },
      { title: 'Scale drawing project', scoring: 'rubric' },
    ],
  },
  {
    school: 'Roosevelt High School',
    course: { title: 'English 10', code: 'ENG-10' },
    label: 'Period 2',
    teacher: 'jpark',
    students: ['dpatel', 'eschultz', 'fmurphy'],
    assignments: [
      { title: 'Argumentative essay', scoring: 'points', pointsPossible: 50 },
      { title: 'Vocabulary check', scoring: 'points', pointsPossible: 20 },
      { title: 'Reading log', scoring: 'marks' },
    ],
  },
  {
    school: 'Arthur Elementary',
    course: { title: 'Reading 3', code: 'READ-3' },
    label: 'Room 12',
    teacher: 'treed',
    students: ['gromano'],
    assignments: [{ title: 'Book report', scoring: 'rubric' }],
  },
]

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo data: ${what} vanished while seeding`)
  return value
}

async function ensureSchools(db: Db, districtId: string, now: number): Promise<School[]> {
  for (const name of SCHOOLS) await createSchool(db, { districtId, name, ltiLicensed: true }, now)
  return (await listSchools(db)).filter((school) => school.districtId === districtId)
}

async function ensurePeople(db: Db, districtId: string, schools: School[], now: number) {
  const byLogin = new Map<string, User>()
  for (const { school, ...person } of PEOPLE) {
    const user =
      (await findUserByLogin(db, person.loginName)) ??
      found(await createUser(db, { ...person, districtId }, now), person.loginName)
    const schoolId = schools.find((s) => s.name === school)?.id
    if (schoolId !== undefined) await addUserToSchool(db, user.id, schoolId)
    byLogin.set(person.loginName, user)
  }
  await linkParent(
    db,
    found(byLogin.get('mlopez'), 'parent').id,
    found(byLogin.get('alopez'), 'student').id,
    now,
  )
  return byLogin
}

async function ensureSection(
  db: Db,
  school: School,
  spec: DemoSection,
  now: number,
): Promise<Section> {
  await createCourse(db, { schoolId: school.id, ...spec.course }, now)
  const course: Course = found(
    (await listCourses(db, [school.id])).find((c) => c.code === spec.course.code),
    spec.course.code,
  )
  await createSection(db, { courseId: course.id, label: spec.label, term: TERM }, now)
  return found(
    (await listSections(db, { courseId: course.id })).find(
      (s) => s.term === TERM && s.label === spec.label,
    ),
    spec.label,
  )
}

/**
 * Seeds the demo district: three schools, an administrator, two teachers with the External
 * Learning Tools right, seven students, a parent linked to a student, three sections with
 * enrolments and assignments scored by points (20 and 50 possible), by marks and by rubric.
 * Idempotent: everything is found by its natural key first; what a user changed stays changed.
 */
export async function seedDemoSchool(ctx: AppContext): Promise<void> {
  const now = ctx.clock()
  await ctx.db.transaction().execute(async (db) => {
    await createDistrict(db, { name: DEMO_DISTRICT }, now)
    const district = found(await findDistrictByName(db, DEMO_DISTRICT), DEMO_DISTRICT)
    const schools = await ensureSchools(db, district.id, now)
    const people = await ensurePeople(db, district.id, schools, now)
    for (const spec of SECTIONS) {
      const school = found(
        schools.find((s) => s.name === spec.school),
        spec.school,
      )
      const section = await ensureSection(db, school, spec, now)
      const roster = [
        { login: spec.teacher, role: 'teacher' as const },
        ...spec.students.map((login) => ({ login, role: 'student' as const })),
      ]
      for (const { login, role } of roster) {
        const userId = found(people.get(login), login).id
        await enrol(db, { sectionId: section.id, userId, role, status: 'active' }, now)
      }
      const titles = new Set((await listAssignments(db, section.id)).map((a) => a.title))
      for (const assignment of spec.assignments) {
        if (!titles.has(assignment.title)) {
          await createAssignment(db, { ...assignment, sectionId: section.id }, now)
        }
      }
    }
  })
}

/** "Sign in as" for the demo district's teachers, students and parents. */
export async function demoSchoolIdentities(ctx: AppContext): Promise<Principal[]> {
  const district = await findDistrictByName(ctx.db, DEMO_DISTRICT)
  if (district === undefined) return []
  const users = (await listUsers(ctx.db)).filter(
    (user) => user.districtId === district.id && user.kind !== 'administrator',
  )
  const order = { teacher: 0, student: 1, parent: 2, administrator: 3 }
  return users
    .sort((a, b) => order[a.kind] - order[b.kind])
    .map((user) => ({
      id: user.id,
      name: `${user.givenName} ${user.familyName} (${user.kind})`,
      roles: [user.kind],
    }))
}
