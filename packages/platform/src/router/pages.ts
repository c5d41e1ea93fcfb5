/**
 * The few browser-facing answers of the router: a message page (deep linking return, refused
 * launch) and the launch binding cookie. Pages carry no script and forbid everything by CSP.
 */
import { escapeHtml } from '../internal/core.js'
import { randomToken } from '../internal/random.js'

/** A plain HTML page: a heading and paragraphs, never cached. */
export function messagePage(input: {
  readonly status: number
  readonly title: string
  readonly paragraphs: readonly string[]
}): Response {
  const body = input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title></head>
<body><h1>${escapeHtml(input.title)}</h1>${body}</body></html>
`
  return new Response(html, {
    status: input.status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    },
  })
}

/** A refusal as a page: its public description and stable code. */
export function errorPage(error: {
  readonly status: number
  readonly code: string
  readonly description: string
  readonly expose: boolean
}): Response {
  return messagePage({
    status: error.status,
    title: 'The tool could not be opened',
    paragraphs: [error.expose ? error.description : 'Internal error', error.code],
  })
}

/**
 * The launch binding cookie: a random value per browser, put (as a digest) into each launch
 * intent and read back by the authorization endpoint. A tool framed on another site sends the
 * browser back by a cross-site navigation, which carries no `SameSite=Lax` session cookie of the
 * LMS; this one is `SameSite=None`, so the launching browser is still recognised (login CSRF is
 * refused: a launch started in one browser cannot be completed in another).
 */
export interface LaunchBindingCookie {
  read(request: Request): string | undefined
  /** The browser's value (new when missing) and the `Set-Cookie` header renewing it. */
  ensure(request: Request): { readonly value: string; readonly setCookie: string }
}

const VALUE = /^[\w-]{43}$/
const MAX_AGE_S = 30 * 24 * 60 * 60

/** `__Host-` prefixed over https, so a sibling subdomain cannot plant its own value. */
export function launchBindingCookie(https: boolean): LaunchBindingCookie {
  const name = https ? '__Host-ltihub_launch' : 'ltihub_launch'
  const read = (request: Request) => {
    for (const part of (request.headers.get('cookie') ?? '').split(';')) {
      const [key, value] = part.trim().split('=', 2)
      if (key === name && value !== undefined && VALUE.test(value)) return value
    }
    return undefined
  }
  return {
    read,
    ensure(request) {
      const value = read(request) ?? randomToken(32)
      // Secure also over http: browsers keep Secure cookies of http://localhost (development).
      const setCookie = `${name}=${value}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; Secure; SameSite=None`
      return { value, setCookie }
    },
  }
}
