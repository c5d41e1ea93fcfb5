import { z } from 'zod'

/**
 * Request and response schemas of the school API (`/api/platform`). Requests are strict (an
 * unknown field is a mistake worth a 400); responses list exactly what may leave the server.
 */

const id = z.string().min(1).max(64)
const name = z.string().trim().min(1).max(200)
/** Epoch milliseconds within years 1970–2100. */
const epochMs = z.number().int().min(0).max(4_102_444_800_000)

export const userKindSchema = z.enum(['administrator', 'teacher', 'student', 'parent'])
export const sectionRoleSchema = z.enum(['teacher', 'student', 'teaching_assistant'])
export const enrolmentStatusSchema = z.enum(['active', 'inactive'])

export const idParams = z.strictObject({ id })
export const sectionParams = z.strictObject({ sectionId: id })
export const enrolmentParams = z.strictObject({ sectionId: id, userId: id })
export const parentLinkParams = z.strictObject({ parentId: id, studentId: id })
export const gradeParams = z.strictObject({ assignmentId: id, studentId: id })
export const assignmentParams = z.strictObject({ assignmentId: id })

export const newSchoolBody = z.strictObject({
  districtId: id,
  name,
  ltiLicensed: z.boolean(),
})

export const schoolChangesBody = z.strictObject({
  name: name.optional(),
  ltiLicensed: z.boolean().optional(),
})

export const userQuery = z.strictObject({
  kind: userKindSchema.optional(),
  schoolId: id.optional(),
})

export const newUserBody = z.strictObject({
  districtId: id,
  kind: userKindSchema,
  givenName: name,
  familyName: name,
  email: z.email().max(254).nullable(),
  loginName: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash and underscore only'),
  externalLearningTools: z.boolean().default(false),
  schoolIds: z.array(id).max(50).default([]),
})

export const userChangesBody = z.strictObject({
  givenName: name.optional(),
  familyName: name.optional(),
  email: z.email().max(254).nullable().optional(),
  externalLearningTools: z.boolean().optional(),
  schoolIds: z.array(id).max(50).optional(),
})

export const courseQuery = z.strictObject({ schoolId: id.optional() })

export const newCourseBody = z.strictObject({
  schoolId: id,
  title: name,
  code: z.string().trim().min(1).max(32),
})

export const sectionQuery = z.strictObject({ courseId: id.optional() })

const sectionTarget = {
  label: z.string().trim().min(1).max(64),
  term: z.string().trim().min(1).max(32),
  startsAt: epochMs.nullable().optional(),
  endsAt: epochMs.nullable().optional(),
}

export const newSectionBody = z.strictObject({ courseId: id, ...sectionTarget })
export const copySectionBody = z.strictObject(sectionTarget)

export const newEnrolmentBody = z.strictObject({
  userId: id,
  role: sectionRoleSchema,
  status: enrolmentStatusSchema.default('active'),
})

export const enrolmentChangesBody = z.strictObject({
  role: sectionRoleSchema.optional(),
  status: enrolmentStatusSchema.optional(),
})

const pointsPossible = z.number().positive().max(100_000)

export const scoringSchema = z.discriminatedUnion('scoring', [
  z.strictObject({ scoring: z.literal('points'), pointsPossible }),
  z.strictObject({ scoring: z.literal('marks') }),
  z.strictObject({ scoring: z.literal('rubric') }),
])

const assignmentFields = {
  title: name,
  summary: z.string().max(4000).nullable().optional(),
  dueAt: epochMs.nullable().optional(),
}

export const newAssignmentBody = z.intersection(z.strictObject(assignmentFields), scoringSchema)

export const assignmentChangesBody = z.strictObject({
  title: name.optional(),
  summary: z.string().max(4000).nullable().optional(),
  dueAt: epochMs.nullable().optional(),
  scoring: scoringSchema.optional(),
})

export const manualGradeBody = z.strictObject({
  points: z.number().min(0).max(1_000_000).nullable().optional(),
  mark: z.string().trim().min(1).max(32).nullable().optional(),
  comment: z.string().max(2000).nullable().optional(),
})

// ------------------------------------------------------------------------------------------
// Responses
// ------------------------------------------------------------------------------------------

export const districtView = z.object({ id: z.string(), name: z.string() })

export const schoolView = z.object({
  id: z.string(),
  districtId: z.string(),
  name: z.string(),
  ltiLicensed: z.boolean(),
})

export const userView = z.object({
  id: z.string(),
  districtId: z.string(),
  kind: userKindSchema,
  givenName: z.string(),
  familyName: z.string(),
  email: z.string().nullable(),
  loginName: z.string(),
  externalLearningTools: z.boolean(),
  schoolIds: z.array(z.string()),
  /** Parents: their linked students. */
  studentIds: z.array(z.string()),
})

export const courseView = z.object({
  id: z.string(),
  schoolId: z.string(),
  title: z.string(),
  code: z.string(),
})

export const sectionView = z.object({
  id: z.string(),
  courseId: z.string(),
  schoolId: z.string(),
  courseTitle: z.string(),
  courseCode: z.string(),
  label: z.string(),
  term: z.string(),
  startsAt: z.number().nullable(),
  endsAt: z.number().nullable(),
  copiedFrom: z.string().nullable(),
})

export const enrolmentView = z.object({
  sectionId: z.string(),
  userId: z.string(),
  role: sectionRoleSchema,
  status: enrolmentStatusSchema,
})

export const assignmentView = z.object({
  id: z.string(),
  sectionId: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  scoring: z.enum(['points', 'marks', 'rubric']),
  pointsPossible: z.number().nullable(),
  dueAt: z.number().nullable(),
  copiedFrom: z.string().nullable(),
})

export const gradeEntryView = z.object({
  assignmentId: z.string(),
  studentId: z.string(),
  points: z.number().nullable(),
  pointsPossible: z.number().nullable(),
  percentage: z.number().nullable(),
  mark: z.string().nullable(),
  comment: z.string().nullable(),
  source: z.enum(['lti-ags', 'lti-bo', 'manual']),
  scoredAt: z.string(),
})

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })

export const copyView = z.object({
  section: sectionView,
  /** Old assignment id → new assignment id. */
  assignmentIds: z.record(z.string(), z.string()),
})
