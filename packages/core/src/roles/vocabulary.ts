/**
 * The LTI role vocabulary: LIS v2 role URIs (LTI 1.3) and the LTI 1.1 URNs.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */

/** Namespaces of the role URIs LTI 1.3 uses. */
export const ROLE_NAMESPACE = {
  system: 'http://purl.imsglobal.org/vocab/lis/v2/system/person#',
  institution: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#',
  membership: 'http://purl.imsglobal.org/vocab/lis/v2/membership#',
  /** Context sub-roles: this prefix, the principal role, `#`, the sub-role. */
  membershipSubRole: 'http://purl.imsglobal.org/vocab/lis/v2/membership/',
  /** Deprecated system/institution namespace (no `system`/`institution` segment). */
  deprecatedPerson: 'http://purl.imsglobal.org/vocab/lis/v2/person#',
  ltiSystem: 'http://purl.imsglobal.org/vocab/lti/system/person#',
} as const

/** Prefixes of LTI 1.1 role URNs. */
export const LTI11_ROLE_PREFIX = {
  context: 'urn:lti:role:ims/lis/',
  system: 'urn:lti:sysrole:ims/lis/',
  institution: 'urn:lti:instrole:ims/lis/',
} as const

/** System role names (core `Administrator`, `None`; the rest non-core). */
export const SYSTEM_ROLE_NAMES = [
  'Administrator',
  'None',
  'AccountAdmin',
  'Creator',
  'SysAdmin',
  'SysSupport',
  'User',
] as const

/** Institution role names (core first, then non-core). LTI 1.1 `instrole` uses the same names. */
export const INSTITUTION_ROLE_NAMES = [
  'Administrator',
  'Faculty',
  'Guest',
  'None',
  'Other',
  'Staff',
  'Student',
  'Alumni',
  'Instructor',
  'Learner',
  'Member',
  'Mentor',
  'Observer',
  'ProspectiveStudent',
] as const

/** Context (membership) principal role names. */
export const CONTEXT_ROLE_NAMES = [
  'Administrator',
  'ContentDeveloper',
  'Instructor',
  'Learner',
  'Mentor',
  'Manager',
  'Member',
  'Officer',
] as const

export type SystemRoleName = (typeof SYSTEM_ROLE_NAMES)[number]
export type InstitutionRoleName = (typeof INSTITUTION_ROLE_NAMES)[number]
export type ContextRoleName = (typeof CONTEXT_ROLE_NAMES)[number]

/** Context sub-role names per principal role (CORE Appendix A). */
export const CONTEXT_SUB_ROLE_NAMES = {
  Administrator: [
    'Administrator',
    'Developer',
    'ExternalDeveloper',
    'ExternalSupport',
    'ExternalSystemAdministrator',
    'Support',
    'SystemAdministrator',
  ],
  ContentDeveloper: ['ContentDeveloper', 'ContentExpert', 'ExternalContentExpert', 'Librarian'],
  Instructor: [
    'ExternalInstructor',
    'Grader',
    'GuestInstructor',
    'Lecturer',
    'PrimaryInstructor',
    'SecondaryInstructor',
    'TeachingAssistant',
    'TeachingAssistantGroup',
    'TeachingAssistantOffering',
    'TeachingAssistantSection',
    'TeachingAssistantSectionAssociation',
    'TeachingAssistantTemplate',
  ],
  Learner: ['ExternalLearner', 'GuestLearner', 'Instructor', 'Learner', 'NonCreditLearner'],
  Manager: ['AreaManager', 'CourseCoordinator', 'ExternalObserver', 'Manager', 'Observer'],
  Member: ['Member'],
  Mentor: [
    'Advisor',
    'Auditor',
    'ExternalAdvisor',
    'ExternalAuditor',
    'ExternalLearningFacilitator',
    'ExternalMentor',
    'ExternalReviewer',
    'ExternalTutor',
    'LearningFacilitator',
    'Mentor',
    'Reviewer',
    'Tutor',
  ],
  Officer: ['Chair', 'Communications', 'Secretary', 'Treasurer', 'Vice-Chair'],
} as const satisfies Record<ContextRoleName, readonly string[]>

type SubRoleNames = typeof CONTEXT_SUB_ROLE_NAMES
type Ns = typeof ROLE_NAMESPACE

function uriMap<const P extends string, const N extends string>(
  prefix: P,
  names: readonly N[],
): { readonly [K in N]: `${P}${K}` } {
  return Object.freeze(Object.fromEntries(names.map((name) => [name, `${prefix}${name}`]))) as {
    readonly [K in N]: `${P}${K}`
  }
}

/** LTI 1.3 system role URIs, e.g. `SYSTEM_ROLE.SysAdmin`. */
export const SYSTEM_ROLE = uriMap(ROLE_NAMESPACE.system, SYSTEM_ROLE_NAMES)

/** LTI 1.3 institution role URIs, e.g. `INSTITUTION_ROLE.Faculty`. */
export const INSTITUTION_ROLE = uriMap(ROLE_NAMESPACE.institution, INSTITUTION_ROLE_NAMES)

/** LTI 1.3 context role URIs, e.g. `CONTEXT_ROLE.Instructor`. */
export const CONTEXT_ROLE = uriMap(ROLE_NAMESPACE.membership, CONTEXT_ROLE_NAMES)

/** LTI 1.3 context sub-role URIs, e.g. `CONTEXT_SUB_ROLE.Instructor.TeachingAssistant`. */
export const CONTEXT_SUB_ROLE = Object.freeze(
  Object.fromEntries(
    CONTEXT_ROLE_NAMES.map((principal): [string, Readonly<Record<string, string>>] => [
      principal,
      uriMap(`${ROLE_NAMESPACE.membershipSubRole}${principal}#`, CONTEXT_SUB_ROLE_NAMES[principal]),
    ]),
  ),
) as {
  readonly [P in ContextRoleName]: {
    readonly [S in SubRoleNames[P][number]]: `${Ns['membershipSubRole']}${P}#${S}`
  }
}

/** The LTI system role marking a test (student view / preview) user, sent next to a real role. */
export const LTI_SYSTEM_ROLE = { TestUser: `${ROLE_NAMESPACE.ltiSystem}TestUser` } as const

/** Every role URI the LTI 1.3 vocabulary defines, in a stable order. */
export const ALL_LTI13_ROLES: readonly string[] = Object.freeze([
  ...Object.values(SYSTEM_ROLE),
  ...Object.values(INSTITUTION_ROLE),
  ...Object.values(CONTEXT_ROLE),
  ...Object.values(CONTEXT_SUB_ROLE).flatMap((subRoles) => Object.values(subRoles)),
  LTI_SYSTEM_ROLE.TestUser,
])
