/**
 * The platform layer's port types, through one file: `@ltihub/platform` has no root export yet,
 * so this is the one line to change when it does.
 */
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
} from '../../../../platform/src/ports.js'
