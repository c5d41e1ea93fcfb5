import { normalizeRoles, type RoleInput } from './mapping.js'
import {
  CONTEXT_ROLE,
  type ContextRoleName,
  INSTITUTION_ROLE,
  LTI_SYSTEM_ROLE,
  ROLE_NAMESPACE,
  SYSTEM_ROLE,
} from './vocabulary.js'

/**
 * Whether the roles hold a context role: the principal role itself or any of its sub-roles
 * (`membership/Instructor#Lecturer` is an Instructor). Context roles only; institution and
 * system roles say nothing about the person's part in this course.
 */
function holdsContextRole(roles: readonly string[], principal: ContextRoleName): boolean {
  const subRolePrefix = `${ROLE_NAMESPACE.membershipSubRole}${principal}#`
  return roles.some((role) => role === CONTEXT_ROLE[principal] || role.startsWith(subRolePrefix))
}

/**
 * Whether `roles` (any accepted form, see `normalizeRoles`) include `role` (any accepted form).
 * @example hasRole(['Instructor'], 'urn:lti:role:ims/lis/Instructor') // true
 */
export function hasRole(roles: RoleInput, role: string): boolean {
  const [wanted] = normalizeRoles([role])
  return wanted !== undefined && normalizeRoles(roles).includes(wanted)
}

/**
 * Instructor in the context: `membership#Instructor` or one of its sub-roles (teaching
 * assistants included, as LTI 1.3 files them under Instructor).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lis-vocabulary-for-context-roles
 */
export function isInstructor(roles: RoleInput): boolean {
  return holdsContextRole(normalizeRoles(roles), 'Instructor')
}

/** Learner in the context (`membership#Learner` or a sub-role). */
export function isLearner(roles: RoleInput): boolean {
  return holdsContextRole(normalizeRoles(roles), 'Learner')
}

/** Mentor in the context (`membership#Mentor` or a sub-role); see `role_scope_mentor`. */
export function isMentor(roles: RoleInput): boolean {
  return holdsContextRole(normalizeRoles(roles), 'Mentor')
}

/** Content developer in the context (`membership#ContentDeveloper` or a sub-role). */
export function isContentDeveloper(roles: RoleInput): boolean {
  return holdsContextRole(normalizeRoles(roles), 'ContentDeveloper')
}

/** Teaching assistant: `membership/Instructor#TeachingAssistant` or one of its variants. */
export function isTeachingAssistant(roles: RoleInput): boolean {
  const prefix = `${ROLE_NAMESPACE.membershipSubRole}Instructor#TeachingAssistant`
  return normalizeRoles(roles).some((role) => role.startsWith(prefix))
}

/**
 * Administrator at any level: the context role (or a sub-role), the system roles
 * `Administrator` and `SysAdmin`, or the institution role `Administrator`.
 */
export function isAdministrator(roles: RoleInput): boolean {
  const normalized = normalizeRoles(roles)
  const adminUris: readonly string[] = [
    SYSTEM_ROLE.Administrator,
    SYSTEM_ROLE.SysAdmin,
    INSTITUTION_ROLE.Administrator,
  ]
  return (
    holdsContextRole(normalized, 'Administrator') ||
    normalized.some((role) => adminUris.includes(role))
  )
}

/** A test user (student view, preview): the LTI `TestUser` system role. */
export function isTestUser(roles: RoleInput): boolean {
  return normalizeRoles(roles).includes(LTI_SYSTEM_ROLE.TestUser)
}
