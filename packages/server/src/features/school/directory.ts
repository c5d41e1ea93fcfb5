import type { Kysely, Selectable } from 'kysely'
import { type Placeholders, prepared } from '@ltihub/kysely/sql'
import type { Database } from '../../db/schema.js'
import { findAssignment } from './assignments-repository.js'
import type {
  Assignment,
  CourseRole,
  Enrolment,
  LmsContext,
  LmsDirectory,
  LmsUser,
  PageQuery,
  RosterEntry,
} from './layer.js'
import type { School, Section } from './model.js'
import { findSchool, listSchools, schoolIdsOf, studentIdsOf } from './repository.js'
import {
  findEnrolment,
  findSection,
  findSectionWithCourseSourcedId,
  historyFrom,
} from './sections-repository.js'
import type { SectionRole, UsersTable } from './table.js'

/** Section roles as the platform layer names them, and back. */
const COURSE_ROLE = {
  teacher: 'teacher',
  student: 'student',
  teaching_assistant: 'assistant',
} as const satisfies Record<SectionRole, CourseRole>

const SECTION_ROLE = {
  teacher: 'teacher',
  student: 'student',
  assistant: 'teaching_assistant',
} as const satisfies Record<CourseRole, SectionRole>

/** Largest roster page the directory returns, whatever the caller asks. */
export const MAX_ROSTER_PAGE = 1000

type Db = Kysely<Database>

/** Leaves an optional member out instead of setting it to undefined (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V }
}

function lmsUserOf(
  row: Selectable<UsersTable>,
  schoolIds: readonly string[],
  menteeIds: readonly string[],
): LmsUser {
  return {
    id: row.id,
    kind: row.kind === 'administrator' ? 'admin' : row.kind,
    givenName: row.given_name,
    familyName: row.family_name,
    fullName: `${row.given_name} ${row.family_name}`,
    ...optional('email', row.email),
    ...optional('locale', row.locale),
    username: row.login_name,
    ...optional('sourcedId', row.sourced_id),
    ...optional('lti11UserId', row.lti11_user_id),
    schoolIds,
    menteeIds,
    canUseExternalTools: row.external_learning_tools === 1,
  }
}

/**
 * The LmsUser records of `rows`, with their schools and (for parents) their students, in two
 * queries. District administrators belong to every school of their district: the launch grants
 * them the Administrator role in any of its sections.
 */
// Read on every launch: prepared once (`prepared` of @ltihub/kysely/sql).
const userById = prepared((db: Db, p: Placeholders<{ id: string }>) =>
  db.selectFrom('users').selectAll().where('id', '=', p.id),
)

async function lmsUsersOf(db: Db, rows: readonly Selectable<UsersTable>[]): Promise<LmsUser[]> {
  const ids = rows.map((row) => row.id)
  const memberships = await schoolIdsOf(db, ids)
  const mentees = await studentIdsOf(
    db,
    rows.filter((row) => row.kind === 'parent').map((row) => row.id),
  )
  const admins = rows.some((row) => row.kind === 'administrator') ? await listSchools(db) : []
  return rows.map((row) => {
    const schools =
      row.kind === 'administrator'
        ? admins.filter((school: School) => school.districtId === row.district_id).map((s) => s.id)
        : (memberships.get(row.id) ?? [])
    return lmsUserOf(row, schools, mentees.get(row.id) ?? [])
  })
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

async function contextOf(
  db: Db,
  section: Section,
  courseSourcedId: string | null,
): Promise<LmsContext> {
  return {
    id: section.id,
    schoolId: section.schoolId,
    title: `${section.courseTitle} (${section.label})`,
    label: section.courseCode,
    ...optional('courseSourcedId', courseSourcedId),
    ...optional('sectionSourcedId', section.sourcedId),
    history: await historyFrom(db, section.id, section.copiedFrom),
    ...optional('startDateTime', iso(section.startsAt)),
    ...optional('endDateTime', iso(section.endsAt)),
  }
}

function checkPage(query: PageQuery): void {
  if (!Number.isSafeInteger(query.offset) || query.offset < 0) {
    throw new TypeError('listEnrolments needs a non-negative integer offset')
  }
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
    throw new TypeError('listEnrolments needs a positive integer limit')
  }
}

async function listEnrolments(
  db: Db,
  contextId: string,
  query: PageQuery & { readonly roles?: readonly CourseRole[] },
): Promise<RosterEntry[]> {
  checkPage(query)
  if (query.roles !== undefined && query.roles.length === 0) return []
  let select = db
    .selectFrom('enrolments')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .selectAll('users')
    .select(['enrolments.role as enrolment_role', 'enrolments.status as enrolment_status'])
    .where('enrolments.section_id', '=', contextId)
    .orderBy('enrolments.user_id')
    .offset(query.offset)
    .limit(Math.min(query.limit, MAX_ROSTER_PAGE))
  if (query.roles !== undefined) {
    select = select.where(
      'enrolments.role',
      'in',
      query.roles.map((role) => SECTION_ROLE[role]),
    )
  }
  const rows = await select.execute()
  const users = await lmsUsersOf(db, rows)
  return rows.map((row, index) => {
    const user = users[index]
    if (user === undefined) throw new TypeError('lmsUsersOf keeps one user per row')
    return {
      contextId,
      userId: row.id,
      role: COURSE_ROLE[row.enrolment_role],
      status: row.enrolment_status,
      user,
    }
  })
}

/**
 * The platform layer's `LmsDirectory` over the school model's tables: users (administrators as
 * `admin`, with every school of their district), course sections as contexts (with copy history),
 * enrolments (teaching assistants as `assistant`) and assignments. Rosters list every enrolment,
 * active or not, whether or not the user ever launched a tool, ordered by user id and paged in
 * SQL (at most {@link MAX_ROSTER_PAGE} rows a page).
 *
 * @example
 * const directory = createSqlLmsDirectory(ctx.db)
 * const roster = await directory.listEnrolments(sectionId, { offset: 0, limit: 50 })
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0#membership-container-media-type
 */
export function createSqlLmsDirectory(db: Db): LmsDirectory {
  return {
    async getUser(userId) {
      const row = await userById.takeFirst(db, { id: userId })
      if (row === undefined) return undefined
      return (await lmsUsersOf(db, [row]))[0]
    },
    async getContext(contextId) {
      const found = await findSectionWithCourseSourcedId(db, contextId)
      return found === undefined ? undefined : contextOf(db, found.section, found.courseSourcedId)
    },
    async getEnrolment(contextId, userId): Promise<Enrolment | undefined> {
      const enrolment = await findEnrolment(db, contextId, userId)
      if (enrolment === undefined) return undefined
      return { contextId, userId, role: COURSE_ROLE[enrolment.role], status: enrolment.status }
    },
    listEnrolments: (contextId, query) => listEnrolments(db, contextId, query),
    async getAssignment(assignmentId): Promise<Assignment | undefined> {
      const record = await findAssignment(db, assignmentId)
      if (record === undefined) return undefined
      return {
        id: record.id,
        contextId: record.sectionId,
        title: record.title,
        scoringType: record.scoring,
        ...optional('pointsPossible', record.pointsPossible),
      }
    },
  }
}

/** The school of a section, for features that check a connection covers it. */
export async function schoolOfSection(db: Db, sectionId: string): Promise<School | undefined> {
  const section = await findSection(db, sectionId)
  return section === undefined ? undefined : findSchool(db, section.schoolId)
}
