import type { FastifyInstance } from 'fastify'

/**
 * The default Content-Security-Policy: own scripts, styles and forms only, never framed. A route
 * that must differ (a tool page framed by an LMS, a launch form posting to a tool) sets its own
 * `content-security-policy` header; defaults never overwrite a header a route set.
 */
export const DEFAULT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

/** Adds the security headers to every response unless the route already set them. */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const defaults: [string, string][] = [
    ['content-security-policy', DEFAULT_CSP],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
  ]
  if (options.https) defaults.push(['strict-transport-security', 'max-age=31536000'])
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of defaults) if (!reply.hasHeader(name)) reply.header(name, value)
    return payload
  })
}
