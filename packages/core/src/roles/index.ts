export {
  ALL_LTI13_ROLES,
  CONTEXT_ROLE,
  CONTEXT_ROLE_NAMES,
  CONTEXT_SUB_ROLE,
  CONTEXT_SUB_ROLE_NAMES,
  type ContextRoleName,
  INSTITUTION_ROLE,
  INSTITUTION_ROLE_NAMES,
  type InstitutionRoleName,
  LTI11_ROLE_PREFIX,
  LTI_SYSTEM_ROLE,
  ROLE_NAMESPACE,
  SYSTEM_ROLE,
  SYSTEM_ROLE_NAMES,
  type SystemRoleName,
} from './vocabulary.js'
export {
  normalizeRoles,
  type NormalizeRolesOptions,
  parseLti11Roles,
  principalOf,
  type RoleInput,
  toLti11Roles,
  toLti13Role,
} from './mapping.js'
export {
  hasRole,
  isAdministrator,
  isContentDeveloper,
  isInstructor,
  isLearner,
  isMentor,
  isTeachingAssistant,
  isTestUser,
} from './predicates.js'
export { normalizeContextTypes, toLti11ContextType } from './context-types.js'
