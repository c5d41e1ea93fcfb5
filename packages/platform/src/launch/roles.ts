/**
 * The part a user plays in a launch, from the LMS school model: enrolled teachers, assistants and
 * students; parents as Mentors of their enrolled children; school administrators.
 */
import { PlatformError } from '../errors.js'
import {
  CONTEXT_ROLE,
  CONTEXT_SUB_ROLE,
  INSTITUTION_ROLE,
  SYSTEM_ROLE,
  toLti11Roles,
} from '../internal/core.js'
import type { LmsContext, LmsDirectory, LmsUser } from '../ports.js'

/** A user's part in a launch. */
export interface LaunchRole {
  readonly part: 'teacher' | 'assistant' | 'student' | 'mentor' | 'admin'
  /** For mentors: the students they may see (`role_scope_mentor`). */
  readonly menteeIds: readonly string[]
}

/** The mentees of a parent who are actively enrolled in `context`. */
async function enrolledMentees(
  directory: LmsDirectory,
  user: LmsUser,
  context: LmsContext,
): Promise<string[]> {
  const mentees: string[] = []
  for (const menteeId of user.menteeIds) {
    const enrolment = await directory.getEnrolment(context.id, menteeId)
    if (enrolment?.status === 'active' && enrolment.role === 'student') mentees.push(menteeId)
  }
  return mentees
}

/**
 * The user's part in a course section. An active enrolment decides; otherwise a parent is the
 * Mentor of their enrolled children and an administrator of the section's school is an
 * Administrator. Anybody else may not launch there.
 */
export async function roleInContext(
  directory: LmsDirectory,
  user: LmsUser,
  context: LmsContext,
): Promise<LaunchRole> {
  const enrolment = await directory.getEnrolment(context.id, user.id)
  if (enrolment?.status === 'active') return { part: enrolment.role, menteeIds: [] }
  if (enrolment === undefined && user.kind === 'parent') {
    const menteeIds = await enrolledMentees(directory, user, context)
    if (menteeIds.length > 0) return { part: 'mentor', menteeIds }
  }
  if (
    enrolment === undefined &&
    user.kind === 'admin' &&
    user.schoolIds.includes(context.schoolId)
  ) {
    return { part: 'admin', menteeIds: [] }
  }
  throw new PlatformError('ERR_LTI_PLATFORM_LAUNCH_DENIED', {
    detail: `user ${user.id} has no active role in context ${context.id}`,
  })
}

/** The user's part outside a course (a portal's Learning Tools list), from the account kind. */
export function roleWithoutContext(user: LmsUser): LaunchRole {
  switch (user.kind) {
    case 'teacher':
      return { part: 'teacher', menteeIds: [] }
    case 'student':
      return { part: 'student', menteeIds: [] }
    case 'parent':
      return { part: 'mentor', menteeIds: user.menteeIds }
    case 'admin':
      return { part: 'admin', menteeIds: [] }
  }
}

const INSTITUTION_BY_KIND = {
  admin: INSTITUTION_ROLE.Administrator,
  teacher: INSTITUTION_ROLE.Faculty,
  student: INSTITUTION_ROLE.Student,
  parent: INSTITUTION_ROLE.Mentor,
} as const

/**
 * LTI 1.3 role URIs: the context role (with its principal next to a sub-role, as CORE's best
 * practice asks) and the institution role of the account kind; administrators also carry the
 * system Administrator role.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */
export function lti13Roles(user: LmsUser, role: LaunchRole): string[] {
  const context = {
    teacher: [CONTEXT_ROLE.Instructor],
    assistant: [CONTEXT_SUB_ROLE.Instructor.TeachingAssistant, CONTEXT_ROLE.Instructor],
    student: [CONTEXT_ROLE.Learner],
    mentor: [CONTEXT_ROLE.Mentor],
    admin: [CONTEXT_ROLE.Administrator],
  }[role.part]
  const roles: string[] = [...context, INSTITUTION_BY_KIND[user.kind]]
  if (user.kind === 'admin') roles.push(SYSTEM_ROLE.Administrator)
  return roles
}

/** The same roles as LTI 1.1 URNs, comma-separated for the `roles` parameter. */
export function lti11Roles(user: LmsUser, role: LaunchRole): string {
  return toLti11Roles(lti13Roles(user, role)).join(',')
}
