/**
 * The cookie that binds an OIDC login to the browser that started it. One cookie per login (the
 * state is in its name), so two launches in two tabs never overwrite each other. `__Host-` makes
 * the browser refuse it unless it is Secure, host-only and for path `/`; `SameSite=None` lets it
 * come back on the platform's cross-site form POST (lti-notes §3.3).
 */
const PREFIX = '__Host-ltihub-state-'
const STATE_IN_NAME = /^[A-Za-z0-9_-]{16,128}$/

/** The Set-Cookie value that binds `state` to this browser for `maxAgeSeconds`. */
export function stateCookie(state: string, binding: string, maxAgeSeconds: number): string {
  if (!STATE_IN_NAME.test(state)) throw new TypeError('state must be a base64url token')
  return `${PREFIX}${state}=${binding}; Max-Age=${maxAgeSeconds}; Path=/; Secure; HttpOnly; SameSite=None`
}

/** The Set-Cookie value that removes the cookie of `state` after its launch. */
export function clearStateCookie(state: string): string {
  if (!STATE_IN_NAME.test(state)) throw new TypeError('state must be a base64url token')
  return `${PREFIX}${state}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=None`
}

/** The binding stored in the browser for `state`, from the request's Cookie header. */
export function readStateCookie(request: Request, state: string): string | undefined {
  const header = request.headers.get('cookie')
  if (header === null || !STATE_IN_NAME.test(state)) return undefined
  const name = `${PREFIX}${state}`
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator < 0) continue
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return undefined
}
