import type { Feature } from '../feature.js'

/**
 * The platform's LMS school model: a district with schools, people, courses, sections,
 * enrolments, assignments and a grade book, with its REST API, console pages and demo data.
 * Other features reach it through the functions exported here.
 */
export const schoolFeature: Feature = {
  name: 'school',
}

export { createSqlLmsDirectory, MAX_ROSTER_PAGE, schoolOfSection } from './directory.js'
export { createSqlGradeBook } from './grade-book.js'
export {
  type CopyExtension,
  type CopyOutcome,
  type CopyTarget,
  copySection,
  type SectionCopy,
} from './copy.js'
export type {
  AssignmentRecord,
  Course,
  District,
  GradeEntryRecord,
  School,
  Section,
  SectionEnrolment,
  User,
} from './model.js'
export {
  findDistrictByName,
  findSchool,
  findUser,
  findUserByLogin,
  listDistricts,
  listSchools,
  listUsers,
  parentIdsOf,
  schoolIdsOf,
  studentIdsOf,
} from './repository.js'
export {
  findCourse,
  findEnrolment,
  findSection,
  listCourses,
  listSectionEnrolments,
  listSections,
  sectionHistory,
} from './sections-repository.js'
export {
  findAssignment,
  findGradeEntry,
  listAssignments,
  listGradeEntries,
} from './assignments-repository.js'
export type {
  EnrolmentStatus,
  GradeSource,
  ScoringType,
  SchoolTables,
  SectionRole,
  UserKind,
} from './table.js'
