/** The console paths of single sign-on. */
const BASE = '/console/instance/identity-providers'

export const SSO_PATHS = {
  list: BASE,
  add: `${BASE}/new`,
  view: (id: string) => `${BASE}/${encodeURIComponent(id)}`,
  edit: (id: string) => `${BASE}/${encodeURIComponent(id)}/edit`,
  enabled: (id: string) => `${BASE}/${encodeURIComponent(id)}/enabled`,
  remove: (id: string) => `${BASE}/${encodeURIComponent(id)}/delete`,
  start: (id: string) => `/console/sign-in/oidc/${encodeURIComponent(id)}`,
  callback: (id: string) => `/console/sign-in/oidc/${encodeURIComponent(id)}/callback`,
} as const

/** The redirect URI to register at the provider: PUBLIC_URL + the callback path. */
export function redirectUriOf(publicUrl: string, id: string): string {
  return `${publicUrl}${SSO_PATHS.callback(id)}`
}
