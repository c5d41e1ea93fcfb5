import { DISTRICT_ADMINISTRATORS, SCHOOL_STAFF } from '../../console/access.js'
import type { Feature } from '../feature.js'
import { schoolApiRoutes } from './api/routes.js'
import { schoolFormRoutes } from './console/form-routes.js'
import { schoolConsoleRoutes } from './console/routes.js'
import type { CopyExtension } from './copy.js'
import { schoolHome } from './home.js'
import { schoolPeopleSource } from './people.js'
import { demoSchoolIdentities, seedDemoSchool } from './seed.js'

export interface SchoolFeatureOptions {
  /** Work added to every section copy, in its transaction (e.g. copying LTI resource links). */
  readonly copyExtensions?: readonly CopyExtension[]
}

/**
 * The platform's LMS school model: a district with schools, people, courses, sections,
 * enrolments, assignments and a grade book, with its REST API (`/api/platform`), console pages
 * and demo data. Other features reach it through the functions exported here.
 *
 * @example
 * export const platformFeatures = [createSchoolFeature({ copyExtensions: [copyResourceLinks] })]
 */
export function createSchoolFeature(options: SchoolFeatureOptions = {}): Feature {
  const copyExtensions = options.copyExtensions ?? []
  return {
    name: 'school',
    routes: async (app, ctx) => {
      await app.register(async (scope) => schoolApiRoutes(scope, ctx, copyExtensions))
      await app.register(async (scope) => {
        await schoolConsoleRoutes(scope, ctx)
        await schoolFormRoutes(scope, ctx)
      })
    },
    nav: [
      {
        section: 'platform',
        label: 'Schools',
        href: '/console/platform/schools',
        order: 10,
        roles: DISTRICT_ADMINISTRATORS,
      },
      {
        section: 'platform',
        label: 'People and rights',
        href: '/console/platform/people',
        order: 11,
        roles: DISTRICT_ADMINISTRATORS,
      },
      {
        section: 'platform',
        label: 'Courses and sections',
        href: '/console/platform/courses',
        order: 12,
        roles: SCHOOL_STAFF,
      },
    ],
    home: schoolHome,
    seeders: [{ name: 'platform.school', seed: seedDemoSchool }],
    demoIdentities: demoSchoolIdentities,
    people: schoolPeopleSource,
  }
}

/** The school feature without copy extensions. */
export const schoolFeature: Feature = createSchoolFeature()

export { createSqlLmsDirectory, MAX_ROSTER_PAGE, schoolOfSection } from './directory.js'
export { createSqlGradeBook } from './grade-book.js'
export { DEMO_ADMINISTRATOR_ID, DEMO_DISTRICT } from './seed.js'
export { createSchoolFixture, type SchoolFixture } from './fixture.js'
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
