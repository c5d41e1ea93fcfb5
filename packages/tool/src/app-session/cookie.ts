/**
 * The cookie that carries a launch to the learning application's own pages. It holds the launch
 * session's id (random, 24 bytes): the session itself stays in the session store, so the cookie
 * reveals nothing and expires with it. `__Host-` makes the browser keep it only when it is Secure,
 * host-only and for path `/` (browsers treat http://localhost as secure); `SameSite=None` and
 * `Partitioned` let it work inside the platform's iframe, where browsers that block third-party
 * cookies keep a partitioned one (CHIPS).
 */
export const SESSION_COOKIE = '__Host-ltihub-launch'

const SESSION_ID = /^[A-Za-z0-9_-]{16,128}$/

/** The Set-Cookie value that carries `sessionId` for `maxAgeSeconds`. */
export function sessionCookie(sessionId: string, maxAgeSeconds: number): string {
  if (!SESSION_ID.test(sessionId)) throw new TypeError('sessionId must be a base64url token')
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds))
  return `${SESSION_COOKIE}=${sessionId}; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=None; Partitioned`
}

/** The Set-Cookie value that ends the carried launch in this browser. */
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=None; Partitioned`
}

/** The session id the request's Cookie header carries, if well-formed. */
export function readSessionCookie(headers: Headers): string | undefined {
  const header = headers.get('cookie')
  if (header === null) return undefined
  for (const part of header.split(';')) {
    const separator = part.indexOf('=')
    if (separator < 0 || part.slice(0, separator).trim() !== SESSION_COOKIE) continue
    const value = part.slice(separator + 1).trim()
    return SESSION_ID.test(value) ? value : undefined
  }
  return undefined
}
