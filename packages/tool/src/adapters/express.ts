/**
 * `@ltihub/tool/express`: the tool in an Express application, mounted under any prefix that holds
 * its public URL, before or after the application's body parsers.
 *
 * @example
 * const app = express()
 * app.use(express.urlencoded())
 * app.use('/lti', ltiExpress(tool)) // publicUrl 'https://tool.example.com/': /lti/login, /lti/launch...
 * app.get('/', ltiSession(tool), (req, res) => res.send(`Hello ${req.lti?.learner.givenName}`))
 */
import type { ServerResponse } from 'node:http'
import type { LtiSession } from '../app-session/session.js'
import { ToolError } from '../errors/tool-error.js'
import { errorPage } from '../internal/pages.js'
import { endpointsPath } from '../router.js'
import type { LtiTool } from '../tool.js'
import { headersOf, type NodeRequest, sendWebResponse, toWebRequest } from './node-http.js'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express types its request through this global namespace
  namespace Express {
    interface Request {
      /** The launch the request carries, set by `ltiSession`. */
      lti?: LtiSession
    }
  }
}

/** Express's `next`. */
export type NextFunction = (error?: unknown) => void

/** A middleware as Express calls it (Express's request and response extend node's). */
export type ExpressMiddleware<R extends NodeRequest = NodeRequest> = (
  req: R,
  res: ServerResponse,
  next: NextFunction,
) => void

/** Options of {@link ltiExpress}. */
export interface LtiExpressOptions {
  /** Largest declared request body; larger ones are answered with 413. Default 1 MiB. */
  readonly maxBodyBytes?: number
}

const fullPath = (req: NodeRequest, origin: string): string =>
  new URL(req.originalUrl ?? req.url ?? '/', origin).pathname

/**
 * The tool's endpoints as Express middleware. It reads the full path (`originalUrl`), so
 * `app.use('/lti', ltiExpress(tool))` and `app.use(ltiExpress(tool))` both work; a body an
 * earlier `express.urlencoded()` parsed is rebuilt from `req.body` (a body it cannot rebuild is a
 * `TypeError` passed to `next`). Paths outside the tool's endpoints go on to the application.
 */
export function ltiExpress(tool: LtiTool, options: LtiExpressOptions = {}): ExpressMiddleware {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const endpoints = endpointsPath(tool.urls)
  return (req, res, next) => {
    if (!fullPath(req, tool.urls.origin).startsWith(endpoints)) {
      next()
      return
    }
    if (Number(req.headers['content-length'] ?? '0') > maxBodyBytes) {
      res.writeHead(413).end()
      return
    }
    let request: Request
    try {
      request = toWebRequest(req, { origin: tool.urls.origin })
    } catch (error) {
      next(error)
      return
    }
    tool
      .handle(request)
      .then((response) => sendWebResponse(response, res))
      .catch(next)
  }
}

/**
 * Middleware for the application's own pages: sets `req.lti` to the launch the request carries
 * (see `redirectWithSession`), or answers 401 `ERR_LTI_SESSION_UNKNOWN` when there is none.
 */
export function ltiSession(tool: LtiTool): ExpressMiddleware<NodeRequest & { lti?: LtiSession }> {
  return (req, res, next) => {
    const url = new URL(req.originalUrl ?? req.url ?? '/', tool.urls.origin)
    const request = new Request(url, { method: req.method ?? 'GET', headers: headersOf(req) })
    tool
      .sessionOf(request)
      .then(async (session) => {
        if (session !== undefined) {
          req.lti = session
          next()
        } else {
          await sendWebResponse(errorPage(new ToolError('ERR_LTI_SESSION_UNKNOWN')), res)
        }
      })
      .catch(next)
  }
}
