/**
 * `@ltihub/tool/hono`: the tool in a Hono application, as middleware on the prefix that holds its
 * public URL. Hono keeps the full path and the web `Request`; a body the application's own
 * middleware read (`c.req.parseBody()`) is taken from Hono's body cache.
 *
 * @example
 * const app = new Hono()
 * app.use('/lti/*', ltiHono(tool)) // publicUrl 'https://tool.example.com/'
 * app.get('/', ltiSession(tool), (c) => c.text(`Hello ${c.var.lti.learner.givenName}`))
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { LtiSession } from '../app-session/session.js'
import { ToolError } from '../errors/tool-error.js'
import { errorPage } from '../internal/pages.js'
import { endpointsPath } from '../router.js'
import type { LtiTool } from '../tool.js'
import { bodyFromParsed, headersForRebuiltBody } from './parsed-body.js'

/** The variables `ltiSession` sets, for `Hono<LtiEnv>` or `MiddlewareHandler<LtiEnv>`. */
export interface LtiEnv {
  Variables: { lti: LtiSession }
}

/** The request with its body, rebuilt from Hono's cache when middleware read it already. */
async function webRequest(c: Context): Promise<Request> {
  const raw = c.req.raw
  if (!raw.bodyUsed) return raw
  const cache = c.req.bodyCache
  const parsed =
    cache.arrayBuffer !== undefined || cache.text !== undefined || cache.blob !== undefined
      ? new Uint8Array(await c.req.arrayBuffer())
      : cache.formData !== undefined
        ? Object.fromEntries(await formFields(cache.formData))
        : cache.json !== undefined
          ? ((await cache.json) as unknown)
          : undefined
  return new Request(raw.url, {
    method: raw.method,
    headers: headersForRebuiltBody(raw.headers),
    body: bodyFromParsed(parsed, raw.headers.get('content-type')),
  })
}

/** The text fields of a parsed form, repeated ones as arrays (files cannot be LTI parameters). */
async function formFields(pending: FormData | Promise<FormData>): Promise<Map<string, string[]>> {
  const fields = new Map<string, string[]>()
  for (const [name, value] of await pending) {
    if (typeof value === 'string') fields.set(name, [...(fields.get(name) ?? []), value])
  }
  return fields
}

/**
 * The tool's endpoints as Hono middleware: `app.use('/lti/*', ltiHono(tool))`. Paths outside the
 * tool's endpoints go on to the application.
 */
export function ltiHono(tool: LtiTool): MiddlewareHandler {
  const endpoints = endpointsPath(tool.urls)
  return async (c, next) => {
    if (!new URL(c.req.url).pathname.startsWith(endpoints)) {
      await next()
      return
    }
    return tool.handle(await webRequest(c))
  }
}

/**
 * Middleware for the application's own pages: sets `c.var.lti` to the launch the request carries
 * (see `redirectWithSession`), or answers 401 `ERR_LTI_SESSION_UNKNOWN` when there is none.
 */
export function ltiSession(tool: LtiTool): MiddlewareHandler<LtiEnv> {
  return async (c, next) => {
    const raw = c.req.raw
    const session = await tool.sessionOf(
      new Request(raw.url, { method: raw.method, headers: raw.headers }),
    )
    if (session === undefined) return errorPage(new ToolError('ERR_LTI_SESSION_UNKNOWN'))
    c.set('lti', session)
    await next()
    return undefined
  }
}
