/**
 * The launch binding cookie: a random value per browser that the launch pages (same-site, where
 * the console session is known) put into every launch intent they start, and that the
 * authorization endpoint reads back. It exists because a tool framed on another site sends the
 * browser to `/platform/authorize` by a cross-site-initiated navigation, which carries no
 * `SameSite=Lax` session cookie; this cookie is `SameSite=None` so it does arrive.
 *
 * It is no credential on its own: the authorization endpoint also needs the signed, single-use
 * `lti_message_hint` issued to the same browser. What it proves is "this is the browser that
 * opened the launch page", which is what refuses a launch started by someone else (login CSRF).
 *
 * Attributes: HttpOnly; Secure; SameSite=None; Path=/; 30 days, renewed by each launch page.
 * - `__Host-` prefixed when PUBLIC_URL is https, so a sibling subdomain cannot plant its own value
 *   (cookie tossing would defeat the binding); the prefix requires `Path=/`, which is also what
 *   lets every launch page (under /platform and /console) reuse the value, so launches opened in
 *   several tabs at once do not overwrite each other's binding.
 * - Secure also over plain http: browsers accept Secure cookies from `http://localhost` (a secure
 *   context in Chromium and Firefox), which is the only http a development instance serves. A
 *   browser that drops it falls back to the session cookie: new-window and same-site launches
 *   keep working, a framed launch of a tool on another site does not.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** How long a browser keeps its binding without launching anything. */
export const LAUNCH_BINDING_MAX_AGE_S = 30 * 24 * 60 * 60

const VALUE = /^[\w-]{43}$/

export interface LaunchBinding {
  readonly cookieName: string
  /** The browser's binding value, when it sent a well-formed one. */
  read(request: FastifyRequest): string | undefined
  /** The browser's binding value, created when missing, and the cookie renewed. */
  ensure(request: FastifyRequest, reply: FastifyReply): string
}

export function createLaunchBinding(options: { readonly https: boolean }): LaunchBinding {
  const cookieName = options.https ? '__Host-ltihub_launch' : 'ltihub_launch'
  const read = (request: FastifyRequest) => {
    const value = request.cookies[cookieName]
    return value !== undefined && VALUE.test(value) ? value : undefined
  }
  return {
    cookieName,
    read,
    ensure(request, reply) {
      const value = read(request) ?? randomBytes(32).toString('base64url')
      reply.setCookie(cookieName, value, {
        httpOnly: true,
        secure: true,
        sameSite: 'none',
        path: '/',
        maxAge: LAUNCH_BINDING_MAX_AGE_S,
      })
      return value
    },
  }
}
