/**
 * Who may open which part of the console, by console role. The route guards
 * (`requireRole(...TOOL_ADMINISTRATORS)`) and the navigation entries (`roles: TOOL_ADMINISTRATORS`)
 * use the same lists, so the console never shows a link that refuses the person.
 */
import type { Principal } from './session.js'

/** Runs the instance: signing keys, background jobs, console accounts, identity providers. */
export const OPERATORS = ['administrator'] as const
/** Administers the district on the platform side: schools, people, applications, registrations. */
export const DISTRICT_ADMINISTRATORS = ['administrator'] as const
/** Teaches sections (administrators see every section). */
export const SCHOOL_STAFF = ['administrator', 'teacher'] as const
/** People who launch Learning Tools from the platform. */
export const LEARNING_TOOL_USERS = ['administrator', 'teacher', 'student', 'parent'] as const
/** Administers the tool side: consumer keys, LTI 1.3 platforms, publications, reports. */
export const TOOL_ADMINISTRATORS = ['administrator', 'tool-administrator'] as const
/** Authors the tool's courses and their content. */
export const AUTHORS = ['administrator', 'author'] as const

/** Whether the principal holds one of `roles`; `undefined` roles means anyone signed in. */
export function mayUse(principal: Principal | undefined, roles: readonly string[] | undefined) {
  if (principal === undefined) return false
  return roles === undefined || principal.roles.some((role) => roles.includes(role))
}
