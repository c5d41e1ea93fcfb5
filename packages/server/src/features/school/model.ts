import type { Selectable } from 'kysely'
import type {
  AssignmentsTable,
  CoursesTable,
  EnrolmentStatus,
  GradeSource,
  SchoolsTable,
  ScoringType,
  SectionRole,
  SectionsTable,
  UserKind,
  UsersTable,
} from './table.js'

/**
 * The school model's records as the rest of the server sees them (camelCase, booleans, optional
 * members absent rather than null). Rows become records here only, in one place.
 */

export interface District {
  readonly id: string
  readonly name: string
}

export interface School {
  readonly id: string
  readonly districtId: string
  readonly name: string
  readonly ltiLicensed: boolean
}

export interface User {
  readonly id: string
  readonly districtId: string
  readonly kind: UserKind
  readonly givenName: string
  readonly familyName: string
  readonly email: string | null
  readonly loginName: string
  readonly sourcedId: string | null
  readonly locale: string | null
  readonly lti11UserId: string | null
  readonly externalLearningTools: boolean
}

export interface Course {
  readonly id: string
  readonly schoolId: string
  readonly title: string
  readonly code: string
  readonly sourcedId: string | null
}

export interface Section {
  readonly id: string
  readonly courseId: string
  readonly schoolId: string
  readonly courseTitle: string
  readonly courseCode: string
  readonly label: string
  readonly term: string
  readonly startsAt: number | null
  readonly endsAt: number | null
  readonly sourcedId: string | null
  readonly copiedFrom: string | null
}

export interface SectionEnrolment {
  readonly sectionId: string
  readonly userId: string
  readonly role: SectionRole
  readonly status: EnrolmentStatus
}

export interface AssignmentRecord {
  readonly id: string
  readonly sectionId: string
  readonly title: string
  readonly summary: string | null
  readonly scoring: ScoringType
  readonly pointsPossible: number | null
  readonly dueAt: number | null
  readonly copiedFrom: string | null
}

export interface GradeEntryRecord {
  readonly assignmentId: string
  readonly studentId: string
  readonly points: number | null
  readonly pointsPossible: number | null
  readonly percentage: number | null
  readonly mark: string | null
  readonly comment: string | null
  readonly source: GradeSource
  readonly connectionId: string | null
  readonly lineItemId: string | null
  readonly scoredAt: string
  readonly scoredAtMs: number
  readonly updatedAt: number
}

export function schoolOf(row: Selectable<SchoolsTable>): School {
  return {
    id: row.id,
    districtId: row.district_id,
    name: row.name,
    ltiLicensed: row.lti_licensed === 1,
  }
}

export function userOf(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    districtId: row.district_id,
    kind: row.kind,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    loginName: row.login_name,
    sourcedId: row.sourced_id,
    locale: row.locale,
    lti11UserId: row.lti11_user_id,
    externalLearningTools: row.external_learning_tools === 1,
  }
}

export function courseOf(row: Selectable<CoursesTable>): Course {
  return {
    id: row.id,
    schoolId: row.school_id,
    title: row.title,
    code: row.code,
    sourcedId: row.sourced_id,
  }
}

/** A section row joined with its course's school, title and code. */
export type SectionRow = Selectable<SectionsTable> & {
  readonly school_id: string
  readonly course_title: string
  readonly course_code: string
}

export function sectionOf(row: SectionRow): Section {
  return {
    id: row.id,
    courseId: row.course_id,
    schoolId: row.school_id,
    courseTitle: row.course_title,
    courseCode: row.course_code,
    label: row.label,
    term: row.term,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    sourcedId: row.sourced_id,
    copiedFrom: row.copied_from,
  }
}

export function assignmentOf(row: Selectable<AssignmentsTable>): AssignmentRecord {
  return {
    id: row.id,
    sectionId: row.section_id,
    title: row.title,
    summary: row.summary,
    scoring: row.scoring,
    pointsPossible: row.points_possible,
    dueAt: row.due_at,
    copiedFrom: row.copied_from,
  }
}
