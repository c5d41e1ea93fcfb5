/**
 * The LMS school model of the platform role: a lean district → schools → courses → sections model
 * with people, enrolments, assignments and a grade book. It hosts LTI; it is not a full SIS.
 * Timestamps are epoch ms (BIGINT), booleans integer 0/1, ids random UUIDs.
 */

/** Account kinds. The port calls administrators `admin`; `layer.ts` maps between the two. */
export type UserKind = 'administrator' | 'teacher' | 'student' | 'parent'

/** Roles in a section. The port calls teaching assistants `assistant`. */
export type SectionRole = 'teacher' | 'student' | 'teaching_assistant'

export type EnrolmentStatus = 'active' | 'inactive'

/** How an assignment is scored; only `points` assignments receive scores from tools. */
export type ScoringType = 'points' | 'marks' | 'rubric'

/** Where a grade book entry came from: AGS, LTI 1.1 Basic Outcomes, or a teacher. */
export type GradeSource = 'lti-ags' | 'lti-bo' | 'manual'

export interface DistrictsTable {
  id: string
  /** Unique. */
  name: string
  created_at: number
}

export interface SchoolsTable {
  id: string
  district_id: string
  /** Unique within the district. */
  name: string
  /** 1 when the school holds the learning licence LTI connections require. */
  lti_licensed: number
  created_at: number
}

export interface UsersTable {
  id: string
  district_id: string
  kind: UserKind
  given_name: string
  family_name: string
  /** Optional: tools match teachers by email, so a missing one is shown as a warning. */
  email: string | null
  /** Unique sign-in name. */
  login_name: string
  /** SIS identifier (`lis.person_sourcedid`), if any. */
  sourced_id: string | null
  /** BCP 47 tag, e.g. `en-US`. */
  locale: string | null
  /** The LTI 1.1 user_id this user had, when it differs from `id` (migration from 1.1). */
  lti11_user_id: string | null
  /** The "External Learning Tools" tool right (0/1). */
  external_learning_tools: number
  created_at: number
  updated_at: number
}

/** Which schools a user belongs to (administrators may belong to none: they are district wide). */
export interface UserSchoolsTable {
  user_id: string
  school_id: string
}

/** A parent's link to one of their students (the parent launches as the student's Mentor). */
export interface ParentLinksTable {
  parent_id: string
  student_id: string
  created_at: number
}

export interface CoursesTable {
  id: string
  school_id: string
  title: string
  /** Unique within the school, e.g. `MATH-7`. */
  code: string
  sourced_id: string | null
  created_at: number
}

export interface SectionsTable {
  id: string
  course_id: string
  /** e.g. `Period 2`; unique within the course and term. */
  label: string
  /** e.g. `2026-27`. */
  term: string
  /** Term window, epoch ms, for `$CourseSection.timeFrame.*`. */
  starts_at: number | null
  ends_at: number | null
  sourced_id: string | null
  /** The section this one was copied from (`$Context.id.history`). */
  copied_from: string | null
  created_at: number
}

export interface EnrolmentsTable {
  section_id: string
  user_id: string
  role: SectionRole
  status: EnrolmentStatus
  created_at: number
  updated_at: number
}

export interface AssignmentsTable {
  id: string
  section_id: string
  title: string
  summary: string | null
  scoring: ScoringType
  /** Set exactly when `scoring` is `points` (a check constraint holds it). */
  points_possible: number | null
  due_at: number | null
  /** The assignment this one was copied from, with its section. */
  copied_from: string | null
  created_at: number
  updated_at: number
}

/** One student's grade on one assignment. */
export interface GradeEntriesTable {
  assignment_id: string
  student_id: string
  /** Points on the assignment's scale; null when the score was cleared (or a mark is used). */
  points: number | null
  /** The points possible the score was given against. */
  points_possible: number | null
  /** points / points possible × 100, kept for the grade book's display and sorting. */
  percentage: number | null
  /** A mark or rubric level, for assignments not scored by points. */
  mark: string | null
  comment: string | null
  source: GradeSource
  /** The connection and line item a tool's score came through. */
  connection_id: string | null
  line_item_id: string | null
  /** The score's own time (ISO 8601 as sent, and epoch ms): later writes only replace earlier. */
  scored_at: string
  scored_at_ms: number
  updated_at: number
}

export interface SchoolTables {
  districts: DistrictsTable
  schools: SchoolsTable
  users: UsersTable
  user_schools: UserSchoolsTable
  parent_links: ParentLinksTable
  courses: CoursesTable
  sections: SectionsTable
  enrolments: EnrolmentsTable
  assignments: AssignmentsTable
  grade_entries: GradeEntriesTable
}
