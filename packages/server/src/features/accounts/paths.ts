/** Console paths of the accounts feature. */
export const ACCOUNTS = {
  mine: '/console/account',
  minePassword: '/console/account/password',
  mineEndSession: (handle: string) => `/console/account/sessions/${encodeURIComponent(handle)}/end`,
  mineEndAll: '/console/account/sign-out-everywhere',
  list: '/console/accounts',
  create: '/console/accounts/new',
  person: (id: string) => `/console/accounts/${encodeURIComponent(id)}`,
  action: (id: string, action: PersonAction) =>
    `/console/accounts/${encodeURIComponent(id)}/${action}`,
  endSession: (id: string, handle: string) =>
    `/console/accounts/${encodeURIComponent(id)}/sessions/${encodeURIComponent(handle)}/end`,
} as const

/** Actions on a person that ask for confirmation first (GET shows it, POST does it). */
export const PERSON_ACTIONS = ['disable', 'enable', 'delete', 'end-sessions'] as const
export type PersonAction = (typeof PERSON_ACTIONS)[number] | 'password' | 'sso-only'
