/** The platform layer's port types this feature uses, through one file. */
export type {
  Assignment,
  CourseRole,
  Enrolment,
  GradeBook,
  GradeEntry,
  GradeWrite,
  LmsContext,
  LmsDirectory,
  LmsUser,
  PageQuery,
  RosterEntry,
} from '@ltihub/platform'
