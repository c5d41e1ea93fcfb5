import {
  ALL_LTI13_ROLES,
  CONTEXT_ROLE,
  CONTEXT_ROLE_NAMES,
  CONTEXT_SUB_ROLE_NAMES,
  type ContextRoleName,
  INSTITUTION_ROLE,
  INSTITUTION_ROLE_NAMES,
  LTI11_ROLE_PREFIX,
  ROLE_NAMESPACE,
  SYSTEM_ROLE,
  SYSTEM_ROLE_NAMES,
} from './vocabulary.js'

/**
 * Role values as they arrive: the LTI 1.3 `roles` claim (an array) or the LTI 1.1 `roles`
 * parameter (one comma-separated string).
 */
export type RoleInput = string | readonly string[]

/** In LTI 1.1 `TeachingAssistant` is a principal role; in LTI 1.3 it is a sub-role of Instructor. */
const TEACHING_ASSISTANT = 'TeachingAssistant'

function subRoleUri(principal: ContextRoleName, subRole: string): string {
  return `${ROLE_NAMESPACE.membershipSubRole}${principal}#${subRole}`
}

/** Every accepted spelling of a known role, lower-cased, to its canonical LTI 1.3 URI. */
function buildForwardTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>()
  const add = (form: string, uri: string): void => void table.set(form.toLowerCase(), uri)
  // A bare name is an LTI 1.1 context role: `urn:lti:role:ims/lis/` is implied (LTI 1.1 §A.2).
  const addContext = (name: string, uri: string): void => {
    add(name, uri)
    add(`${LTI11_ROLE_PREFIX.context}${name}`, uri)
  }
  for (const uri of ALL_LTI13_ROLES) add(uri, uri)
  for (const name of SYSTEM_ROLE_NAMES) {
    add(`${LTI11_ROLE_PREFIX.system}${name}`, SYSTEM_ROLE[name])
    add(`${ROLE_NAMESPACE.deprecatedPerson}${name}`, SYSTEM_ROLE[name])
  }
  // The deprecated `…/lis/v2/person#X` form served both levels; names that exist at the
  // institution level (Administrator, None, …) are read as institution roles.
  for (const name of INSTITUTION_ROLE_NAMES) {
    add(`${LTI11_ROLE_PREFIX.institution}${name}`, INSTITUTION_ROLE[name])
    add(`${ROLE_NAMESPACE.deprecatedPerson}${name}`, INSTITUTION_ROLE[name])
  }
  for (const principal of CONTEXT_ROLE_NAMES) {
    addContext(principal, CONTEXT_ROLE[principal])
    for (const subRole of CONTEXT_SUB_ROLE_NAMES[principal]) {
      addContext(`${principal}/${subRole}`, subRoleUri(principal, subRole))
    }
  }
  addContext(TEACHING_ASSISTANT, subRoleUri('Instructor', TEACHING_ASSISTANT))
  for (const subRole of CONTEXT_SUB_ROLE_NAMES.Instructor) {
    addContext(`${TEACHING_ASSISTANT}/${subRole}`, subRoleUri('Instructor', subRole))
  }
  return table
}

/** Canonical LTI 1.3 URI to its LTI 1.1 URN. */
function buildReverseTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>()
  for (const name of SYSTEM_ROLE_NAMES) {
    table.set(SYSTEM_ROLE[name], `${LTI11_ROLE_PREFIX.system}${name}`)
  }
  for (const name of INSTITUTION_ROLE_NAMES) {
    table.set(INSTITUTION_ROLE[name], `${LTI11_ROLE_PREFIX.institution}${name}`)
  }
  for (const principal of CONTEXT_ROLE_NAMES) {
    table.set(CONTEXT_ROLE[principal], `${LTI11_ROLE_PREFIX.context}${principal}`)
    for (const subRole of CONTEXT_SUB_ROLE_NAMES[principal]) {
      table.set(subRoleUri(principal, subRole), lti11SubRoleUrn(principal, subRole))
    }
  }
  return table
}

function lti11SubRoleUrn(principal: ContextRoleName, subRole: string): string {
  // 1.1 files the teaching-assistant family under its own principal `TeachingAssistant`.
  if (principal === 'Instructor' && subRole === TEACHING_ASSISTANT) {
    return `${LTI11_ROLE_PREFIX.context}${TEACHING_ASSISTANT}`
  }
  if (principal === 'Instructor' && subRole.startsWith(TEACHING_ASSISTANT)) {
    return `${LTI11_ROLE_PREFIX.context}${TEACHING_ASSISTANT}/${subRole}`
  }
  return `${LTI11_ROLE_PREFIX.context}${principal}/${subRole}`
}

const FORWARD = buildForwardTable()
const REVERSE = buildReverseTable()

/**
 * The LTI 1.3 role URI for one role value in any accepted form: a 1.3 URI, the deprecated
 * `…/lis/v2/person#X` URI, an LTI 1.1 URN (`urn:lti:role:ims/lis/…`, `urn:lti:sysrole:…`,
 * `urn:lti:instrole:…`) or a bare LTI 1.1 context role name (`Instructor`, `TeachingAssistant`,
 * `Learner/NonCreditLearner`). Matching ignores case and surrounding spaces, as LTI 1.1 consumers
 * differ in both. Returns `undefined` for a value outside the vocabulary.
 * @example toLti13Role('urn:lti:role:ims/lis/TeachingAssistant')
 * // 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */
export function toLti13Role(value: string): string | undefined {
  return FORWARD.get(value.trim().toLowerCase())
}

/** Splits an LTI 1.1 `roles` parameter (comma-separated) into trimmed, non-empty values. */
export function parseLti11Roles(parameter: string): string[] {
  return parameter
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '')
}

function roleValues(roles: RoleInput): readonly string[] {
  if (typeof roles === 'string') return parseLti11Roles(roles)
  if (!Array.isArray(roles)) throw new TypeError('roles must be a string or an array of strings')
  return roles
}

export interface NormalizeRolesOptions {
  /**
   * Also add the principal role of every sub-role present (e.g. `membership#Instructor` next to
   * `membership/Instructor#TeachingAssistant`), as CORE's best practice asks senders to do.
   */
  readonly addPrincipalRoles?: boolean
}

/**
 * Canonical LTI 1.3 role URIs for role values in any accepted form (see {@link toLti13Role}),
 * without duplicates, in input order. Unknown values are kept verbatim (trimmed): the spec says
 * an unknown role MUST NOT break a launch, and a tool may still understand a vendor's URI. Empty
 * values (the certification suite's `[""]`) are dropped.
 * @example normalizeRoles('Instructor,urn:lti:instrole:ims/lis/Faculty')
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */
export function normalizeRoles(roles: RoleInput, options: NormalizeRolesOptions = {}): string[] {
  const result = new Set<string>()
  for (const raw of roleValues(roles)) {
    if (typeof raw !== 'string') throw new TypeError('every role value must be a string')
    const value = raw.trim()
    if (value === '') continue
    const uri = toLti13Role(value) ?? value
    if (options.addPrincipalRoles === true) {
      const principal = principalOf(uri)
      if (principal !== undefined) result.add(principal)
    }
    result.add(uri)
  }
  return [...result]
}

/** The principal role URI of a context sub-role URI, or `undefined` for any other value. */
export function principalOf(uri: string): string | undefined {
  if (!uri.startsWith(ROLE_NAMESPACE.membershipSubRole)) return undefined
  const hash = uri.indexOf('#', ROLE_NAMESPACE.membershipSubRole.length)
  if (hash <= ROLE_NAMESPACE.membershipSubRole.length) return undefined
  return `${ROLE_NAMESPACE.membership}${uri.slice(ROLE_NAMESPACE.membershipSubRole.length, hash)}`
}

/**
 * LTI 1.1 role URNs for role values in any accepted form. A principal role is dropped when one of
 * its sub-roles is present (Instructor + Instructor#TeachingAssistant → `TeachingAssistant`), as
 * LTI 1.1 consumers send only the most specific role. Values without an LTI 1.1 form (unknown
 * URIs, the LTI `TestUser` system role) are kept verbatim.
 * @example toLti11Roles(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'])
 * // ['urn:lti:role:ims/lis/Learner']
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function toLti11Roles(roles: RoleInput): string[] {
  const normalized = normalizeRoles(roles)
  const covered = new Set(normalized.map(principalOf).filter((uri) => uri !== undefined))
  const result = new Set<string>()
  for (const uri of normalized) {
    if (covered.has(uri)) continue
    result.add(REVERSE.get(uri) ?? uri)
  }
  return [...result]
}
