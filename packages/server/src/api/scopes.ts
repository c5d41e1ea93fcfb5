/**
 * The scopes of API tokens, one pair per route group of `/api`: `<group>:read` for GET and HEAD,
 * `<group>:write` for every other method. A route's scope follows from its URL and method, so no
 * route can declare a looser one. `roles` are the console roles that can use some route of the
 * scope: a person may only put on a token the scopes their roles reach.
 */
export const API_SCOPES = {
  'platform:read': {
    allows:
      'Read districts, schools, people, courses, sections, enrolments, assignments, grades, applications and LTI connections.',
    roles: ['administrator', 'teacher'],
  },
  'platform:write': {
    allows:
      'Create, change and delete those: people, sections, enrolments, assignments and grades, applications, connections and tool registrations.',
    roles: ['administrator', 'teacher'],
  },
  'tool:read': {
    allows: 'Read the tool’s courses, their activities and quiz questions.',
    roles: ['administrator', 'author'],
  },
  'tool:write': {
    allows: 'Create, change, reorder and delete the tool’s courses and activities.',
    roles: ['administrator', 'author'],
  },
} as const satisfies Record<string, { readonly allows: string; readonly roles: readonly string[] }>

export type ApiScope = keyof typeof API_SCOPES

export const SCOPE_NAMES = Object.keys(API_SCOPES) as readonly ApiScope[]

const GROUPS = { '/api/platform/': 'platform', '/api/tool/': 'tool' } as const
const READ_METHODS = new Set(['GET', 'HEAD'])

export function isApiScope(value: string): value is ApiScope {
  return Object.hasOwn(API_SCOPES, value)
}

/** The scope a route needs, by its URL pattern and method; `undefined` outside every group. */
export function scopeOfRoute(method: string, url: string): ApiScope | undefined {
  const group = Object.entries(GROUPS).find(([prefix]) => url.startsWith(prefix))?.[1]
  if (group === undefined) return undefined
  return `${group}:${READ_METHODS.has(method.toUpperCase()) ? 'read' : 'write'}`
}

/** The scopes a person with `roles` may put on a token, in vocabulary order. */
export function grantableScopes(roles: readonly string[]): ApiScope[] {
  return SCOPE_NAMES.filter((scope) =>
    API_SCOPES[scope].roles.some((role: string) => roles.includes(role)),
  )
}

/** Every console role that may put some scope on a token. */
export const API_ROLES: readonly string[] = [
  ...new Set(SCOPE_NAMES.flatMap((scope) => API_SCOPES[scope].roles)),
]
